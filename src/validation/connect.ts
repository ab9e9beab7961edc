import { and, inArray } from 'drizzle-orm';
import type { Context } from '../context';
import { chunk, valueKey } from '../db/chunk';
import { filterSql } from '../db/filter-sql';
import type { FieldError } from '../errors';
import type { ConnectRequest } from './input';

/**
 * Looks up every related item named in `connect`, `set` and `disconnect` inputs, with one SELECT per target field
 * and chunk of values, and hands each request its id. A related item that does not exist is a field error on the
 * request's path (for `disconnect` it is simply skipped). Only items the caller may read can be linked: any other
 * is not found, and naming one by a private field the caller can't read is refused (it would tell the value).
 */
export async function resolveConnects(ctx: Context, requests: ConnectRequest[], errors: FieldError[]): Promise<void> {
  const groups = new Map<string, ConnectRequest[]>();
  for (const request of requests) {
    const group = `${request.target.names.type}.${request.key}`;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(request);
  }
  const ids = new Map<ConnectRequest, string>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const { target, key } = group[0]!;
      const field = target.field.get(key);
      if (field) ctx.access.checkField(target, field);
      const visible = filterSql(ctx.db, target.names.list, ctx.access.readable(target));
      const table = ctx.cms.tables[target.names.list] as any;
      const values = [...new Map(group.map((r) => [valueKey(r.value), r.value])).values()];
      const found = new Map<string, string>();
      for (const part of chunk(values)) {
        const rows = await ctx.db.select({ id: table.id, key: table[key] }).from(table).where(and(inArray(table[key], part), visible));
        for (const row of rows as Array<{ id: string; key: unknown }>) found.set(valueKey(row.key), row.id);
      }
      for (const request of group) {
        const id = found.get(valueKey(request.value));
        if (id !== undefined) ids.set(request, id);
      }
    }),
  );
  // Applied in input order, so `set` and `connect` lists keep their order and errors come in input order.
  for (const request of requests) {
    const id = ids.get(request);
    if (id !== undefined) request.resolve(id);
    else if (!request.optional) {
      const { target, key, value, path } = request;
      errors.push({ path, code: 'NOT_FOUND', message: `no ${target.names.type} has ${key} "${String(value)}"` });
    }
  }
}
