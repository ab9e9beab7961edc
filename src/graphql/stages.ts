import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { Model } from '../types/cms';
import type { Context } from '../types/context';
import { type ContentStage, STAGES } from '../permissions/rules';
import type { Builder } from '../types/builder';

/** The `ContentStage` enum, and the `stage` argument of the collections' root queries. */
export function createStages(builder: Builder) {
  const ref = builder.enumType('ContentStage', {
    description:
      'Which content a read sees. PUBLISHED: published items only (status PUBLISHED, publishedAt passed). ' +
      'DRAFT: every item the caller may read, whatever its status (a preview); for signed-in users and for ' +
      'API tokens made with `drafts: true` only.',
    values: STAGES,
  });
  return (t: any) =>
    t.arg({
      type: ref,
      description:
        'The stage this field and every relation beneath it read at. ' +
        'Default: PUBLISHED for anonymous callers and API tokens, DRAFT for signed-in users.',
    });
}

/**
 * Makes each collection's root query (`post`, `posts`) note its stage, by its response key, before the selection
 * beneath it is planned: the relations planned with it then read at the same stage (`Access.stageOf`). Planning
 * happens before a Pothos resolver runs, so this wraps the built resolvers, once per schema, like `tagEntities`.
 * Asking for DRAFT without the right fails here, before any statement runs.
 * @example
 * stageRootFields(schema, model); // `a: posts(stage: DRAFT) { nodes { author { name } } }` reads drafted authors too
 */
export function stageRootFields(schema: GraphQLSchema, model: Model): void {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const collection of model.collections) {
    for (const name of [collection.names.one, collection.names.list]) {
      const field = fields[name];
      if (!field) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: { stage?: ContentStage | null }, ctx: Context, info) => {
        ctx.access.enterStage(String(info.path.key), args.stage);
        return resolve(source, args, ctx, info);
      };
    }
  }
}
