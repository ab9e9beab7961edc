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
];
