import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  getVariableValues,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

// graphql-armor's cost limit runs while validating, before variables are known, and reads page sizes from the
// document only: `first: $n` counts as a page of one, and so does a connection without `first`/`last`, which returns
// the default page (20). This is the same estimate with every page counted at the size it will have: a variable at
// its coerced value (defaults included), an absent or null size at the default page size, checked before the
// operation runs. Armor's formula, as in its CostLimitVisitor: a scalar costs 1, an object 2 plus 1.5 × the cost of
// each selection, the whole × its first `first`/`last` argument (at least 1); a fragment spread costs 1 + 1.5 × its
// fragment's cost; `__schema` costs nothing.

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

/** A cost: a number, or a function of the page sizes given as variables (by variable name). */
type Cost = number | ((sizes: Record<string, unknown>) => number);

/** What an operation's cost depends on: the variables given as page sizes, and the cost as a function of them. */
export interface OperationCost {
  variables: readonly VariableDefinitionNode[];
  cost: Cost;
}

const evaluate = (cost: Cost, sizes: Record<string, unknown>) => (typeof cost === 'number' ? cost : cost(sizes));
const scale = (cost: Cost, factor: number): Cost =>
  typeof cost === 'number' ? cost * factor : (sizes) => cost(sizes) * factor;

/** Adds up costs, folding the constant ones. */
function sum(costs: Cost[]): Cost {
  const constant = costs.reduce<number>((total, cost) => (typeof cost === 'number' ? total + cost : total), 0);
  const variable = costs.filter((cost): cost is Exclude<Cost, number> => typeof cost !== 'number');
  if (variable.length === 0) return constant;
  return (sizes) => variable.reduce((total, cost) => total + cost(sizes), constant);
}

/** A connection (Relay's shape, as every list of the API is): a page of `nodes`/`edges` with its `pageInfo`. */
const isConnection = (type: GraphQLNamedType | undefined) =>
  isObjectType(type) && 'pageInfo' in type.getFields() && ('nodes' in type.getFields() || 'edges' in type.getFields());

class Planner {
  readonly used = new Set<string>();
  private readonly fragments = new Map<string, Cost>();
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly definitions: Map<string, FragmentDefinitionNode>,
    private readonly defaultPageSize: number,
  ) {}

  selection(node: SelectionNode | FragmentDefinitionNode, parent: GraphQLNamedType | undefined): Cost {
    if (node.kind === Kind.FIELD && node.name.value === '__schema') return 0;
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      let cost = this.fragments.get(name);
      if (cost === undefined) {
        const fragment = this.definitions.get(name);
        // Validation has refused cycles and unknown fragments; the placeholder only stops a loop.
        this.fragments.set(name, 0);
        this.fragments.set(name, (cost = fragment ? this.selection(fragment, this.typeOf(fragment, parent)) : 0));
      }
      return sum([SCALAR_COST, scale(cost, DEPTH_FACTOR)]);
    }
    if (!node.selectionSet) return SCALAR_COST;
    const type = node.kind === Kind.FIELD ? this.fieldType(parent, node.name.value) : this.typeOf(node, parent);
    const children = sum([
      OBJECT_COST,
      ...node.selectionSet.selections.map((child) => scale(this.selection(child, type), DEPTH_FACTOR)),
    ]);
    if (node.kind !== Kind.FIELD) return children;
    // Armor reads the first `first` or `last` argument only.
    const size = node.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
    const fallback = isConnection(type) ? this.defaultPageSize : 1;
    if (size?.value.kind === Kind.INT) return scale(children, Math.max(Number.parseInt(size.value.value, 10), 1));
    if (size?.value.kind !== Kind.VARIABLE) return scale(children, fallback);
    const name = size.value.name.value;
    this.used.add(name);
    return (s) => evaluate(children, s) * pageSize(s[name], fallback);
  }

  /** The type a fragment or inline fragment selects on (its parent's when it names none). */
  private typeOf(node: SelectionNode | FragmentDefinitionNode, parent: GraphQLNamedType | undefined) {
    const condition = 'typeCondition' in node ? node.typeCondition : undefined;
    return condition ? this.schema.getType(condition.name.value) : parent;
  }

  private fieldType(parent: GraphQLNamedType | undefined, name: string): GraphQLNamedType | undefined {
    if (!(parent instanceof GraphQLObjectType) && !isInterfaceType(parent)) return undefined;
    const field = parent.getFields()[name];
    return field ? getNamedType(field.type) : undefined;
  }
}

/** A page's size: a whole number given (at least 1), else what the list returns when none is (`null` included). */
const pageSize = (value: unknown, fallback: number) => (typeof value === 'number' ? Math.max(value, 1) : fallback);

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode) {
  if (operation.operation === 'mutation') return schema.getMutationType() ?? undefined;
  if (operation.operation === 'subscription') return schema.getSubscriptionType() ?? undefined;
  return schema.getQueryType() ?? undefined;
}

/** The cost of an operation, as a number or as a function of its page-size variables. */
export function planCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  defaultPageSize: number,
): OperationCost | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const planner = new Planner(schema, fragments, defaultPageSize);
  const root = rootType(schema, operation);
  const cost = sum(operation.selectionSet.selections.map((selection) => planner.selection(selection, root)));
  const variables = (operation.variableDefinitions ?? []).filter((v) => planner.used.has(v.variable.name.value));
  return { variables, cost };
}

// Per schema, parsed document (Yoga's parser cache hands the same object for the same text) and operation name.
const plans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationCost | undefined>>>();

/**
 * The cost of an operation with every page at the size it will have: page sizes given as variables at their coerced
 * values (defaults filled in), absent ones at `defaultPageSize`. Undefined when the operation can't be found or the
 * variables don't coerce (the execution reports those).
 * @example
 * operationCost(schema, parse('query($n: Int = 100) { posts(first: $n) { nodes { id } } }'), undefined, {}, 20); // 725
 * operationCost(schema, parse('{ posts { nodes { id } } }'), undefined, {}, 20); // 145
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: unknown,
  defaultPageSize: number,
): number | undefined {
  let bySchema = plans.get(schema);
  if (!bySchema) plans.set(schema, (bySchema = new WeakMap()));
  let byName = bySchema.get(document);
  if (!byName) bySchema.set(document, (byName = new Map()));
  const key = operationName ?? '';
  let plan = byName.get(key);
  if (plan === undefined && !byName.has(key))
    byName.set(key, (plan = planCost(schema, document, operationName, defaultPageSize)));
  if (!plan) return undefined;
  if (typeof plan.cost === 'number') return plan.cost;
  const given = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, plan.variables, given, { maxErrors: 1 });
  if (coerced.errors) return undefined;
  return plan.cost(coerced.coerced);
}
