import { type DocumentNode, Kind, parse, type VariableDefinitionNode, visit } from 'graphql';
import { BoundedMemo } from './bounded-memo';

/** One operation of a document, as the cache needs it. */
export interface DescribedOperation {
  /** Its name, null for an anonymous one. */
  name: string | null;
  type: string;
  /** The variables it declares: only these, coerced, are part of a cache key. */
  variables: readonly VariableDefinitionNode[];
}

/** What the cache needs to know of a document, found once per document text. */
export interface Described {
  /** Whether the document parses (one that does not is never cached; Yoga reports the syntax error). */
  parses: boolean;
  /** Only queries, no introspection, none of the cache's own aliases: a response the cache may keep. */
  cacheable: boolean;
  /** The fields at the root of its operations; `null` if a root selection is a fragment (not looked into). */
  rootFields: string[] | null;
  operations: DescribedOperation[];
}

/**
 * Documents described so far, by their text: clients send the same few documents again and again, and a hit (the fast
 * path's included) then needs no parse. Bounded in count and in text (4 M characters, 40 documents at the body limit).
 */
const described = new BoundedMemo<Described>(1000, 4 * 1024 * 1024);

const UNPARSABLE: Described = { parses: false, cacheable: false, rootFields: null, operations: [] };

/**
 * What the cache needs to know of a document (see `Described`); memoised per text.
 * @example
 * describeDocument('query Posts($n: Int) { posts(first: $n) { totalCount } }').operations[0].variables.length; // 1
 */
export function describeDocument(source: string): Described {
  return described.get(source) ?? described.set(source, describe(source));
}

function describe(source: string): Described {
  let document: DocumentNode;
  try {
    document = parse(source, { noLocation: true });
  } catch {
    return UNPARSABLE;
  }
  let cacheable = document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query');
  let rootFields: string[] | null = [];
  const operations: DescribedOperation[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    operations.push({
      name: definition.name?.value ?? null,
      type: definition.operation,
      variables: definition.variableDefinitions ?? [],
    });
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) rootFields?.push(selection.name.value);
      else rootFields = null;
    }
  }
  visit(document, {
    Field: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type' || node.alias?.value.startsWith('__cache'))
        cacheable = false;
    },
  });
  return { parses: true, cacheable, rootFields, operations };
}

/**
 * The operation a request runs, as GraphQL picks it: the one named, or the only one; undefined when there is none
 * (the request is then an error, which is never cached).
 */
export function operationToRun(document: Described, operationName?: string | null): DescribedOperation | undefined {
  const { operations } = document;
  return operationName == null
    ? operations.length === 1
      ? operations[0]
      : undefined
    : operations.find((o) => o.name === operationName);
}

/**
 * The operation a request runs, by the document's description (memoised): the named one, or the only one. For the
 * request log of a response that ran no operation (a cache hit).
 * @example
 * operationOf('query Posts { posts { totalCount } }'); // { name: 'Posts', type: 'query' }
 */
export function operationOf(
  query: string,
  operationName?: string | null,
): { name: string | null; type: string | null } {
  const { operations } = describeDocument(query);
  const operation = operations.length === 1 ? operations[0] : operations.find((o) => o.name === operationName);
  return { name: operation?.name ?? operationName ?? null, type: operation?.type ?? null };
}
