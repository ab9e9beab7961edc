import type { Filter, Where } from '../types/query';
import { sql, type SQL } from 'drizzle-orm';
import { foreignKey } from '../config/collection';
import type { Collection } from '../types/collection';
import type { Model } from '../types/cms';
import { LIST_VALUE, listPredicate, listValues, someListValue } from '../db/json-list';
import { badUserInput } from '../errors';
import { foldCase, foldedColumn } from './case-fold';
import type { Field, RelationOptions, ReverseOptions } from '../types/fields';

/**
 * What the caller may filter on (`ctx.access`): `checkField` throws for a field they can't read, since a filter on
 * it would tell its value by what matches; `readable` is the filter of a related collection's items they can see,
 * so a relation filter never matches through an item hidden from them (a draft, for anonymous callers).
 */
export interface FilterGuard {
  checkField(collection: Collection, field: Field): void;
  readable(collection: Collection): Filter | undefined;
}

type Column = SQL.Aliased | SQL | object;
/** Columns every collection has, filtered like fields. */
const SYSTEM_COLUMNS = new Set(['id', 'createdAt', 'updatedAt', 'status', 'publishedAt', 'version']);
type Raw = (table: Record<string, Column>) => SQL;

// Nesting deeper than this is a client mistake or an attack; each level is an EXISTS subquery.
const MAX_DEPTH = 6;
// An `in`/`notIn` list is one bound parameter (a JSON array, see db/json-list.ts); its length is bounded all the same.
export const MAX_LIST = 1000;
// OR alternatives that test one field with one operator are bound as one list too (`OR` of 300 `contains`).
const GROUPED_OPS = new Set(['equals', 'contains', 'startsWith', 'endsWith']);

const STRING_OPS = new Set([
  'equals',
  'not',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
  'lt',
  'lte',
  'gt',
  'gte',
  'mode',
  'isNull',
]);

/**
 * Translates a contract `where` into a Drizzle relational filter, so filtering always happens in SQL.
 * Relation filters become EXISTS subqueries: to-one takes the related where, to-many `{some, every, none}`.
 *
 * `negated` is set beneath a `NOT` (and inside `every`, which is `NOT EXISTS (... NOT ...)`). SQL comparisons with
 * NULL are unknown, and `NOT unknown` is unknown, so an item without a value would match neither a filter nor its
 * negation. Under a negation every comparison is made two-valued (`... AND column IS NOT NULL`), so `NOT` is the
 * exact complement of its filter and `every` fails for a related item that lacks the value.
 */
