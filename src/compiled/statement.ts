// One read's SQL: a SELECT whose columns are, for each root field, its JSON (objects by json_object, lists by
// json_group_array over an ordered, limited subquery, relations as correlated subqueries), each item carrying its
// tag. Filters, orders and the caller's rules are the ones the resolvers use (`connectionQuery`, `Access`,
// `relatedFilter`), rendered by Drizzle against aliased tables, so both paths read the same rows.
import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import {
  aliasedTable,
  eq,
  fillPlaceholders,
  getColumns,
  gt,
  isNull,
  lt,
  relationsFilterToSQL,
  type SQL,
} from 'drizzle-orm';
import { SQLiteDialect } from 'drizzle-orm/sqlite-core';
import { type GraphQLField, type FieldNode, getArgumentValues } from 'graphql';
import type { Access } from '../permissions/access';
import type { ContentStage } from '../permissions/rules';
import type { Cms } from '../types/cms';
import type { Collection } from '../types/collection';
import type { Field, RelationOptions, ReverseOptions } from '../types/fields';
import type { Filter } from '../types/query';
import { allOf } from '../db/filters';
import { foreignKey } from '../config/collection';
import { connectionQuery } from '../query/connection';
import { DEFAULT_MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../query/page';
import { uniqueFilter } from '../query/where';
import { NULL_FLAG } from '../query/order';
import { relatedFilter } from '../graphql/objects';
import { type ConnectionPlan, NotCovered, type ObjectPlan, type RootPlan, SYSTEM_FIELDS } from './plan';
import { cursorMark, fieldSql, literal, tagMark, valueSql } from './values';
import { shapeFilter } from '../db/statements';
import { BoundedMemo } from '../cache/bounded-memo';

const dialect = new SQLiteDialect();
/** D1 binds at most this many parameters per statement. */
const MAX_PARAMS = 100;
/** SQLite's json_object takes at most 127 arguments: a key and a value each. */
const MAX_KEYS = 62; // and the item's tag

/** A filter rendered for one shape: its text cut at the placeholders, and its parameters (placeholders in the slots). */
interface KeptFilter {
  pieces: string[];
  params: unknown[];
}
// Each CMS's filters, rendered by Drizzle once per shape, table and alias (bounded: a client's `where` makes shapes).
const filterShapes = new WeakMap<Cms, BoundedMemo<KeptFilter>>();
const MAX_FILTER_SHAPES = 1000;
const MAX_FILTER_SHAPE_CHARS = 1024 * 1024;
const filterCounts = { rendered: 0, reused: 0, unshaped: 0 };

/** How this isolate's compiled filters were rendered: a new shape, one reused, or a filter that has none. */
export const filterShapeStats = () => ({ ...filterCounts });

/** The text as pieces around its `?` placeholders, outside quoted names and strings. */
function splitPlaceholders(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoteChar: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoteChar) {
      if (char === quoteChar) quoteChar = undefined;
    } else if (char === "'" || char === '"') quoteChar = char;
    else if (char === '?') {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const key = (name: string) => literal(name);

interface Page {
  from: string;
  where: string;
  /** The where of `totalCount`: the connection's filter without the cursors (they narrow the page, not the count). */
  countWhere(): string;
  order: string;
  /** The order's terms, each with its direction, for putting a backward page back in order. */
  terms: Array<{ sql: string; descending: boolean }>;
  limit: number;
  offset: number;
  backward: boolean;
  hasNext: string;
  hasPrevious: string;
  /** A row's cursor, as a marker the read turns into the resolvers' cursor (see `writeCursors`). */
  cursor: string;
}

/** The items a connection pages through: their table under an alias, the caller's rules, the join to a parent. */
interface Rows {
  alias: string;
  /** The FROM clause (a table, or a join table and the table). */
  from: string;
  /** The caller's rules on the items, added to the connection's own where. */
  filter: Filter | undefined;
  /** For a relation, the predicate that ties the items to their parent row. */
  link?: string;
}

const DATE_KEYS = new Set(['createdAt', 'updatedAt', 'publishedAt']);

/**
 * The filter of the rows past a cursor, as @pothos/plugin-drizzle pages (its `keysetFilter`): the first key of the
 * order that differs from the cursor differs in the direction paged; keys the cursor doesn't hold are left out.
 */
function keysetFilter(
  entries: Array<{ key: string; direction: 'asc' | 'desc'; extra?: (t: unknown) => SQL }>,
  cursor: string,
  paging: 'after' | 'before',
): Filter {
  const decoded = decodeBase64(cursor);
  if (!decoded.startsWith('DC:')) throw new NotCovered('not a cursor');
  const parsed = decodeCursorChunk(decoded.slice(3));
  const values = entries.length === 1 ? [parsed] : Array.isArray(parsed) ? parsed : [parsed];
  const covered = entries.slice(0, values.length);
  const compare = (entry: (typeof entries)[number], operator: 'gt' | 'lt' | 'eq', value: unknown): Filter => {
    const nullish = value === null || value === undefined;
    if (!entry.extra) return { [entry.key]: operator === 'eq' && nullish ? { isNull: true } : { [operator]: value } };
    const extra = entry.extra;
    const operators = { gt, lt, eq };
    return {
      RAW: (table: unknown) =>
        operator === 'eq' && nullish ? isNull(extra(table)) : operators[operator](extra(table), value as never),
    } as Filter;
  };
  const parts = covered.map((entry, index) => {
    const ascending = paging === 'after' ? entry.direction === 'asc' : entry.direction === 'desc';
    const own = compare(entry, ascending ? 'gt' : 'lt', values[index]);
    if (index === 0) return own;
    return { AND: [...covered.slice(0, index).map((previous, i) => compare(previous, 'eq', values[i])), own] };
  });
  return (parts.length > 1 ? { OR: parts } : parts[0]!) as Filter;
}

/** A statement being written for one request: its parameters and its table aliases. */
export class Statement {
  readonly params: unknown[] = [];
  #aliases = 0;

  constructor(
    readonly cms: Cms,
    readonly access: Access,
    readonly variables: Record<string, unknown>,
  ) {}

  /** A bound parameter's placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    if (this.params.length > MAX_PARAMS) throw new NotCovered('too many parameters');
    return `?${this.params.length}`;
  }

  #alias(): string {
    return `q${this.#aliases++}`;
  }

  /** A Drizzle fragment as text, its parameters bound here. */
  #fragment(sql: SQL): string {
    const query = dialect.sqlToQuery(sql);
    return this.#bind(splitPlaceholders(query.sql), query.params);
  }

  /** Text cut at its placeholders, each numbered in turn and bound to its value. */
  #bind(pieces: string[], values: unknown[]): string {
    if (pieces.length !== values.length + 1) throw new NotCovered('placeholders and parameters differ');
    let text = pieces[0]!;
    for (let i = 0; i < values.length; i++) text += this.param(values[i]) + pieces[i + 1]!;
    return text;
  }

  #table(collection: Collection, alias: string) {
    const config = (this.cms.relations as any)[collection.names.list];
    return { config, table: aliasedTable(config.table, alias) as any };
  }

  #column(collection: Collection, name: string): string {
    const column = (getColumns(this.cms.tables[collection.names.list]!) as Record<string, { name: string }>)[name];
    if (!column) throw new NotCovered(`no column ${name}`);
    return column.name;
  }

  /**
   * A relational filter (RQB v2) as a predicate on an aliased table; `1` when there is none. Drizzle renders each shape
   * of filter once (the resolvers' statement shapes: `shapeFilter`), whose slots this filter's values fill; a filter
   * without one (closures, raw SQL) is rendered every time.
   */
  #filter(collection: Collection, alias: string, filter: Filter | undefined): string {
    if (!filter) return '1';
    const { config, table } = this.#table(collection, alias);
    const render = (value: unknown) =>
      relationsFilterToSQL(table, value as never, config.relations, this.cms.relations as never);
    const shaped = shapeFilter(this.cms.relations, config, filter);
    if (!shaped) {
      filterCounts.unshaped++;
      const sql = render(filter);
      return sql ? this.#fragment(sql) : '1';
    }
    let memo = filterShapes.get(this.cms);
    if (!memo) filterShapes.set(this.cms, (memo = new BoundedMemo(MAX_FILTER_SHAPES, MAX_FILTER_SHAPE_CHARS)));
    const key = `${collection.names.list}|${alias}|${shaped.shape}`;
    let kept = memo.get(key);
    if (kept) filterCounts.reused++;
    else {
      filterCounts.rendered++;
      const sql = render(shaped.filter);
      const query = sql ? dialect.sqlToQuery(sql) : { sql: '1', params: [] };
      kept = memo.set(key, { pieces: splitPlaceholders(query.sql), params: query.params });
    }
    return this.#bind(kept.pieces, fillPlaceholders(kept.params, shaped.values));
  }

  #args(definition: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, any> {
    return getArgumentValues(definition as never, node, this.variables);
  }

  /** The column of a root field: its JSON, each item's tag inside it (see `tagMark`). */
  async root(plan: Extract<RootPlan, { kind: 'list' | 'one' }>): Promise<string> {
    const args = this.#args(
      plan.kind === 'list' ? plan.connection.definition : plan.definition,
      plan.kind === 'list' ? plan.connection.node : plan.node,
    );
    // Noted by the root's response key, as the resolvers note it: a relation loaded apart reads at its stage.
    const stage = this.access.enterStage(plan.key, args.stage as ContentStage | undefined);
    const collection = plan.kind === 'list' ? plan.connection.collection : plan.collection;
    const rule = await this.access.require(collection, 'read');
    const scope = this.access.scopeFilter(rule, stage);
    if (plan.kind === 'list') {
      const alias = this.#alias();
      const rows = { alias, from: `${quote(collection.names.table)} AS ${alias}`, filter: scope };
      return this.#connection(plan.connection, args, rows, stage);
    }
    const unique = uniqueFilter(collection, args.where);
    for (const name of Object.keys(unique)) {
      const field = collection.field.get(name);
      if (field) this.access.checkField(collection, field);
    }
    const alias = this.#alias();
    const where = this.#filter(collection, alias, allOf(unique, scope));
    const from = `FROM ${quote(collection.names.table)} AS ${alias} WHERE ${where}`;
    return `(SELECT ${this.#object(plan.object, alias, stage)} ${from})`;
  }

  /** An item's JSON object. */
  #object(plan: ObjectPlan, alias: string, stage: ContentStage): string {
    if (plan.selections.length > MAX_KEYS) throw new NotCovered('too many fields');
    const collection = plan.collection;
    const entries = plan.selections.map((selection) => {
      switch (selection.kind) {
        case 'typename':
          return `${key(selection.key)}, ${literal(selection.value)}`;
        case 'system': {
          const column = `${quote(alias)}.${quote(this.#column(collection, selection.name))}`;
          return `${key(selection.key)}, ${valueSql(SYSTEM_FIELDS[selection.name], column)}`;
        }
        case 'field': {
          if (!this.access.canReadField(selection.field)) return `${key(selection.key)}, NULL`;
          const column = this.#column(collection, selection.field.name);
          return `${key(selection.key)}, ${fieldSql(selection.field, alias, column)}`;
        }
        case 'toOne': {
          const inner = this.#alias();
          const from = this.#toOne(collection, selection.field, selection.related, alias, inner, stage);
          return `${key(selection.key)}, json((SELECT ${this.#object(selection.object, inner, stage)} ${from}))`;
        }
        case 'toMany': {
          const args = this.#args(selection.connection.definition, selection.connection.node);
          const rows = this.#toMany(collection, selection.field, selection.related, alias, this.#alias(), stage);
          return `${key(selection.key)}, json(${this.#connection(selection.connection, args, rows, stage)})`;
        }
        default:
          throw new NotCovered('a selection');
      }
    });
    // The item's tag, first, under a key no field has: taken out of the JSON after the statement (see `takeTags`).
    const tag = `${literal(tagMark())}, ${literal(`${collection.names.type}:`)} || ${quote(alias)}."id"`;
    return `json_object(${[tag, ...entries].join(', ')})`;
  }

  /** The related item of a to-one relation under the alias `inner`: its FROM … WHERE, the caller's rules applied. */
  #toOne(collection: Collection, field: Field, related: Collection, alias: string, inner: string, stage: ContentStage) {
    const filter = this.#filter(related, inner, relatedFilter(this.access, field, related, stage));
    const fk = this.#column(collection, foreignKey(field));
    const parent = `${inner}."id" = ${quote(alias)}.${quote(fk)}`;
    return `FROM ${quote(related.names.table)} AS ${inner} WHERE ${parent} AND ${filter}`;
  }

  /** The related items of a to-many relation or a reverse one: their table and how they join the parent. */
  #toMany(
    collection: Collection,
    field: Field,
    related: Collection,
    alias: string,
    inner: string,
    stage: ContentStage,
  ): Rows {
    const filter = relatedFilter(this.access, field, related, stage);
    const table = `${quote(related.names.table)} AS ${inner}`;
    // Through a join table, the parent's rows of it come first (CROSS JOIN keeps that order in SQLite's plan): a
    // lookup by its primary key, then each related item by id, rather than every item of the collection scanned.
    const through = (name: string, parentColumn: string, itemColumn: string) => ({
      from: `${quote(name)} AS j${inner} CROSS JOIN ${table} ON ${inner}."id" = j${inner}.${quote(itemColumn)}`,
      link: `j${inner}.${quote(parentColumn)} = ${quote(alias)}."id"`,
    });
    let from = table;
    let link: string;
    if (field.def.type === 'relation') {
      // The parent is the join table's source.
      ({ from, link } = through(collection.joinTables.get(field.name)!, 'source_id', 'target_id'));
    } else {
      const def = field.def as ReverseOptions;
      const owner = this.cms.byName.get(def.from)!;
      const forward = owner.field.get(def.field)!;
      if ((forward.def as RelationOptions).many)
        ({ from, link } = through(owner.joinTables.get(def.field)!, 'target_id', 'source_id'));
      else link = `${inner}.${quote(this.#column(owner, foreignKey(forward)))} = ${quote(alias)}."id"`;
    }
    return { alias: inner, from, filter, link };
  }

  /** A connection's JSON: its parts (nodes, edges, pageInfo, totalCount) over the page of `rows` its args ask for. */
  #connection(plan: ConnectionPlan, args: Record<string, any>, rows: Rows, stage: ContentStage): string {
    const { alias } = rows;
    // Rendered on first use: a part that reads no rows (only `__typename`) binds none of its parameters.
    let rendered: Page | undefined;
    const pageOf = () => (rendered ??= this.#page(plan.collection, args, rows, stage));
    const entries: string[] = [];
    const paged = (select: string, page = pageOf()) =>
      [
        `SELECT ${select} FROM ${page.from} WHERE ${page.where}`,
        `ORDER BY ${page.order} LIMIT ${page.limit} OFFSET ${page.offset}`,
      ].join(' ');
    const list = (object: ObjectPlan, element: (value: string, cursor: string) => string, cursors = false) => {
      const page = pageOf();
      const value = object.selections.length ? this.#object(object, alias, stage) : '1';
      const columns = cursors ? `${value} AS v, ${page.cursor} AS c` : `${value} AS v`;
      if (!page.backward)
        return `COALESCE((SELECT json_group_array(${element('json(r.v)', 'r.c')}) FROM (${paged(
          columns,
        )}) AS r), '[]')`;
      // A backward page is read in the inverse order, then put back in the list's order.
      const keys = page.terms.map((term, i) => `${term.sql} AS k${i}`).join(', ');
      const order = page.terms.map((term, i) => `k${i} ${term.descending ? 'DESC' : 'ASC'}`).join(', ');
      const reordered = `SELECT ${cursors ? 'v, c' : 'v'} FROM (${paged(`${columns}, ${keys}`)}) ORDER BY ${order}`;
      return `COALESCE((SELECT json_group_array(${element('json(r.v)', 'r.c')}) FROM (${reordered}) AS r), '[]')`;
    };
    /** The cursor of the page's first (`first`) or last row, in the list's order; null for an empty page. */
    const edgeCursor = (first: boolean) => {
      const page = pageOf();
      // A backward page is read from its end: its first row in the list's order is the last one read.
      if (first !== page.backward) return `(SELECT c FROM (${paged(`${page.cursor} AS c`)}) LIMIT 1)`;
      const numbered = `SELECT c, row_number() OVER () AS n FROM (${paged(`${page.cursor} AS c`)})`;
      return `(SELECT c FROM (${numbered}) ORDER BY n DESC LIMIT 1)`;
    };
    for (const part of plan.parts) {
      switch (part.kind) {
        case 'typename':
          entries.push(`${key(part.key)}, ${literal(part.value)}`);
          break;
        case 'totalCount':
          entries.push(`${key(part.key)}, (SELECT count(*) FROM ${pageOf().from} WHERE ${pageOf().countWhere()})`);
          break;
        case 'nodes':
          entries.push(`${key(part.key)}, json(${list(part.object, (v) => v)})`);
          break;
        case 'edges': {
          const cursors = part.parts.some((edge) => edge.kind === 'cursor');
          const element = (v: string, c: string) =>
            `json_object(${part.parts
              .map((edge) => {
                if (edge.kind === 'typename') return `${key(edge.key)}, ${literal(part.typename)}`;
                return `${key(edge.key)}, ${edge.kind === 'node' ? v : c}`;
              })
              .join(', ')})`;
          entries.push(`${key(part.key)}, json(${list(part.object, element, cursors)})`);
          break;
        }
        case 'pageInfo': {
          const fields = part.parts.map((info) => {
            if (info.kind === 'typename') return `${key(info.key)}, 'PageInfo'`;
            if (info.kind === 'startCursor' || info.kind === 'endCursor')
              return `${key(info.key)}, ${edgeCursor(info.kind === 'startCursor')}`;
            return `${key(info.key)}, ${info.kind === 'hasNextPage' ? pageOf().hasNext : pageOf().hasPrevious}`;
          });
          entries.push(`${key(part.key)}, json_object(${fields.join(', ')})`);
          break;
        }
      }
    }
    return `json_object(${entries.join(', ')})`;
  }

  /** Where, order and window of a connection's page, as the resolvers' connection planner makes them. */
  #page(collection: Collection, args: Record<string, any>, rows: Rows, stage: ContentStage): Page {
    const { alias, from: table, filter } = rows;
    const query = connectionQuery(this.cms, collection, args, this.access.at(stage));
    const { table: aliased } = this.#table(collection, alias);
    const entries = Object.entries(query.orderBy) as Array<[string, 'asc' | 'desc']>;
    // The planner breaks ties by id, in the direction of the order's last key, unless the order has the id.
    if (!entries.some(([name]) => name === 'id')) entries.push(['id', entries.at(-1)?.[1] ?? 'asc']);
    const extras = (query.extras ?? {}) as Record<string, (t: unknown) => SQL>;
    const keyed = entries.map(([name, direction]) => ({ key: name, direction, extra: extras[name] }));
    const pages = [
      args.after != null ? keysetFilter(keyed, args.after, 'after') : undefined,
      args.before != null ? keysetFilter(keyed, args.before, 'before') : undefined,
    ];
    const where = this.#filter(collection, alias, allOf(query.where, filter, ...pages));
    const paged = pages.some((p) => p !== undefined);
    let counted: string | undefined;
    // Rendered only when asked: a parameter bound and not used is an error in D1.
    const countWhere = () => {
      if (!paged) return whereText;
      counted ??= this.#filter(collection, alias, allOf(query.where, filter));
      return rows.link ? `${rows.link} AND ${counted}` : counted;
    };
    const backward = args.first == null && args.last != null;
    const terms = keyed.map(({ key: name, direction, extra }) => {
      const sql = extra ? this.#fragment(extra(aliased)) : `${alias}.${quote(this.#column(collection, name))}`;
      return { sql, descending: direction === 'desc' };
    });
    const order = terms.map((term) => `${term.sql} ${term.descending !== backward ? 'DESC' : 'ASC'}`).join(', ');
    // What each key of a cursor holds, for writing it as the planner does: dates and booleans as such.
    const kinds = keyed
      .map(({ key: name }) => {
        if (name.startsWith(NULL_FLAG)) return 'r';
        if (DATE_KEYS.has(name)) return 'd';
        const kind = collection.field.get(name)?.kind.scalar;
        return kind === 'DateTime' ? 'd' : kind === 'Boolean' ? 'b' : 'r';
      })
      .join('');
    const cursor = `${literal(`${cursorMark()}${kinds}|`)} || json_array(${terms.map((term) => term.sql).join(', ')})`;
    const config = this.cms.config;
    const size = Math.min(
      args.first ?? args.last ?? config.defaultPageSize ?? DEFAULT_PAGE_SIZE,
      config.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
    );
    const offset = args.skip ?? 0;
    const whereText = rows.link ? `${rows.link} AND ${where}` : where;
    // A page is full when a row lies past it: the planner asks for one more than the page holds.
    const past = `SELECT 1 FROM ${table} WHERE ${whereText} LIMIT 1 OFFSET ${offset + size}`;
    const more = `(CASE WHEN EXISTS (${past}) THEN json('true') ELSE json('false') END)`;
    const yes = `json('true')`;
    const no = `json('false')`;
    // As the planner answers pageInfo (no cursors), with `skip` counting as items before a forward page and after
    // a backward one.
    const hasNext = args.before != null || (backward && offset) ? yes : args.last != null ? no : more;
    const hasPrevious = args.after != null || (!backward && offset) ? yes : backward ? more : no;
    return {
      from: table,
      where: whereText,
      countWhere,
      order,
      terms,
      limit: size,
      offset,
      backward,
      hasNext,
      hasPrevious,
      cursor,
    };
  }
}
