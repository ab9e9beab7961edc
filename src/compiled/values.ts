// How a stored column reads as the JSON value GraphQL would write for it, in SQL: dates as RFC 3339 in UTC with
// milliseconds (`toISOString`), booleans as true/false, enums checked against their values. Where SQLite can't
// write exactly what JavaScript would (a float JavaScript prints with more digits, a date outside years 0–9999), or
// where GraphQL would fail (an Int out of 32 bits, a value no enum has), the value is FALLBACK: the compiled read
// gives up and the resolvers answer, so a difference never reaches a client.
import type { Field, SelectOptions } from '../types/fields';
import { alwaysHasValue, isDerived } from '../fields/presence';

// FALLBACK, a string no stored value is (`\u0001cms:fallback`): where it shows in a compiled result, the result is
// not used. As SQL, and as it appears in JSON text written by SQLite:
const FALLBACK_SQL = `char(1) || 'cms:fallback'`;
export const FALLBACK_JSON = '\\u0001cms:fallback';

// The isolate's random part of the markers below, made on first use: a Worker may not make random values at module
// scope. It keeps stored text from passing for a marker.
let nonce: string | undefined;
const nonceOf = () => (nonce ??= crypto.randomUUID().slice(0, 8));

/**
 * Starts a cursor's marker: the kinds of its keys and their raw values, which the read turns into the resolvers'
 * cursor after the statement (SQLite has no base64).
 */
export const cursorMark = () => `\u0002${nonceOf()}`;

/**
 * The key under which each item's JSON object carries its tag (`Post:42`), first: the read takes the tags out of the
 * JSON after the statement, so one statement gives the answer and what it holds.
 */
export const tagMark = () => `\u0003${nonceOf()}`;

export type ValueKind = 'id' | 'string' | 'int' | 'float' | 'boolean' | 'datetime' | 'status' | 'json' | 'enum';

/** A SQL string literal. */
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The kind of a field's value, as its GraphQL type writes it. */
export function valueKind(field: Field): ValueKind {
  if (field.def.type === 'select') return 'enum';
  switch (field.kind.scalar) {
    case 'Int':
      return 'int';
    case 'Float':
      return 'float';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return 'datetime';
    case 'JSON':
      return 'json';
    default:
      return 'string';
  }
}

// 9999-12-31T23:59:59.999Z: past it `toISOString` writes a six-digit year.
const LAST_MS = 253402300799999;

/** `CASE WHEN … THEN … END`, FALLBACK for anything no branch takes. */
const cases = (...branches: Array<[string, string]>) =>
  `CASE ${branches.map(([when, then]) => `WHEN ${when} THEN ${then}`).join(' ')} ELSE ${FALLBACK_SQL} END`;

/** The JSON value of a column of a kind (`column` is a qualified column, e.g. `"q0"."title"`). */
export function valueSql(kind: ValueKind, column: string, options?: readonly string[]): string {
  switch (kind) {
    case 'id':
    case 'string':
      return column;
    case 'status':
      return column;
    case 'enum': {
      const known = options!.map(literal).join(', ');
      return cases([`${column} IS NULL OR ${column} IN (${known})`, column]);
    }
    case 'int':
      return cases([
        `${column} IS NULL OR (typeof(${column}) = 'integer' AND ${column} BETWEEN -2147483648 AND 2147483647)`,
        column,
      ]);
    case 'float': {
      // `%.15g` is JavaScript's shortest form when it reads back as the same number and needs no exponent.
      const printed = `printf('%.15g', ${column})`;
      const plain = `typeof(${column}) IN ('real', 'integer') AND abs(${column}) >= 1e-4 AND abs(${column}) < 1e15`;
      return cases(
        [`${column} IS NULL`, 'NULL'],
        [`${column} = 0`, '0'],
        [`${plain} AND CAST(${printed} AS REAL) = ${column}`, `json(${printed})`],
      );
    }
    case 'boolean':
      return cases(
        [`${column} IS NULL`, 'NULL'],
        [`${column} = 1`, `json('true')`],
        [`${column} = 0`, `json('false')`],
      );
    case 'datetime': {
      const seconds = `strftime('%Y-%m-%dT%H:%M:%S', ${column} / 1000, 'unixepoch')`;
      return cases(
        [`${column} IS NULL`, 'NULL'],
        [
          `typeof(${column}) = 'integer' AND ${column} BETWEEN 0 AND ${LAST_MS}`,
          `${seconds} || printf('.%03dZ', ${column} % 1000)`,
        ],
      );
    }
    case 'json':
      return `json(${column})`;
  }
}

/** A default value as the JSON literal GraphQL would write for it. */
function defaultSql(kind: ValueKind, value: unknown): string {
  switch (kind) {
    case 'datetime':
      return literal(new Date(value as string | Date).toISOString());
    case 'boolean':
      return value ? `json('true')` : `json('false')`;
    case 'int':
    case 'float':
      return `json(${literal(JSON.stringify(value))})`;
    case 'json':
      return `json(${literal(JSON.stringify(value))})`;
    default:
      return literal(String(value));
  }
}

/**
 * A field's JSON value on an item (`alias` is the item's table alias), with the fallback `storedOrFallback` gives a
 * field that always has a value: its default, or the item's id for a derived slug.
 */
export function fieldSql(field: Field, alias: string, columnName: string): string {
  const kind = valueKind(field);
  const column = `"${alias}"."${columnName}"`;
  const value = valueSql(kind, column, field.def.type === 'select' ? (field.def as SelectOptions).options : undefined);
  if (!alwaysHasValue(field)) return value;
  const fallback = (field.def as { default?: unknown }).default;
  if (fallback !== undefined) return `COALESCE(${value}, ${defaultSql(kind, fallback)})`;
  if (isDerived(field)) return `COALESCE(${value}, "${alias}"."id")`;
  // Required with nothing to fall back on: GraphQL would fail on a null here.
  return `COALESCE(${value}, ${FALLBACK_SQL})`;
}
