import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Context } from '../types/context';
import { chunk } from './chunk';
import { afterResolvers, requestLoader } from './loaders';

export interface RowsLoaderOptions {
  /** The columns to read (all by default); `column` must be among them. */
  columns?: Record<string, SQLiteColumn>;
  /**
   * Keep answers for the rest of the request. Only for tables whose writers in this codebase prime or clear the
   * loader when they change a row: otherwise a later lookup would see the row as it was.
   */
  remember?: boolean;
}

/**
 * The request's loader of the rows of `table` whose `column` holds a key (every such row, so also for columns that
 * are not unique). Lookups that wait at the same time are one SELECT per 90 keys (`column IN (…)`).
 * @example
 * const rows = await rowsLoader(ctx, 'permissions.role', permissions, 'role').load('reviewer');
 */
export function rowsLoader<Row extends object>(
  ctx: Context,
  name: string,
  table: SQLiteTable,
  column: string,
  options: RowsLoaderOptions = {},
): DataLoader<string, Row[]> {
  return requestLoader(ctx, name, () => {
    const keyColumn = (table as unknown as Record<string, SQLiteColumn>)[column]!;
    const select = (part: string[]) => {
      const query = options.columns ? ctx.db.select(options.columns) : ctx.db.select();
      return query.from(table).where(inArray(keyColumn, part)) as unknown as Promise<Row[]>;
    };
    return new DataLoader<string, Row[]>(
      async (keys) => {
        const byKey = new Map<string, Row[]>();
        for (const rows of await Promise.all(chunk(keys).map(select)))
          for (const row of rows) {
            const key = String((row as Record<string, unknown>)[column]);
            byKey.set(key, [...(byKey.get(key) ?? []), row]);
          }
        return keys.map((key) => byKey.get(key) ?? []);
      },
      { cache: options.remember ?? false, batchScheduleFn: afterResolvers },
    );
  });
}