export function toFilter(
  model: Model,
  collection: Collection,
  where: Where | null | undefined,
  guard?: FilterGuard,
  depth = 0,
  negated = false,
): Filter | undefined {
  if (where == null) return undefined;
  if (depth > MAX_DEPTH) throw badUserInput(`where is nested more than ${MAX_DEPTH} levels deep`);
  const parts: Filter[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      if (value === null) continue;
      const list = (Array.isArray(value) ? value : [value]) as Where[];
      // An empty OR has no alternative that holds, so it matches nothing (Drizzle would drop it: everything).
      if (key === 'OR' && list.length === 0) {
        parts.push({ RAW: () => sql`0 = 1` });
        continue;
      }
      const { grouped, rest } = key === 'OR' ? groupAlternatives(collection, list, guard) : { grouped: [], rest: list };
      parts.push({
        [key]: [...grouped, ...rest.map((w) => toFilter(model, collection, w, guard, depth + 1, negated) ?? {})],
      });
    } else if (key === 'NOT') {
      if (value === null) continue;
      // NOT takes a list in the contract: none of them may match.
      const list = (Array.isArray(value) ? value : [value]) as Where[];
      for (const w of list) {
        const inner = toFilter(model, collection, w, guard, depth + 1, true);
        // NOT of an empty filter (which matches everything) matches nothing.
        parts.push(inner ? { NOT: inner } : { RAW: () => sql`0 = 1` });
      }
    } else {
      if (value === null) throw badUserInput(`where.${key} can't be null`);
      parts.push(fieldFilter(model, collection, key, value as Where, guard, depth, negated));
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { AND: parts };
}

function fieldFilter(
  model: Model,
  collection: Collection,
  key: string,
  value: Where,
  guard: FilterGuard | undefined,
  depth: number,
  negated: boolean,
): Filter {
  const field = collection.field.get(key);
  if (field) guard?.checkField(collection, field);
  if (field?.def.type === 'relation' || field?.def.type === 'reverse') {
    const target = relationTarget(model, field.def as RelationOptions | ReverseOptions, collection);
    const toMany = field.def.type === 'reverse' || !!(field.def as RelationOptions).many;
    // Related items the caller can't see take no part: as if they did not exist.
    const visible = guard?.readable(target);
    const related = (inner: Filter | undefined) =>
      visible ? (inner ? { AND: [inner, visible] } : visible) : (inner ?? {});
    if (!toMany) return { [key]: related(toFilter(model, target, value, guard, depth + 1)) };
    const parts: Filter[] = [];
    const { some, every, none } = value as Record<string, Where | undefined>;
    if (some) parts.push({ [key]: related(toFilter(model, target, some, guard, depth + 1)) });
    if (none) parts.push({ NOT: { [key]: related(toFilter(model, target, none, guard, depth + 1)) } });
    // "every" holds when no related item fails the condition (and so also for no related items). The inner
    // condition is two-valued, so a related item lacking the value counts as failing it.
    if (every) {
      const inner = toFilter(model, target, every, guard, depth + 1, true);
      if (inner) parts.push({ NOT: { [key]: related({ NOT: inner }) } });
    }
    if (parts.length === 0) return {};
    return parts.length === 1 ? parts[0]! : { AND: parts };
  }
  return operatorFilter(key, value, negated);
}

function relationTarget(model: Model, def: RelationOptions | ReverseOptions, _collection: Collection): Collection {
  return model.byName.get('to' in def ? def.to : def.from)!;
}

/**
 * Turns one field's operator object (`{contains: 'a', mode: insensitive}`) into filter parts.
 * `not` and `notIn` are the complements of `equals` and `in`, so they match items without a value too.
 */
function operatorFilter(key: string, ops: Where, negated = false): Filter {
  const insensitive = ops.mode === 'insensitive';
  const parts: Filter[] = [];
  let needsValue = false;
  const push = (filter: Record<string, unknown>) => parts.push({ [key]: filter });
  const raw = (build: Raw) => parts.push({ RAW: build });
  const orNull = (filter: Filter) => parts.push({ OR: [filter, { [key]: { isNull: true } }] });
  const isNullSql = (t: Record<string, Column>) => sql`${t[key]} is null`;
  const col = (t: Record<string, Column>) => (insensitive ? sql`lower(${t[key]})` : sql`${t[key]}`);
  const val = (v: unknown) => (insensitive ? sql`lower(${v})` : sql`${v}`);
  for (const [op, v] of Object.entries(ops)) {
    if (v === undefined || op === 'mode') continue;
    if (v === null && op !== 'isNull') throw badUserInput(`where.${key}.${op} can't be null; use isNull`);
    if (op === 'in' || op === 'notIn') {
      const list = v as unknown[];
      if (list.length > MAX_LIST) throw badUserInput(`where.${key}.${op} takes at most ${MAX_LIST} values`);
      if (op === 'in') needsValue = true;
      raw(
        op === 'in'
          ? inList(key, list, insensitive)
          : (t) => sql`(not ${inList(key, list, insensitive)(t)} or ${isNullSql(t)})`,
      );
      continue;
    }
    if (insensitive && typeof v !== 'boolean' && STRING_OPS.has(op) && op !== 'isNull') {
      // Text is compared Unicode-folded (case-fold.ts); order comparisons (lt, gt…) stay lower()'s ASCII order.
      const folded = typeof v === 'string' && op !== 'lt' && op !== 'lte' && op !== 'gt' && op !== 'gte';
      const value = folded ? foldCase(v) : v;
      const left = (t: Record<string, Column>) =>
        folded ? foldedColumn(sql`${t[key]}`, [value as string]).column : col(t);
      const right = folded ? sql`${value}` : val(v);
      switch (op) {
        case 'equals':
          raw((t) => sql`${left(t)} = ${right}`);
          needsValue = true;
          break;
        case 'not':
          raw((t) => sql`(${left(t)} <> ${right} or ${isNullSql(t)})`);
          break;
        default:
          raw((t) => stringOp(op, left(t), right) ?? compare(op, left(t), right));
          needsValue = true;
      }
      continue;
    }
    switch (op) {
      case 'equals':
        push({ eq: v });
        needsValue = true;
        break;
      case 'not':
        orNull({ [key]: { ne: v } });
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        push({ [op]: v });
        needsValue = true;
        break;
      case 'isNull':
        push(v ? { isNull: true } : { isNotNull: true });
        break;
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        // instr/substr rather than LIKE: case-sensitive, and no wildcard escaping to get wrong.
        raw((t) => stringOp(op, col(t), val(v))!);
        needsValue = true;
        break;
      default:
        throw badUserInput(`where.${key}: unknown operator "${op}"`);
    }
  }
  // Beneath a negation a comparison must be false, not unknown, for an item without a value (see toFilter).
  if (negated && needsValue) push({ isNotNull: true });
  if (parts.length === 0) return {};
  return parts.length === 1 ? parts[0]! : { AND: parts };
}

function stringOp(op: string, column: SQL, value: SQL): SQL | undefined {
  switch (op) {
    case 'contains':
      return sql`instr(${column}, ${value}) > 0`;
    case 'startsWith':
      return sql`substr(${column}, 1, length(${value})) = ${value}`;
    case 'endsWith':
      return sql`(length(${column}) >= length(${value}) and substr(${column}, -length(${value})) = ${value})`;
    default:
      return undefined;
  }
}

function compare(op: string, column: SQL, value: SQL): SQL {
  const symbol = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op];
  if (!symbol) throw badUserInput(`unknown operator "${op}"`);
  return sql`${column} ${sql.raw(symbol)} ${value}`;
}

