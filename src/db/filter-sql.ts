import { relationsFilterToSQL, type SQL } from 'drizzle-orm';
import type { Filter } from '../types/query';
import type { Database } from '../types/db';

/**
 * A relational filter (RQB v2) as a SQL predicate on a table, e.g. for `$count` or a plain select: the same
 * predicate a relational query puts in its WHERE.
 */
export function filterSql(db: Database, table: string, filter: Filter | undefined): SQL | undefined {
  if (!filter) return undefined;
  const { relations } = (db as any)._;
  const config = relations[table];
  return relationsFilterToSQL(config.table, filter as never, config.relations, relations);
}
