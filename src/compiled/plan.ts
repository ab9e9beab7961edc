// From a validated read document to the plan of what each root field reads: which collection, which of its fields,
// which relations beneath, in the response's key order. Built once per document (and operation); anything the
// compiler does not cover throws NotCovered, and the document goes the way every document went before.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Cms } from '../types/cms';
import type { Collection } from '../types/collection';
import type { Field, RelationOptions, ReverseOptions } from '../types/fields';

/** Thrown while planning: the document (or this request) is not one the compiler covers. */
export class NotCovered extends Error {}

const notCovered = (why: string): never => {
  throw new NotCovered(why);
};

/** The columns every collection has, as GraphQL serialises them. */
export const SYSTEM_FIELDS = {
  id: 'id',
  createdAt: 'datetime',
  updatedAt: 'datetime',
  status: 'status',
  publishedAt: 'datetime',
  version: 'int',
} as const;

export type Selection =
  | { kind: 'typename'; key: string; value: string }
  | { kind: 'system'; key: string; name: keyof typeof SYSTEM_FIELDS }
  | { kind: 'field'; key: string; field: Field }
  | { kind: 'toOne'; key: string; field: Field; related: Collection; object: ObjectPlan }
  | { kind: 'toMany'; key: string; field: Field; related: Collection; connection: ConnectionPlan };

/** What a read selects of one item of a collection. */
export interface ObjectPlan {
  collection: Collection;
  selections: Selection[];
}

export type PageInfoPart =
  | { kind: 'typename'; key: string }
  | { kind: 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor'; key: string };
export type EdgePart = { kind: 'typename' | 'node' | 'cursor'; key: string };

export type ConnectionPart =
  | { kind: 'typename'; key: string; value: string }
  | { kind: 'totalCount'; key: string }
  | { kind: 'nodes'; key: string; object: ObjectPlan }
  | { kind: 'edges'; key: string; typename: string; parts: EdgePart[]; object: ObjectPlan }
  | { kind: 'pageInfo'; key: string; parts: PageInfoPart[] };

/** A connection (a root list or a to-many relation): its arguments are read per request. */
export interface ConnectionPlan {
  collection: Collection;
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  parts: ConnectionPart[];
}

export type RootPlan =
  | { kind: 'typename'; key: string }
  /** A root field the compiler does not cover: its nodes, for the resolvers to run. */
  | { kind: 'resolvers'; key: string; nodes: FieldNode[] }
  | { kind: 'list'; key: string; connection: ConnectionPlan }
  | {
      kind: 'one';
      key: string;
      collection: Collection;
      node: FieldNode;
      definition: GraphQLField<unknown, unknown>;
      object: ObjectPlan;
    };

export interface OperationPlan {
  operation: OperationDefinitionNode;
  roots: RootPlan[];
}

type Fragments = Map<string, FragmentDefinitionNode>;

/**
 * The fields of a selection set by response key, in the order GraphQL answers them, each key's nodes merged (the
 * same key twice, or through fragments, is one field whose selections are joined). Directives (`@skip`,
 * `@include`) and fragments on another type are not covered.
 */
function collect(
  set: SelectionSetNode,
  typeName: string,
  fragments: Fragments,
  variables: Record<string, unknown>,
  into = new Map<string, FieldNode[]>(),
) {
  for (const selection of set.selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const nodes = into.get(key);
      if (nodes) nodes.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selection.typeCondition && selection.typeCondition.name.value !== typeName) notCovered('a type condition');
      collect(selection.selectionSet, typeName, fragments, variables, into);
    } else {
      const fragment = fragments.get(selection.name.value) ?? notCovered('an unknown fragment');
      if (fragment.typeCondition.name.value !== typeName) notCovered('a type condition');
      collect(fragment.selectionSet, typeName, fragments, variables, into);
    }
  }
  return into;
}

/** Whether `@skip`/`@include` keep a selection, by literal or variable; any other directive is not covered. */
function included(selection: SelectionNode, variables: Record<string, unknown>): boolean {
  let keep = true;
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') notCovered(`@${name}`);
    const argument = directive.arguments?.find((a) => a.name.value === 'if') ?? notCovered('@if without if');
    const value = argument.value;
    const condition =
      value.kind === Kind.BOOLEAN
        ? value.value
        : value.kind === Kind.VARIABLE
          ? variables[value.name.value]
          : undefined;
    if (typeof condition !== 'boolean') notCovered('a condition that is not a boolean');
    if (name === 'skip' ? condition : !condition) keep = false;
  }
  return keep;
}

/** The merged selection set of a key's nodes. */
const merged = (nodes: FieldNode[]): SelectionSetNode => ({
  kind: Kind.SELECTION_SET,
  selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []),
});

/** Whether reads of a collection run hooks (they run JavaScript between the statement and the answer). */
const hasReadHooks = (cms: Cms, collection: Collection) =>
  cms.hooks.handlers(collection.names.type, 'beforeRead').length > 0 ||
  cms.hooks.handlers(collection.names.type, 'afterRead').length > 0;

