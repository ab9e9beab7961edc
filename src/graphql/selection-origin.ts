import { type GraphQLResolveInfo, print } from 'graphql';

/**
 * What a field's query is built from, as text: its place in the schema and the selection beneath it (not its own
 * arguments). Two fields of one operation with the same text are planned from the same inputs (same document,
 * variables and caller), so `db/unique-loader.ts` may answer them with one statement.
 * @example
 * readOne(ctx, collection, args.where, query, selectionOrigin(info)) // `a: post(…) { title }` and `b: post(…) { title }` agree
 */
export function selectionOrigin(info: GraphQLResolveInfo): string {
  const selections = info.fieldNodes.map((node) => (node.selectionSet ? print(node.selectionSet) : ''));
  return `${info.parentType.name}.${info.fieldName} ${selections.join(' ')}`;
}
