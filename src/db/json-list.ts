import { type SQL, sql } from 'drizzle-orm';

// D1 binds at most 100 parameters per statement. A list of values (an `in` filter, or an OR of one field's
// conditions) is bound as one parameter, a JSON array read back row by row with SQLite's `json_each`, so its length
// costs one parameter however long it is. Values stay bound: nothing the caller sends becomes SQL text.

type Table = Record<string, unknown>;
/** Builds a predicate on a table with the list's parameter: its JSON text, or the placeholder standing for it. */
export type ListPredicateBuild = (table: Table, list: unknown) => SQL;

/** A filter's RAW predicate over a JSON list; statement shaping puts its JSON in a slot like any value. */
export interface ListPredicate {
  (table: Table): SQL;
  /** The predicate's structure (column, operator, mode), the same for every list it is built with. */
  readonly shape: string;
  readonly json: string;
  readonly build: ListPredicateBuild;
}

const predicates = new WeakSet<object>();

/** A value as its column stores it: a date its epoch milliseconds, a boolean 1 or 0 (how Drizzle would bind it). */
const stored = (value: unknown) =>
  value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value;

/**
 * A RAW filter predicate over `values` bound as one JSON parameter.
 * @example
 * const inTitles = listPredicate('in:title', ['a', 'b'], (t, list) => sql`${t.title} in (${listValues(list)})`);
 */
export function listPredicate(shape: string, values: readonly unknown[], build: ListPredicateBuild): ListPredicate {
  const json = JSON.stringify(values.map(stored));
  const predicate = Object.assign((table: Table) => build(table, json), { shape, json, build });
  predicates.add(predicate);
  return predicate;
}

export const isListPredicate = (value: unknown): value is ListPredicate =>
  typeof value === 'function' && predicates.has(value);

/** The rows of a JSON list parameter: `select value from json_each(?)`. */
export const listValues = (list: unknown) => sql`select cms_list.value from json_each(${list}) as cms_list`;

/** A list's value, for predicates of the form `exists (select 1 from json_each(?) as cms_list where …)`. */
export const LIST_VALUE = sql`cms_list.value`;

/** Whether some value of a JSON list parameter satisfies `test(value)`. */
export const someListValue = (list: unknown, test: SQL) =>
  sql`exists (select 1 from json_each(${list}) as cms_list where ${test})`;