export function planOperation(
  cms: Cms,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables: Record<string, unknown> = {},
): OperationPlan {
  const operation = getOperationAST(document, operationName) ?? notCovered('no operation to run');
  if (operation.operation !== 'query') notCovered('not a query');
  if (operation.directives?.length) notCovered('a directive on the operation');
  const fragments: Fragments = new Map();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const byRoot = new Map<string, Collection>();
  const byOne = new Map<string, Collection>();
  for (const collection of cms.collections) {
    byRoot.set(collection.names.list, collection);
    byOne.set(collection.names.one, collection);
  }
  const byType = new Map(cms.collections.map((c) => [c.names.type, c]));
  const query = schema.getQueryType()!;
  const rootFields = query.getFields();

  const checkCollection = (collection: Collection) => {
    if (hasReadHooks(cms, collection)) notCovered('read hooks');
  };

  function objectPlan(collection: Collection, set: SelectionSetNode): ObjectPlan {
    checkCollection(collection);
    const type = schema.getType(collection.names.type);
    if (!isObjectType(type)) return notCovered('not an object type');
    const definitions = type.getFields();
    const selections: Selection[] = [];
    for (const [key, nodes] of collect(set, collection.names.type, fragments, variables)) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        selections.push({ kind: 'typename', key, value: collection.names.type });
        continue;
      }
      const definition = definitions[name] ?? notCovered('an unknown field');
      if (name in SYSTEM_FIELDS) {
        selections.push({ kind: 'system', key, name: name as keyof typeof SYSTEM_FIELDS });
        continue;
      }
      // A field a plugin adds (or any computed field) is resolved by its own code.
      const field = collection.field.get(name) ?? notCovered(`the field ${name}`);
      const type = field.def.type;
      if (type === 'relation' && !(field.def as RelationOptions).many) {
        const related = byType.get((field.def as RelationOptions).to)!;
        selections.push({ kind: 'toOne', key, field, related, object: objectPlan(related, merged(nodes)) });
      } else if (type === 'relation' || type === 'reverse') {
        const related = byType.get(
          type === 'relation' ? (field.def as RelationOptions).to : (field.def as ReverseOptions).from,
        )!;
        const connection = connectionPlan(related, nodes, definition);
        selections.push({ kind: 'toMany', key, field, related, connection });
      } else {
        if (field.kind.scalar === undefined && type !== 'select') notCovered(`a ${type} field`);
        selections.push({ kind: 'field', key, field });
      }
    }
    return { collection, selections };
  }

  function connectionPlan(
    collection: Collection,
    nodes: FieldNode[],
    definition: GraphQLField<unknown, unknown>,
  ): ConnectionPlan {
    checkCollection(collection);
    const n = collection.names;
    const parts: ConnectionPart[] = [];
    for (const [key, inner] of collect(merged(nodes), n.connection, fragments, variables)) {
      const name = inner[0]!.name.value;
      switch (name) {
        case '__typename':
          parts.push({ kind: 'typename', key, value: n.connection });
          break;
        case 'totalCount':
          parts.push({ kind: 'totalCount', key });
          break;
        case 'nodes':
          parts.push({ kind: 'nodes', key, object: objectPlan(collection, merged(inner)) });
          break;
        case 'edges': {
          const edgeParts: EdgePart[] = [];
          let object: ObjectPlan | undefined;
          for (const [edgeKey, edgeNodes] of collect(merged(inner), n.edge, fragments, variables)) {
            const edgeName = edgeNodes[0]!.name.value;
            if (edgeName === '__typename') edgeParts.push({ kind: 'typename', key: edgeKey });
            else if (edgeName === 'node') {
              // Two keys for the node (`a: node { id } b: node { title }`) would need two objects per edge.
              if (object) notCovered('the node twice');
              object = objectPlan(collection, merged(edgeNodes));
              edgeParts.push({ kind: 'node', key: edgeKey });
            } else if (edgeName === 'cursor') edgeParts.push({ kind: 'cursor', key: edgeKey });
            else notCovered(`edges.${edgeName}`);
          }
          parts.push({
            kind: 'edges',
            key,
            typename: n.edge,
            parts: edgeParts,
            object: object ?? { collection, selections: [] },
          });
          break;
        }
        case 'pageInfo': {
          const pageParts: PageInfoPart[] = [];
          for (const [pageKey, pageNodes] of collect(merged(inner), 'PageInfo', fragments, variables)) {
            const pageName = pageNodes[0]!.name.value;
            if (pageName === '__typename') pageParts.push({ kind: 'typename', key: pageKey });
            else if (['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'].includes(pageName))
              pageParts.push({ kind: pageName as 'hasNextPage', key: pageKey });
            else notCovered(`pageInfo.${pageName}`);
          }
          parts.push({ kind: 'pageInfo', key, parts: pageParts });
          break;
        }
        default:
          notCovered(`${n.connection}.${name}`);
      }
    }
    return { collection, node: nodes[0]!, definition, parts };
  }

  const roots: RootPlan[] = [];
  for (const [key, nodes] of collect(operation.selectionSet, query.name, fragments, variables)) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      roots.push({ kind: 'typename', key });
      continue;
    }
    try {
      const definition = rootFields[name] ?? notCovered('an unknown root field');
      const list = byRoot.get(name);
      const one = byOne.get(name);
      if (list) roots.push({ kind: 'list', key, connection: connectionPlan(list, nodes, definition) });
      else if (one) {
        if (getNamedType(definition.type).name !== one.names.type) notCovered('an unexpected type');
        roots.push({
          kind: 'one',
          key,
          collection: one,
          node: nodes[0]!,
          definition,
          object: objectPlan(one, merged(nodes)),
        });
      } else notCovered(`the root field ${name}`);
    } catch (error) {
      // A root field the compiler does not cover is the resolvers' to answer; the others may still be compiled.
      if (!(error instanceof NotCovered)) throw error;
      roots.push({ kind: 'resolvers', key, nodes });
    }
  }
  return { operation, roots };
}
