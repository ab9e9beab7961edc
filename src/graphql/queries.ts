import { relationsFilterToSQL } from 'drizzle-orm';
import type { Model } from '../config/model';
import type { Context } from '../context';
import { runHooks } from '../hooks/run';
import { uniqueFilter } from '../query/where';
import type { Builder } from './builder';
import type { Inputs } from './inputs';
import { connectionArgs, connectionQuery, type ObjectRefs } from './objects';

/** Counts the rows a filter matches, with the same SQL predicate the page query uses. */
export async function countRows(ctx: Context, model: Model, table: string, where: Record<string, unknown> | undefined) {
  const config = (ctx.db as any)._.relations[table];
  const predicate = where ? relationsFilterToSQL(config.table, where as never, config.relations, (ctx.db as any)._.relations) : undefined;
  return ctx.db.$count(model.tables[table]!, predicate as never);
}

export function createQueries(builder: Builder, model: Model, inputs: Inputs, refs: ObjectRefs) {
  builder.queryType({});
  for (const collection of model.collections) {
    const n = collection.names;
    builder.queryField(n.one, (t: any) =>
      t.drizzleField({
        type: n.list,
        nullable: true,
        args: { where: t.arg({ type: inputs.ref(n.whereUnique), required: true }) },
        resolve: async (query: any, _root: unknown, args: any, ctx: Context) => {
          const where = await runHooks(ctx, collection, 'beforeRead', { where: uniqueFilter(collection, args.where) }, 'where');
          const item = await (ctx.db.query as any)[n.list].findFirst(query({ where }));
          if (item) await runHooks(ctx, collection, 'afterRead', { items: [item] });
          return item ?? null;
        },
      }),
    );
    builder.queryField(n.list, (t: any) =>
      t.drizzleConnection(
        {
          type: n.list,
          args: connectionArgs(t, inputs, collection),
          totalCount: async (_parent: unknown, args: any, ctx: Context) => {
            const { where } = connectionQuery(model, collection, args);
            return countRows(ctx, model, n.list, await runHooks(ctx, collection, 'beforeRead', { where: where ?? {} }, 'where'));
          },
          resolve: async (query: any, _parent: unknown, args: any, ctx: Context) => {
            const { offset, ...base } = connectionQuery(model, collection, args);
            const where = await runHooks(ctx, collection, 'beforeRead', { where: base.where ?? {} }, 'where');
            // The connection's query() keeps only where, orderBy, columns and extras: the offset is added here.
            const items = await (ctx.db.query as any)[n.list].findMany({ ...query({ ...base, where }), ...(offset ? { offset } : {}) });
            await runHooks(ctx, collection, 'afterRead', { items });
            return items;
          },
        },
        refs.connection.get(n.type),
      ),
    );
  }
}
