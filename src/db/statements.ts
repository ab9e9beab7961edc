import { type Column, getTableColumns, Param, sql, type Table } from 'drizzle-orm';
import { isListPredicate } from './json-list';

// Drizzle builds a relational query's SQL anew on every call: the object tree, relation joins, aliases and the text.
// For reads that differ only by their values (another page, another id, another moment for the publishing scope),
// the text and its parameter slots are the same: they are built once per *statement shape* (the query with every
// value replaced by a placeholder), and each read fills the slots. Drizzle's own placeholders and encoders do the
// filling, so a value is bound exactly as an unshaped query would bind it.

/** The parts of Drizzle's relational query builder (`db.query.posts`) this module reads: internal, hence spelled out. */
interface RelationalBuilder {
  schema: Record<string, TableConfig>;
  table: Table;
  tableConfig: TableConfig;
  findMany(config?: object): RelationalQuery;
  findFirst(config?: object): RelationalQuery;
}
interface TableConfig {
  table: Table;
  relations: Record<string, { targetTableName: string }>;
}
interface RelationalQuery extends PromiseLike<unknown> {
  _toSQL(): unknown;
  execute(values: Record<string, unknown>): Promise<unknown>;
}

/** Statement shapes kept per isolate: a bound on memory, should queries vary in structure without end. */
const MAX_SHAPES = 500;
const built = new Map<string, unknown>();
const counts = { built: 0, reused: 0, unshaped: 0 };

/** How reads were built in this isolate: a statement shape built, one reused, or a query built as usual. */
export const statementStats = () => ({ ...counts, shapes: built.size });

/** Operators whose value Drizzle binds with the column's encoder (`bindIfParam`). */
const ENCODED = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);
/** Operators whose value Drizzle binds as given. */
const RAW = new Set(['like', 'notLike', 'ilike', 'notIlike']);
/** Parts of a query config that are structure as they are. */
const STRUCTURE = new Set(['columns', 'orderBy']);

/** Thrown (one shared instance: nothing to trace) when a config holds what shaping doesn't know. */
class Unshapeable extends Error {}
const UNSHAPEABLE = new Unshapeable('not shapeable');

/** A part of a query config: its shape (structure, with `?` for each value) and the part with values in slots. */
interface Shaped<T = unknown> {
  shape: string;
  value: T;
}

/** An object's entries, each shaped by `each` (undefined ones left out, as Drizzle ignores them). */
function shapeEntries(object: unknown, each: (key: string, inner: unknown) => Shaped): Shaped<Record<string, unknown>> {
  if (!isPlain(object)) throw UNSHAPEABLE;
  const value: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const [key, inner] of Object.entries(object)) {
    if (inner === undefined) continue;
    const shaped = each(key, inner);
    value[key] = shaped.value;
    parts.push(`${JSON.stringify(key)}:${shaped.shape}`);
  }
  return { shape: `{${parts.join(',')}}`, value };
}

/** A list (`AND`, `OR`), each item shaped by `each`. */
function shapeList(list: unknown, each: (item: unknown) => Shaped): Shaped<unknown[]> {
  if (!Array.isArray(list)) throw UNSHAPEABLE;
  const shaped = list.map(each);
  return { shape: `[${shaped.map((s) => s.shape).join(',')}]`, value: shaped.map((s) => s.value) };
}

const kept = (value: unknown, shape = literal(value)): Shaped => ({ shape, value });

/**
 * A config with every value in a slot, its shape (equal for configs that differ only by values), and the values.
 * Anything it does not know (closures, SQL, extras, custom operators) makes the query unshapeable: it is then built
 * as usual.
 */
class Shaper {
  readonly values: Record<string, unknown> = {};
  private count = 0;
  constructor(private readonly schema: Record<string, TableConfig>) {}

  /** A value's slot: a placeholder, in a `Param` with its column where Drizzle would encode the value with it. */
  private slot(value: unknown, column?: Column): Shaped {
    const name = `p${this.count++}`;
    this.values[name] = value;
    const placeholder = sql.placeholder(name);
    return { shape: '?', value: column ? new Param(placeholder, column) : placeholder };
  }

  config(config: Record<string, unknown>, table: TableConfig): Shaped<Record<string, unknown>> {
    return shapeEntries(config, (key, value) => {
      if (key === 'limit' || key === 'offset') {
        if (typeof value !== 'number') throw UNSHAPEABLE;
        return this.slot(value);
      }
      if (key === 'where') return this.filter(value, table);
      if (key === 'with') return shapeEntries(value, (name, inner) => this.with(table, name, inner));
      if (key === 'extras' && isPlain(value) && Object.keys(value).length === 0) return kept(value);
      if (STRUCTURE.has(key)) return kept(value);
      throw UNSHAPEABLE;
    });
  }

  private with(table: TableConfig, name: string, inner: unknown): Shaped {
    const relation = table.relations[name];
    if (!relation) throw UNSHAPEABLE;
    if (typeof inner === 'boolean') return kept(inner);
    if (!isPlain(inner)) throw UNSHAPEABLE;
    return this.config(inner, this.target(relation.targetTableName));
  }

  private target(name: string): TableConfig {
    const table = this.schema[name];
    if (!table) throw UNSHAPEABLE;
    return table;
  }

