import {
  type DocumentNode,
  type FieldNode,
  getNamedType,
  getOperationAST,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

// Aliases the cache adds to a document to learn which entities a response holds; removed before the response leaves.
export const TYPE_ALIAS = '__cacheType';
export const ID_ALIAS = '__cacheId';

const field = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
});

const tracked = new WeakMap<DocumentNode, DocumentNode>();

/**
 * The document with `__cacheType: __typename` in every selection set of an object type, and `__cacheId: id` where the
 * type has an `id` (an item), so the response names every entity and list it holds. Memoised per document.
 * @example
 * trackEntities(schema, parse('{ posts { nodes { title } } }'));
 * // { posts { __cacheType: __typename nodes { __cacheType: __typename __cacheId: id title } } }
 */
export function trackEntities(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const known = tracked.get(document);
  if (known) return known;
  const typeInfo = new TypeInfo(schema);
  const result = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        leave(node: SelectionSetNode) {
          const parent = typeInfo.getParentType();
          const type = parent && getNamedType(parent);
          if (!isObjectType(type) || type === schema.getQueryType() || type === schema.getMutationType()) return undefined;
          const extra = [field(TYPE_ALIAS, '__typename')];
          if (type.getFields().id) extra.push(field(ID_ALIAS, 'id'));
          return { ...node, selections: [...node.selections, ...extra] };
        },
      },
    }),
  );
  tracked.set(document, result);
  return result;
}

/**
 * Walks a response made from a tracked document: collects its tags (`Post:42` for an item, `Post` for its type,
 * `PostConnection` for a list) and removes the added aliases, in place.
 */
export function collectTags(data: unknown, tags: Set<string> = new Set()): Set<string> {
  if (Array.isArray(data)) {
    for (const item of data) collectTags(item, tags);
  } else if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const type = record[TYPE_ALIAS];
    if (typeof type === 'string') {
      tags.add(type);
      if (record[ID_ALIAS] !== undefined) tags.add(`${type}:${String(record[ID_ALIAS])}`);
      // The aliases are the object's last two properties (added at the end of each selection): deleted last-first,
      // V8 undoes their additions instead of turning the object into a slow dictionary for the stringify after this.
      delete record[ID_ALIAS];
      delete record[TYPE_ALIAS];
    }
    for (const value of Object.values(record)) collectTags(value, tags);
  }
  return tags;
}

/**
 * Tags for root lookups that found nothing (`post(where: …)` → null): the response depends on the item not existing,
 * so it carries the type's list tag (`PostConnection`), which every write of that type invalidates.
 */
export function absenceTags(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, data: Record<string, unknown>): string[] {
  const operation = getOperationAST(document, operationName);
  const fields = schema.getQueryType()?.getFields();
  if (!operation || operation.operation !== 'query' || !fields) return [];
  const tags: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    const type = fields[selection.name.value] && getNamedType(fields[selection.name.value]!.type);
    if (data[key] === null && isObjectType(type)) tags.push(`${type.name}Connection`);
  }
  return tags;
}
