import { foreignKey } from '../config/collection';
import type { Collection } from '../types/collection';
import type { Model } from '../types/cms';
import type { FieldError } from '../errors';
import type { RelationOptions } from '../types/fields';
import { alwaysHasValue, neededOnCreate } from '../fields/presence';
import { uniqueFilter } from '../query/where';

export type Path = (string | number)[];
export type Mode = 'create' | 'update';

/** A related item named by a `WhereUniqueInput`, still to be looked up. */
export interface ConnectRequest {
  target: Collection;
  key: string;
  value: unknown;
  path: Path;
  /** Disconnecting something that does not exist is a no-op, not a mistake. */
  optional: boolean;
  resolve(id: string): void;
}

/** Link changes of one to-many field, as related ids once resolved. */
export interface LinkChange {
  set?: string[];
  connect: string[];
  disconnect: string[];
}

/** One item's input, read and checked: column values, link changes and the lookups still to do. */
export interface ReadInput {
  /** The item's id: a new one on create, the existing one on update. */
  id: string;
  path: Path;
  /** Values keyed like the Drizzle table's columns (field names; `authorId` for to-one relations). */
  values: Record<string, unknown>;
  links: Map<string, LinkChange>;
  connects: ConnectRequest[];
  /** The data the hooks produced, as given: slug derivation reads its source field from here. */
  data: Record<string, unknown>;
}

const problem = (errors: FieldError[], path: Path, code: string, message: string) =>
  errors.push({ path, code, message });

/**
 * Checks one item's `data` against the collection's definitions and turns it into column values. Every problem is
 * pushed to `errors` (nothing is thrown for them) so that a form gets all of them at once. Values of fields that
 * are absent stay absent: on create the column default applies, on update the column keeps its value.
 */
export function readInput(
  model: Model,
  collection: Collection,
  item: { id: string; data: Record<string, unknown>; path: Path },
  mode: Mode,
  errors: FieldError[],
): ReadInput {
  const { id, data, path } = item;
  const input: ReadInput = { id, path, values: {}, links: new Map(), connects: [], data };
  for (const field of collection.fields) {
    const value = data[field.name];
    const at = [...path, field.name];
    if (field.def.type === 'reverse') continue;
    if (field.def.type === 'relation') {
      const target = model.byName.get((field.def as RelationOptions).to)!;
      if (field.def.many) readToMany(input, field.name, target, value, at, errors);
      else readToOne(input, field as { name: string; def: { required?: boolean } }, target, value, mode, at, errors);
      continue;
    }
    if (value === undefined) {
      if (mode === 'create' && neededOnCreate(field)) problem(errors, at, 'REQUIRED', 'is required');
      continue;
    }
    if (value === null) {
      // A field with a default or a derived slug always has a value too: the API types it non-null.
      if ((field.def as { required?: boolean }).required)
        problem(errors, at, 'REQUIRED', 'is required and cannot be null');
      else if (alwaysHasValue(field)) problem(errors, at, 'REQUIRED', 'cannot be null: leave it out to keep its value');
      else input.values[field.name] = null;
      continue;
    }
    const found = field.kind.validate?.(value, field);
    if (found) problem(errors, at, found.code, found.message);
    else input.values[field.name] = field.kind.toDb ? field.kind.toDb(value) : value;
  }
  return input;
}

function readToOne(
  input: ReadInput,
  field: { name: string; def: { required?: boolean } },
  target: Collection,
  value: unknown,
  mode: Mode,
  at: Path,
  errors: FieldError[],
) {
  const key = foreignKey(field);
  const required = !!field.def.required;
  const given = value as { connect?: Record<string, unknown> | null; disconnect?: boolean | null } | null | undefined;
  const connect = given?.connect ?? undefined;
  const disconnect = given?.disconnect === true || (mode === 'update' && given === null);
  if (connect && disconnect) return problem(errors, at, 'INVALID_RELATION', 'give connect or disconnect, not both');
  if (disconnect) {
    if (required) return problem(errors, at, 'REQUIRED', 'is required and cannot be disconnected');
    input.values[key] = null;
    return;
  }
  if (!connect) {
    if (mode === 'create' && required) problem(errors, at, 'REQUIRED', 'is required');
    return;
  }
  const [k, v] = Object.entries(uniqueFilter(target, connect))[0]!;
  input.connects.push({
    target,
    key: k,
    value: v,
    path: [...at, 'connect'],
    optional: false,
    resolve: (id) => {
      input.values[key] = id;
    },
  });
}

function readToMany(
  input: ReadInput,
  name: string,
  target: Collection,
  value: unknown,
  at: Path,
  errors: FieldError[],
) {
  if (value == null) return;
  const given = value as Record<'connect' | 'disconnect' | 'set', Record<string, unknown>[] | null | undefined>;
  if (given.set && (given.connect?.length || given.disconnect?.length))
    return problem(errors, at, 'INVALID_RELATION', 'give set, or connect and disconnect, not both');
  const change: LinkChange = { connect: [], disconnect: [] };
  if (given.set) change.set = [];
  input.links.set(name, change);
  for (const op of ['set', 'connect', 'disconnect'] as const) {
    (given[op] ?? []).forEach((where, index) => {
      const [k, v] = Object.entries(uniqueFilter(target, where))[0]!;
      input.connects.push({
        target,
        key: k,
        value: v,
        path: [...at, op, index],
        optional: op === 'disconnect',
        resolve: (id) => {
          const list = op === 'set' ? change.set! : change[op];
          if (!list.includes(id)) list.push(id);
        },
      });
    });
  }
}
