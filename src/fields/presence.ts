import type { BaseFieldOptions, Field, SlugOptions } from '../types/fields';

const optionsOf = (field: Field) => field.def as BaseFieldOptions<unknown>;

/** A slug filled in on create from another field (or, failing that, from the item's id). */
export const isDerived = (field: Field) => field.def.type === 'slug' && (field.def as SlugOptions).from !== undefined;

const isStored = (field: Field) => field.def.type !== 'relation' && field.def.type !== 'reverse';

/**
 * A stored field whose value is never missing: required, with a default, or a derived slug. Writes refuse null for
 * it, so the API types it non-null (output) and a generated client needs no null check.
 */
export function alwaysHasValue(field: Field): boolean {
  if (!isStored(field)) return false;
  const def = optionsOf(field);
  return !!def.required || def.default !== undefined || isDerived(field);
}

/** A create must give the field (a required relation too): nothing on the server (a default, a derivation) can. */
export function neededOnCreate(field: Field): boolean {
  const def = optionsOf(field) as { required?: boolean; default?: unknown };
  return !!def.required && def.default === undefined && !isDerived(field);
}

/**
 * What a read returns for a field that always has a value: the stored one or, for a row that holds none (written
 * before the field got its default, or null written before writes refused it), the default, or the id for a
 * derived slug (what a create derives when there is nothing to derive from). Never null for such a field, so a
 * legacy row can't turn into an error that nulls its parent.
 * @example
 * storedOrFallback(viewsField, { id: 'p1', views: null }) // 0, when `views: integer({ default: 0 })`
 */
export function storedOrFallback(field: Field, item: Record<string, unknown> & { id: string }): unknown {
  const value = item[field.name];
  if (value !== null && value !== undefined) return value;
  const fallback = optionsOf(field).default;
  if (fallback !== undefined) return field.def.type === 'datetime' ? new Date(fallback as string | Date) : fallback;
  return isDerived(field) ? item.id : null;
}
