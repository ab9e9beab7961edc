import type { GraphQLResolveInfo } from 'graphql';
import type { Model } from '../types/cms';
import type { Context } from '../types/context';
import { countPage, readOne, readPage } from '../operations/read';
import type { Builder } from '../types/builder';
import type { Inputs } from './inputs';
import { connectionArgs, type ObjectRefs } from './objects';
import { selectionOrigin } from './selection-origin';

/** The read side of the contract for every collection; resolvers are one-line calls into `operations/read.ts`. */
export function createQueries(
  builder: Builder,
  model: Model,
  inputs: Inputs,
  refs: ObjectRefs,
  stageArg: (t: any) => unknown,
) {
  builder.queryType({});
  for (const collection of model.collections) {
    const n = collection.names;
    builder.queryField(n.one, (t: any) =>
      t.drizzleField({
        type: n.list,
        nullable: true,
        args: { where: t.arg({ type: inputs.ref(n.whereUnique), required: true }), stage: stageArg(t) },
        resolve: (query: any, _root: unknown, args: any, ctx: Context, info: GraphQLResolveInfo) =>
          readOne(ctx, collection, args.where, query, selectionOrigin(info), args.stage),
      }),
    );
    builder.queryField(n.list, (t: any) =>
      t.drizzleConnection(
        {
          type: n.list,
          args: { ...connectionArgs(t, inputs, collection), stage: stageArg(t) },
          totalCount: (_parent: unknown, args: any, ctx: Context) => countPage(ctx, collection, args),
          resolve: (query: any, _parent: unknown, args: any, ctx: Context) => readPage(ctx, collection, args, query),
        },
        refs.connection.get(n.type),
      ),
    );
  }
}
