import { type ASTNode, Kind, parse, print, visit } from 'graphql';
import { sha256Hex } from '../auth/hash';

/** What the cache needs to know of a document, found once per document text. */
interface Described {
  /** The canonical text, or null when the document does not parse. */
  text: string | null;
  /** Only queries, no introspection, none of the cache's own aliases: a response the cache may keep. */
  cacheable: boolean;
  /** The fields at the root of its operations; `null` if a root selection is a fragment (not looked into). */
  rootFields: string[] | null;
  /** Its operations' names (null for an anonymous one) and types, for the request log of a response from the cache. */
  operations: Array<{ name: string | null; type: string }>;
}

/** Documents described so far (by their text), bounded: clients send the same few documents again and again. */
const described = new Map<string, Described>();
const MAX_DOCUMENTS = 1000;
/** Keys hashed so far, bounded alike: a repeated request, which is what a hit is, is spared the digest. */
const hashed = new Map<string, string>();

const byPrinted = (a: ASTNode, b: ASTNode) => {
  const x = print(a);
  const y = print(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The canonical text of a document: selections, arguments and input object fields sorted, formatting dropped, so
 * documents that differ only in whitespace, comments or the order of their fields share a cache entry. `null` when it
 * does not parse (such a request is never cached; Yoga reports the syntax error).
 * @example
 * normaliseDocument('{ b a }') === normaliseDocument('query {\n  a\n  b\n}'); // true
 */
export function normaliseDocument(source: string): string | null {
  return describeDocument(source).text;
}

/** The canonical text of a document and whether its responses may be cached; memoised per text. */
export function describeDocument(source: string): Described {
  const known = described.get(source);
  if (known) return known;
  let result: Described;
  try {
    const document = parse(source, { noLocation: true });
    let cacheable = document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query');
    let rootFields: string[] | null = [];
    const operations: Described['operations'] = [];
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      operations.push({ name: definition.name?.value ?? null, type: definition.operation });
      for (const selection of definition.selectionSet.selections) {
        if (selection.kind === Kind.FIELD) rootFields?.push(selection.name.value);
        else rootFields = null;
      }
    }
    visit(document, {
      Field: (node) => {
        if (node.name.value === '__schema' || node.name.value === '__type' || node.alias?.value.startsWith('__cache')) cacheable = false;
      },
    });
    const sorted = visit(document, {
      SelectionSet: (node) => ({ ...node, selections: [...node.selections].sort(byPrinted) }),
      Field: (node) => ({ ...node, arguments: [...(node.arguments ?? [])].sort(byPrinted) }),
      ObjectValue: (node) => ({ ...node, fields: [...node.fields].sort(byPrinted) }),
      Directive: (node) => ({ ...node, arguments: [...(node.arguments ?? [])].sort(byPrinted) }),
    });
    result = { text: print(sorted).replace(/\s+/g, ' '), cacheable, rootFields, operations };
  } catch {
    result = { text: null, cacheable: false, rootFields: null, operations: [] };
  }
  if (described.size >= MAX_DOCUMENTS) described.delete(described.keys().next().value!);
  described.set(source, result);
  return result;
}

/**
 * The operation a request runs, by the document's description (memoised): the named one, or the only one. For the
 * request log of a response that ran no operation (a cache hit).
 * @example
 * operationOf('query Posts { posts { totalCount } }'); // { name: 'Posts', type: 'query' }
 */
export function operationOf(query: string, operationName?: string | null): { name: string | null; type: string | null } {
  const { operations } = describeDocument(query);
  const operation = operations.length === 1 ? operations[0] : operations.find((o) => o.name === operationName);
  return { name: operation?.name ?? operationName ?? null, type: operation?.type ?? null };
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/**
 * The cache key of a request: SHA-256 of the normalised document, operation name, variables and the caller's
 * visibility scope, so callers who may see different data never share an entry. `null` for a document that does not
 * parse.
 */
export async function responseCacheKey(args: { query: string; operationName?: string | null; variables?: unknown; scope: string }): Promise<string | null> {
  const document = normaliseDocument(args.query);
  if (document === null) return null;
  const input = stableJson([document, args.operationName ?? null, args.variables ?? {}, args.scope]);
  let key = hashed.get(input);
  if (key === undefined) {
    key = await sha256Hex(input);
    if (hashed.size >= MAX_DOCUMENTS) hashed.delete(hashed.keys().next().value!);
    hashed.set(input, key);
  }
  return key;
}

