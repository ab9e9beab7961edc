import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestampColumn } from '../../../fields/shared';
import type { PluginMigration } from '../../../types/plugin';

// The plugin's own tables, made by its migrations below (not by `db:generate`: they are not collections). The
// definitions here only type the queries; a column added here needs a new migration.

/** Where each item stands. An item without a row is DRAFT (or PUBLISHED, which its `status` says). */
export const workflowStates = sqliteTable(
  'cms_workflow_states',
  {
    collection: text('collection').notNull(),
    itemId: text('item_id').notNull(),
    state: text('state').notNull(),
    updatedAt: timestampColumn('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.collection, t.itemId] })],
);

/** Transitions and comments, in the order they happened (`id`). A comment has no states. */
export const workflowHistory = sqliteTable(
  'cms_workflow_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    collection: text('collection').notNull(),
    itemId: text('item_id').notNull(),
    kind: text('kind', { enum: ['TRANSITION', 'COMMENT'] }).notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    userId: text('user_id'),
    comment: text('comment'),
    at: timestampColumn('at').notNull(),
  },
  (t) => [index('cms_workflow_history_item_idx').on(t.collection, t.itemId, t.id)],
);

export type WorkflowEventRow = typeof workflowHistory.$inferSelect;

export const workflowMigrations: PluginMigration[] = [
  {
    name: '0001_workflow_tables',
    up: [
      `create table cms_workflow_states (collection text not null, item_id text not null, state text not null,
        updated_at integer not null, updated_by text, primary key (collection, item_id))`,
      `create table cms_workflow_history (id integer primary key autoincrement, collection text not null,
        item_id text not null, kind text not null, from_state text, to_state text, user_id text, comment text, at integer not null)`,
      'create index cms_workflow_history_item_idx on cms_workflow_history (collection, item_id, id)',
    ],
    down: ['drop table if exists cms_workflow_history', 'drop table if exists cms_workflow_states'],
  },
];