  /** A table's filter: `AND`/`OR`/`NOT`, its columns' filters, and its relations' (`{ author: { name: … } }`, or `true`). */
  filter(value: unknown, table: TableConfig): Shaped {
    const columns = getTableColumns(table.table) as Record<string, Column>;
    return shapeEntries(value, (key, inner) => {
      if (key === 'AND' || key === 'OR') return shapeList(inner, (part) => this.filter(part, table));
      if (key === 'NOT') return this.filter(inner, table);
      // A predicate over a JSON list (db/json-list.ts): its structure is known, its list is a value.
      if (key === 'RAW' && isListPredicate(inner)) {
        const list = this.slot(inner.json).value;
        return { shape: `RAW(${inner.shape})`, value: (t: Record<string, unknown>) => inner.build(t, list) };
      }
      if (columns[key]) return this.field(inner, columns[key]);
      const relation = table.relations[key];
      if (relation)
        return typeof inner === 'boolean' ? kept(inner) : this.filter(inner, this.target(relation.targetTableName));
      throw UNSHAPEABLE; // RAW, or a name Drizzle would refuse: built as usual
    });
  }

  /** A column's filter: a value (equality) or operators. */
  private field(value: unknown, column: Column): Shaped {
    if (isValue(value)) return { shape: 'eq?', value: { eq: this.slot(value, column).value } };
    return shapeEntries(value, (op, inner) => {
      if (ENCODED.has(op) && isValue(inner)) return this.slot(inner, column);
      if (RAW.has(op) && isValue(inner)) return this.slot(inner);
      if ((op === 'in' || op === 'notIn') && Array.isArray(inner) && inner.every(isValue))
        return shapeList(inner, (item) => this.slot(item, column));
      if ((op === 'isNull' || op === 'isNotNull') && typeof inner === 'boolean') return kept(inner);
      if (op === 'AND' || op === 'OR') return shapeList(inner, (part) => this.field(part, column));
      if (op === 'NOT') return this.field(inner, column);
      throw UNSHAPEABLE;
    });
  }
}

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (!value || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** A value a slot may hold: what Drizzle binds as one parameter (null stays structure: it is not `= ?`). */
const isValue = (value: unknown): boolean =>
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean' ||
  typeof value === 'bigint' ||
  value instanceof Date;

/** Structure written out (column lists, sort directions): plain data only. */
function literal(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(',')}]`;
  if (!isPlain(value)) throw UNSHAPEABLE;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${literal(v)}`)
    .join(',')}}`;
}

/**
 * A relational filter on a table (its relational config in `schema`) with every value in a slot: its shape (equal for
 * filters that differ only by values), the filter with Drizzle placeholders in the slots, and the values to fill them
 * with (`fillPlaceholders`). Undefined for a filter it can't shape (closures, raw SQL, custom operators).
 * @example
 * const shaped = shapeFilter(cms.relations, cms.relations.posts, { status: 'PUBLISHED' });
 * // { shape: '{"status":eq?}', filter: { status: { eq: Param(placeholder) } }, values: { p0: 'PUBLISHED' } }
 */
export function shapeFilter(
  schema: unknown,
  table: unknown,
  filter: unknown,
): { shape: string; filter: unknown; values: Record<string, unknown> } | undefined {
  const shaper = new Shaper(schema as Record<string, TableConfig>);
  try {
    const shaped = shaper.filter(filter, table as TableConfig);
    return { shape: shaped.shape, filter: shaped.value, values: shaper.values };
  } catch (error) {
    if (error instanceof Unshapeable) return undefined;
    throw error;
  }
}

/**
 * Runs `db.query.<table>.findMany(config)` (or `findFirst`), building its SQL once per statement shape and isolate.
 * The same rows as Drizzle's own call; a config it can't shape (closures, raw SQL, extras) is run as usual.
 * @example
 * const rows = await findRows(ctx.db.query.posts, 'many', { where: { status: 'PUBLISHED' }, limit: 11 });
 */
export function findRows(builder: unknown, mode: 'many' | 'first', config: Record<string, unknown>): Promise<unknown> {
  const relational = builder as RelationalBuilder;
  const find = (c: object) => (mode === 'many' ? relational.findMany(c) : relational.findFirst(c));
  const shaper = new Shaper(relational.schema);
  let shaped: ReturnType<Shaper['config']>;
  try {
    shaped = shaper.config(config, relational.tableConfig);
  } catch (error) {
    if (!(error instanceof Unshapeable)) throw error;
    counts.unshaped++;
    return Promise.resolve(find(config));
  }
  const key = `${tableKey(relational)}|${mode}|${shaped.shape}`;
  const query = find(shaped.value);
  let sqlOf = built.get(key);
  if (sqlOf === undefined) {
    if (built.size >= MAX_SHAPES) built.delete(built.keys().next().value!);
    built.set(key, (sqlOf = query._toSQL()));
    counts.built++;
  } else counts.reused++;
  // The query's own build is skipped: it is the one kept for its shape. Binding and row mapping are Drizzle's.
  query._toSQL = () => sqlOf;
  return query.execute(shaper.values);
}

const names = new WeakMap<object, string>();
let nextName = 0;
/** A name for a builder's table, unique in the isolate (two configs' tables may share a SQL name). */
function tableKey(builder: RelationalBuilder): string {
  let name = names.get(builder.table);
  if (name === undefined) names.set(builder.table, (name = `t${nextName++}`));
  return name;
}
