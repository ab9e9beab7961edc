import { type Column, getTableColumns, Param, sql, type Table } from 'drizzle-orm';

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

class Unshapeable extends Error {}

/**
 * A config with every value in a slot, its shape (equal for configs that differ only by values), and the values.
 * Anything it does not know (closures, SQL, extras, custom operators) makes the query unshapeable: it is then built
 * as usual.
 */
class Shaper {
  readonly values: Record<string, unknown> = {};
  private count = 0;
  constructor(private readonly schema: Record<string, TableConfig>) {}

  private slot(value: unknown, column?: Column): { shape: string; value: unknown } {
    const name = `p${this.count++}`;
    this.values[name] = value;
    const placeholder = sql.placeholder(name);
    return { shape: '?', value: column ? new Param(placeholder, column) : placeholder };
  }

  config(config: Record<string, unknown>, table: TableConfig): { shape: string; value: Record<string, unknown> } {
    const out: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [key, value] of Object.entries(config)) {
      if (value === undefined) continue;
      let shape: string;
      if (key === 'limit' || key === 'offset') {
        if (typeof value !== 'number') throw new Unshapeable();
        ({ shape, value: out[key] } = this.slot(value));
      } else if (key === 'where') {
        ({ shape, value: out[key] } = this.filter(value, table));
      } else if (key === 'with') {
        ({ shape, value: out[key] } = this.with(value, table));
      } else if (key === 'extras') {
        if (!isPlain(value) || Object.keys(value).length) throw new Unshapeable();
        shape = '{}';
        out[key] = value;
      } else if (STRUCTURE.has(key)) {
        shape = literal(value);
        out[key] = value;
      } else throw new Unshapeable();
      parts.push(`${key}:${shape}`);
    }
    return { shape: `{${parts.join(',')}}`, value: out };
  }

  private with(value: unknown, table: TableConfig) {
    if (!isPlain(value)) throw new Unshapeable();
    const out: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [name, inner] of Object.entries(value)) {
      const relation = table.relations[name];
      if (!relation) throw new Unshapeable();
      if (typeof inner === 'boolean') {
        out[name] = inner;
        parts.push(`${name}:${inner}`);
      } else if (isPlain(inner)) {
        const nested = this.config(inner, this.target(relation.targetTableName));
        out[name] = nested.value;
        parts.push(`${name}:${nested.shape}`);
      } else throw new Unshapeable();
    }
    return { shape: `{${parts.join(',')}}`, value: out };
  }

  private target(name: string): TableConfig {
    const table = this.schema[name];
    if (!table) throw new Unshapeable();
    return table;
  }

  /** A table's filter: `AND`/`OR`/`NOT`, its columns' filters, and its relations' (`{ author: { name: … } }`, or `true`). */
  private filter(value: unknown, table: TableConfig): { shape: string; value: unknown } {
    if (!isPlain(value)) throw new Unshapeable();
    const columns = getTableColumns(table.table) as Record<string, Column>;
    const out: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [key, inner] of Object.entries(value)) {
      if (inner === undefined) continue;
      let shape: string;
      if (key === 'AND' || key === 'OR') {
        if (!Array.isArray(inner)) throw new Unshapeable();
        const each = inner.map((part) => this.filter(part, table));
        shape = `[${each.map((e) => e.shape).join(',')}]`;
        out[key] = each.map((e) => e.value);
      } else if (key === 'NOT') {
        ({ shape, value: out[key] } = this.filter(inner, table));
      } else if (columns[key]) {
        ({ shape, value: out[key] } = this.field(inner, columns[key]));
      } else if (table.relations[key]) {
        if (typeof inner === 'boolean') {
          shape = String(inner);
          out[key] = inner;
        } else ({ shape, value: out[key] } = this.filter(inner, this.target(table.relations[key].targetTableName)));
      } else throw new Unshapeable(); // RAW, or a name Drizzle would refuse: built as usual
      parts.push(`${JSON.stringify(key)}:${shape}`);
    }
    return { shape: `{${parts.join(',')}}`, value: out };
  }

  /** A column's filter: a value (equality) or operators. */
  private field(value: unknown, column: Column): { shape: string; value: unknown } {
    if (isValue(value)) {
      const slot = this.slot(value, column);
      return { shape: 'eq?', value: { eq: slot.value } };
    }
    if (!isPlain(value)) throw new Unshapeable();
    const out: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [op, inner] of Object.entries(value)) {
      if (inner === undefined) continue;
      let shape: string;
      if (ENCODED.has(op) && isValue(inner)) {
        ({ shape, value: out[op] } = this.slot(inner, column));
      } else if (RAW.has(op) && isValue(inner)) {
        ({ shape, value: out[op] } = this.slot(inner));
      } else if ((op === 'in' || op === 'notIn') && Array.isArray(inner) && inner.every(isValue)) {
        const slots = inner.map((item) => this.slot(item, column));
        shape = `[${slots.length}]`;
        out[op] = slots.map((s) => s.value);
      } else if ((op === 'isNull' || op === 'isNotNull') && typeof inner === 'boolean') {
        shape = String(inner);
        out[op] = inner;
      } else if (op === 'AND' || op === 'OR') {
        if (!Array.isArray(inner)) throw new Unshapeable();
        const each = inner.map((part) => this.field(part, column));
        shape = `[${each.map((e) => e.shape).join(',')}]`;
        out[op] = each.map((e) => e.value);
      } else if (op === 'NOT') {
        ({ shape, value: out[op] } = this.field(inner, column));
      } else throw new Unshapeable();
      parts.push(`${op}:${shape}`);
    }
    return { shape: `{${parts.join(',')}}`, value: out };
  }
}

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (!value || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** A value a slot may hold: what Drizzle binds as one parameter (null stays structure: it is not `= ?`). */
const isValue = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value instanceof Date;

/** Structure written out (column lists, sort directions): plain data only. */
function literal(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(',')}]`;
  if (!isPlain(value)) throw new Unshapeable();
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${literal(v)}`).join(',')}}`;
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
  let shaped;
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
