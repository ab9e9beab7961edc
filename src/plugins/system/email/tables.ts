import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestampColumn } from '../../../fields/shared';
import type { PluginMigration } from '../../../types/plugin';

/** Where a delivery stands. `RETRYING`: an attempt failed and another comes; `DEAD`: no attempt is left. */
export const DELIVERY_STATUSES = ['QUEUED', 'SENDING', 'RETRYING', 'SENT', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

// Made by the plugin's migration below (not a collection); the definition only types the queries.
/**
 * The delivery log: one row per email, its id the queue message's, so a redelivered message finds its row. No
 * secret is kept: `payload` (the template's data, for an admin's retry) is null for emails that carry a token.
 */
export const emailDeliveries = sqliteTable(
  'cms_email_deliveries',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    recipient: text('recipient').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull(),
    provider: text('provider'),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    payload: text('payload'),
    createdAt: timestampColumn('created_at').notNull(),
    updatedAt: timestampColumn('updated_at').notNull(),
  },
  (t) => [index('cms_email_deliveries_created_idx').on(t.createdAt, t.id)],
);

export type DeliveryRow = typeof emailDeliveries.$inferSelect;

/**
 * Admins' overrides of the default emails' templates, one row per email name. `version` counts every save and reset
 * (optimistic concurrency: a save names the version it read); a reset keeps the row with null parts, so a version is
 * never reused and an editor holding an old one gets CONFLICT.
 */
export const emailTemplates = sqliteTable('cms_email_templates', {
  name: text('name').primaryKey(),
  subject: text('subject'),
  html: text('html'),
  text: text('text'),
  version: integer('version').notNull(),
  updatedAt: timestampColumn('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

export const emailMigrations: PluginMigration[] = [
  {
    name: '0001_email_deliveries',
    up: [
      `create table cms_email_deliveries (id text primary key not null, email text not null, recipient text not null,
        status text not null, attempts integer not null, provider text, provider_id text, last_error text, payload text,
        created_at integer not null, updated_at integer not null)`,
      'create index cms_email_deliveries_created_idx on cms_email_deliveries (created_at, id)',
    ],
    down: ['drop table if exists cms_email_deliveries'],
  },
  {
    name: '0002_email_templates',
    up: [
      `create table cms_email_templates (name text primary key not null, subject text, html text, text text,
        version integer not null, updated_at integer not null, updated_by text)`,
    ],
    down: ['drop table if exists cms_email_templates'],
  },
];