/** `column in (the list)`, the list bound as one JSON parameter; an empty list matches nothing. */
function inList(key: string, values: unknown[], insensitive: boolean): Raw {
  if (values.length === 0) return () => sql`0 = 1`;
  if (!insensitive) return listPredicate(`in:${key}`, values, (t, list) => sql`${t[key]} in (${listValues(list)})`);
  const folded = values.map((v) => (typeof v === 'string' ? foldCase(v) : v));
  const texts = folded.filter((v): v is string => typeof v === 'string');
  // The fold chain is part of the SQL, so of the shape (json-list.ts): two lists needing one chain share it.
  const { key: chain } = foldedColumn(sql``, texts);
  return listPredicate(`in:${key}:insensitive:${chain}`, folded, (t, list) => {
    const column = foldedColumn(sql`${t[key]}`, texts).column;
    return sql`${column} in (select lower(value) from (${listValues(list)}))`;
  });
}

/**
 * OR alternatives that each test one field with one operator (`{ title: { contains: 'a' } }`) and share field,
 * operator and mode become one predicate over a JSON list: `exists (select 1 from json_each(?) where instr(…) > 0)`.
 * It holds exactly when one of them would (and, like them under a negation, is false for an item without a value).
 */
function groupAlternatives(collection: Collection, list: Where[], guard: FilterGuard | undefined) {
  const groups = new Map<
    string,
    { key: string; op: string; insensitive: boolean; values: unknown[]; items: Where[] }
  >();
  const rest: Where[] = [];
  for (const item of list) {
    const group = groupOf(collection, item);
    if (!group) {
      rest.push(item);
      continue;
    }
    const id = `${group.key}:${group.op}:${group.insensitive}`;
    const entry = groups.get(id) ?? { ...group, values: [], items: [] };
    entry.values.push(group.value);
    entry.items.push(item);
    groups.set(id, entry);
  }
  const grouped: Filter[] = [];
  for (const { key, op, insensitive, values, items } of groups.values()) {
    // A single alternative stays as it is (a plain filter the statement cache can shape).
    if (items.length === 1) {
      rest.push(items[0]!);
      continue;
    }
    if (values.length > MAX_LIST) throw badUserInput(`OR takes at most ${MAX_LIST} alternatives on ${key}.${op}`);
    const field = collection.field.get(key);
    if (field) guard?.checkField(collection, field);
    // Insensitive alternatives are all text (groupOf): folded here, the column by the chain they need (case-fold.ts).
    const list = insensitive ? values.map((v) => foldCase(v as string)) : values;
    const chain = insensitive ? foldedColumn(sql``, list as string[]).key : '';
    const shape = `some:${key}:${op}:${insensitive}:${chain}`;
    grouped.push({
      RAW: listPredicate(shape, list, (t, bound) => {
        const column = insensitive ? foldedColumn(sql`${t[key]}`, list as string[]).column : sql`${t[key]}`;
        return someListValue(bound, stringOp(op, column, LIST_VALUE) ?? sql`${column} = ${LIST_VALUE}`);
      }),
    });
  }
  return { grouped, rest };
}

/** The one field, operator and value an OR alternative tests, when it tests just that (see groupAlternatives). */
function groupOf(collection: Collection, item: Where) {
  if (!item || typeof item !== 'object') return undefined;
  const entries = Object.entries(item).filter(([, v]) => v !== undefined);
  if (entries.length !== 1) return undefined;
  const [key, ops] = entries[0]!;
  const field = collection.field.get(key) ?? (SYSTEM_COLUMNS.has(key) ? undefined : null);
  if (field === null || field?.def.type === 'relation' || field?.def.type === 'reverse') return undefined;
  if (!ops || typeof ops !== 'object' || Array.isArray(ops)) return undefined;
  const tests = Object.entries(ops).filter(([op, v]) => v !== undefined && op !== 'mode');
  if (tests.length !== 1) return undefined;
  const [op, value] = tests[0]!;
  if (!GROUPED_OPS.has(op)) return undefined;
  const insensitive = (ops as Where).mode === 'insensitive';
  const text = typeof value === 'string';
  if (op !== 'equals' ? !text : !(text || typeof value === 'number' || value instanceof Date)) return undefined;
  return { key, op, value, insensitive: insensitive && text };
}

/** `WhereUniqueInput` → a filter on exactly one unique field. */
export function uniqueFilter(collection: Collection, where: Record<string, unknown> | null | undefined): Filter {
  const entries = Object.entries(where ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length !== 1)
    throw badUserInput(
      `${collection.names.whereUnique} needs exactly one of ${['id', ...collection.uniqueFields.map((f) => f.name)].join(', ')}`,
    );
  const [key, value] = entries[0]!;
  return { [key]: value };
}

export { foreignKey };
