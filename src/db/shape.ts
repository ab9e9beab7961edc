// Objects that are not plain data (SQL fragments, columns, closures) compare by identity: two queries share a
// shape only when nothing in them could differ.
const identities = new WeakMap<object, number>();
let nextIdentity = 0;

const identity = (value: object) => {
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = ++nextIdentity));
  return `#${id}`;
};

/**
 * A string that is equal for two values only when they are interchangeable as query options: plain objects and
 * arrays by content (in key order, which `orderBy` depends on), dates by time, anything else by identity.
 * Lookups whose queries share a shape can be answered by one statement.
 *
 * `sameSource`: functions compare by their source text. Only for queries known to be built from the same inputs
 * (e.g. the same GraphQL selection): two closures with one source differ only by what they captured.
 * @example
 * shapeOf({ where: { status: 'PUBLISHED' } }) === shapeOf({ where: { status: 'PUBLISHED' } }) // true
 */
export function shapeOf(value: unknown, sameSource = false): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value}:${String(value)}`;
    case 'function':
      return sameSource ? `fn:${value.toString()}` : identity(value);
    case 'symbol':
      return `#unshared${++nextIdentity}`; // equal to nothing: such a query is never shared
  }
  const object = value as object;
  if (object instanceof Date) return `date:${object.getTime()}`;
  if (Array.isArray(object)) return `[${object.map((item) => shapeOf(item, sameSource)).join(',')}]`;
  const proto = Object.getPrototypeOf(object);
  if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(object).length)
    return identity(object);
  const entries = Object.entries(object).map(([key, inner]) => `${JSON.stringify(key)}:${shapeOf(inner, sameSource)}`);
  return `{${entries.join(',')}}`;
}
