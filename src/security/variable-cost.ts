import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  getVariableValues,
  type GraphQLSchema,
  Kind,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

// graphql-armor's cost limit runs while validating, before variables are known: `first: $n` counts as a page of one.
// This is the same estimate with page sizes given as variables counted at their coerced values (defaults included),
// checked before the operation runs. Armor's formula, as in its CostLimitVisitor: a scalar costs 1, an object 2 plus
// 1.5 × the cost of each selection, the whole × its first `first`/`last` argument (at least 1); a fragment spread
// costs 1 + 1.5 × its fragment's cost; `__schema` costs nothing.

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

/** A cost: a number, or a function of the page sizes given as variables (by variable name). */
type Cost = number | ((sizes: Record<string, unknown>) => number);

/** What an operation's cost depends on: the variables given as page sizes, and the cost as a function of them. */
export interface VariableCost {
  variables: readonly VariableDefinitionNode[];
  cost: (sizes: Record<string, unknown>) => number;
}

const evaluate = (cost: Cost, sizes: Record<string, unknown>) => (typeof cost === 'number' ? cost : cost(sizes));

/** Adds up costs, folding the constant ones. */
function sum(costs: Cost[]): Cost {
  const constant = costs.reduce<number>((total, cost) => (typeof cost === 'number' ? total + cost : total), 0);
  const variable = costs.filter((cost): cost is Exclude<Cost, number> => typeof cost !== 'number');
  if (variable.length === 0) return constant;
  return (sizes) => variable.reduce((total, cost) => total + cost(sizes), constant);
}

class Planner {
  readonly used = new Set<string>();
  private readonly fragments = new Map<string, Cost>();
  constructor(private readonly definitions: Map<string, FragmentDefinitionNode>) {}

  selection(node: SelectionNode | FragmentDefinitionNode): Cost {
    if (node.kind === Kind.FIELD && node.name.value === '__schema') return 0;
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      let cost = this.fragments.get(name);
      if (cost === undefined) {
        const fragment = this.definitions.get(name);
        // Validation has refused cycles and unknown fragments; the placeholder only stops a loop.
        this.fragments.set(name, 0);
        this.fragments.set(name, (cost = fragment ? this.selection(fragment) : 0));
      }
      const inner = cost;
      return typeof inner === 'number' ? SCALAR_COST + DEPTH_FACTOR * inner : (s) => SCALAR_COST + DEPTH_FACTOR * inner(s);
    }
    if (!node.selectionSet) return SCALAR_COST;
    const children = sum([OBJECT_COST, ...node.selectionSet.selections.map((child) => this.times(this.selection(child)))]);
    // Armor reads the first `first` or `last` argument only.
    const size = node.kind === Kind.FIELD ? node.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last') : undefined;
    if (size?.value.kind === Kind.INT) {
      const n = Math.max(Number.parseInt(size.value.value, 10), 1);
      return typeof children === 'number' ? children * n : (s) => children(s) * n;
    }
    if (size?.value.kind !== Kind.VARIABLE) return children;
    const name = size.value.name.value;
    this.used.add(name);
    return (s) => evaluate(children, s) * pageSize(s[name]);
  }

  private times(cost: Cost): Cost {
    return typeof cost === 'number' ? DEPTH_FACTOR * cost : (s) => DEPTH_FACTOR * cost(s);
  }
}

const pageSize = (value: unknown) => (typeof value === 'number' ? Math.max(value, 1) : 1);

/**
 * The cost of an operation as a function of its page-size variables, or undefined when no page size is a variable
 * (armor's estimate is then the whole story).
 */
export function planVariableCost(document: DocumentNode, operationName?: string | null): VariableCost | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const planner = new Planner(fragments);
  const cost = sum(operation.selectionSet.selections.map((selection) => planner.selection(selection)));
  if (typeof cost === 'number' || planner.used.size === 0) return undefined;
  const variables = (operation.variableDefinitions ?? []).filter((v) => planner.used.has(v.variable.name.value));
  return { variables, cost };
}

// Per parsed document (Yoga's parser cache hands the same object for the same text) and operation name.
const plans = new WeakMap<DocumentNode, Map<string, VariableCost | undefined>>();

/**
 * The cost of an operation with its page sizes given as variables at their coerced values (defaults filled in), or
 * undefined when none is (or the variables don't coerce: the execution reports that).
 * @example
 * variableCost(schema, parse('query($n: Int = 100) { posts(first: $n) { nodes { id } } }'), undefined, {}); // 725
 */
export function variableCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: unknown,
): number | undefined {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const key = operationName ?? '';
  let plan = byName.get(key);
  if (plan === undefined && !byName.has(key)) byName.set(key, (plan = planVariableCost(document, operationName)));
  if (!plan) return undefined;
  const given = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, plan.variables, given, { maxErrors: 1 });
  if (coerced.errors) return undefined;
  return plan.cost(coerced.coerced);
}
