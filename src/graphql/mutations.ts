import type { Collection } from '../types/collection';
import type { Model } from '../types/cms';
import type { Context } from '../types/context';
import { loadUnique } from '../db/unique-loader';
import { createOne } from '../operations/create';
import { createMany } from '../operations/create-many';
import { deleteOne } from '../operations/delete';
import { deleteMany } from '../operations/delete-many';
import { publishOne, unpublishOne } from '../operations/publish';
import { updateOne } from '../operations/update';
import { updateMany } from '../operations/update-many';
import type { Builder } from '../types/builder';
import type { Inputs } from './inputs';

type Query = (args: Record<string, unknown>) => Record<string, unknown>;

/** Reads an item after a write with the GraphQL selection planned in (nested relations included): one read. */
const reload = (ctx: Context, collection: Collection, query: Query, id: string) =>
  loadUnique(ctx, collection, 'id', id, query({}));

/**
 * Reads items after a bulk write, in the order they were written: one read per as many ids as the selection's own
 * parameters leave room for.
 */
async function reloadMany(ctx: Context, collection: Collection, query: Query, ids: string[]) {
  const selection = query({});
  const items = await Promise.all(ids.map((id) => loadUnique(ctx, collection, 'id', id, selection)));
  return items.filter(Boolean);
}

/** The write side of the contract for every collection; resolvers are one-line calls into `operations/`. */
export function createMutations(builder: Builder, model: Model, inputs: Inputs) {
  builder.mutationType({});
  const batchPayload = builder.objectRef<{ count: number }>('BatchPayload').implement({
    description: 'The result of a bulk update or delete.',
    fields: (t) => ({ count: t.exposeInt('count', { description: 'How many items were changed.' }) }),
  });

  for (const collection of model.collections) {
    const n = collection.names;
    const where = (t: any) => t.arg({ type: inputs.ref(n.whereUnique), required: true });
    const data = (t: any, mode: 'create' | 'update') =>
      t.arg({ type: inputs.ref(mode === 'create' ? n.createInput : n.updateInput), required: true });
    const filter = (t: any) => t.arg({ type: inputs.ref(n.where), required: true });

    builder.mutationField(n.create, (t: any) =>
      t.drizzleField({
        type: n.list,
        description: `Creates a ${n.type} (a DRAFT).`,
        args: { data: data(t, 'create') },
        resolve: async (query: Query, _root: unknown, args: any, ctx: Context) =>
          reload(ctx, collection, query, (await createOne(ctx, collection, args)).id),
      }),
    );
    builder.mutationField(n.update, (t: any) =>
      t.drizzleField({
        type: n.list,
        description: `Changes the fields given of one ${n.type}.`,
        args: { where: where(t), data: data(t, 'update') },
        resolve: async (query: Query, _root: unknown, args: any, ctx: Context) =>
          reload(ctx, collection, query, (await updateOne(ctx, collection, args)).id),
      }),
    );
    builder.mutationField(n.delete, (t: any) =>
      t.drizzleField({
        type: n.list,
        nullable: true,
        description: `Deletes one ${n.type} and returns it as it was.`,
        args: { where: where(t) },
        resolve: (query: Query, _root: unknown, args: any, ctx: Context) =>
          deleteOne(ctx, collection, args, (id) => reload(ctx, collection, query, id)),
      }),
    );
    builder.mutationField(n.createMany, (t: any) =>
      t.drizzleField({
        type: [n.list],
        description: `Creates several ${n.list} (at most 100), all or nothing.`,
        args: { data: t.arg({ type: [inputs.ref(n.createInput)], required: { list: true, items: true } }) },
        resolve: async (query: Query, _root: unknown, args: any, ctx: Context) =>
          reloadMany(
            ctx,
            collection,
            query,
            (await createMany(ctx, collection, args)).map((item) => item.id),
          ),
      }),
    );
    builder.mutationField(n.updateMany, (t: any) =>
      t.field({
        type: batchPayload,
        description: `Changes every ${n.type} the filter matches (at most 1000), all or nothing.`,
        args: { where: filter(t), data: data(t, 'update') },
        resolve: (_root: unknown, args: any, ctx: Context) => updateMany(ctx, collection, args),
      }),
    );
    builder.mutationField(n.deleteMany, (t: any) =>
      t.field({
        type: batchPayload,
        description: `Deletes every ${n.type} the filter matches (at most 1000), all or nothing.`,
        args: { where: filter(t) },
        resolve: (_root: unknown, args: any, ctx: Context) => deleteMany(ctx, collection, args),
      }),
    );
    builder.mutationField(n.publish, (t: any) =>
      t.drizzleField({
        type: n.list,
        description:
          'Sets status PUBLISHED and publishedAt to `at` (default: now). A future `at` schedules the item: it is public ' +
          'once publishedAt has passed.',
        args: { where: where(t), at: t.arg({ type: 'DateTime' }) },
        resolve: async (query: Query, _root: unknown, args: any, ctx: Context) =>
          reload(ctx, collection, query, (await publishOne(ctx, collection, args)).id),
      }),
    );
    builder.mutationField(n.unpublish, (t: any) =>
      t.drizzleField({
        type: n.list,
        description: 'Sets status DRAFT and clears publishedAt.',
        args: { where: where(t) },
        resolve: async (query: Query, _root: unknown, args: any, ctx: Context) =>
          reload(ctx, collection, query, (await unpublishOne(ctx, collection, args)).id),
      }),
    );
  }
}
