import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  type SQLiteColumnBuilder,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { foreignKey } from '../config/collection';
import type { Collection } from '../types/collection';
import { timestampColumn } from '../fields/shared';
import type { Tables } from '../types/db';
import type { RelationOptions } from '../types/fields';

/** The columns every collection table has, keyed like the GraphQL system fields. */
function systemColumns() {
  return {
    id: text('id').primaryKey(),
    createdAt: timestampColumn('created_at').notNull(),
    updatedAt: timestampColumn('updated_at').notNull(),
    status: text('status', { enum: ['DRAFT', 'PUBLISHED', 'ARCHIVED'] })
      .notNull()
      .default('DRAFT'),
    publishedAt: timestampColumn('published_at'),
    version: integer('version').notNull().default(1),
    // The user who created the item: what item-level rules ("own items") filter on.
    createdBy: text('created_by'),
  };
}

/** The join table key (in `Tables`) of a to-many relation. */
export const joinKey = (collection: Collection, field: string) => `${collection.names.list}__${field}`;

/**
 * One real table per collection with typed columns and indexes, and one join table per to-many relation.
 * Table keys are the collections' plural names; join tables are keyed `posts__tags`.
 */
export function buildTables(collections: Collection[]): Tables {
  const tables: Tables = {};
  const byName = new Map(collections.map((c) => [c.names.type, c]));
  for (const collection of collections) {
    const columns: Record<string, SQLiteColumnBuilder<any, any>> = systemColumns();
    for (const field of collection.fields) {
      const column = field.kind.column?.(field);
      if (!column || (field.def.type === 'relation' && field.def.many)) continue;
      if (field.def.type === 'relation') {
        const target = byName.get((field.def as RelationOptions).to)!;
        // Deleting the target clears the link, unless the link is required: then the delete is refused.
        const onDelete = field.def.required ? 'restrict' : 'set null';
        columns[foreignKey(field)] = (column as ReturnType<typeof text>).references(
          () => tables[target.names.list]!.id as AnySQLiteColumn,
          { onDelete },
        );
      } else {
        columns[field.name] = column;
      }
    }
    const table = collection.names.table;
    tables[collection.names.list] = sqliteTable(table, columns, (t: Record<string, AnySQLiteColumn>) => [
      index(`${table}_created_at_idx`).on(t.createdAt!),
      // A public list is `status = PUBLISHED` in the default order (newest first): with this index SQLite reads the
      // first page in order and stops, instead of sorting every published row (and computing its nested fields).
      index(`${table}_status_created_at_idx`).on(t.status!, t.createdAt!, t.id!),
      index(`${table}_created_by_idx`).on(t.createdBy!),
      ...collection.fields.flatMap((field) => {
        const column = t[field.def.type === 'relation' ? foreignKey(field) : field.name];
        if (!column) return [];
        const def = field.def as { unique?: boolean; index?: boolean };
        if (def.unique) return [uniqueIndex(`${table}_${field.column}_unique`).on(column)];
        // A relation's key leads an index in the default order, as the status index: an author's latest published
        // posts (the reverse relation) are read in order and the read stops at the page, however many posts others
        // have. Lookups by the key alone use its first column.
        if (field.def.type === 'relation')
          return [index(`${table}_${field.column}_status_idx`).on(column, t.status!, t.createdAt!, t.id!)];
        if (def.index) return [index(`${table}_${field.column}_idx`).on(column)];
        return [];
      }),
    ]);
  }
  for (const collection of collections) {
    for (const [fieldName, joinTable] of collection.joinTables) {
      const target = byName.get((collection.field.get(fieldName)!.def as RelationOptions).to)!;
      const source = tables[collection.names.list]!;
      const related = tables[target.names.list]!;
      tables[joinKey(collection, fieldName)] = sqliteTable(
        joinTable,
        {
          sourceId: text('source_id')
            .notNull()
            .references(() => source.id as AnySQLiteColumn, { onDelete: 'cascade' }),
          targetId: text('target_id')
            .notNull()
            .references(() => related.id as AnySQLiteColumn, { onDelete: 'cascade' }),
          // Keeps the order in which items were connected.
          position: integer('position').notNull().default(sql`0`),
        },
        (t: Record<string, AnySQLiteColumn>) => [
          primaryKey({ columns: [t.sourceId!, t.targetId!] }),
          index(`${joinTable}_target_idx`).on(t.targetId!),
        ],
      );
    }
  }
  return tables;
}
