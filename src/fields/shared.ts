import { integer } from 'drizzle-orm/sqlite-core';
import { CmsConfigError } from '../errors';
import type { BaseFieldOptions, Field, ValueProblem } from '../types/fields';

/** Applies the options common to every stored column. */
export function finish<C extends { notNull(): C; default(v: never): C }>(
  builder: C,
  field: Field,
  toDb = (v: unknown) => v,
): C {
  const def = field.def as BaseFieldOptions<unknown>;
  let column = builder;
  if (def.required) column = column.notNull();
  if (def.default !== undefined) column = column.default(toDb(def.default) as never);
  return column;
}

export const timestampColumn = (name: string) => integer(name, { mode: 'timestamp_ms' });

export function lengthProblem(
  value: string,
  def: { minLength?: number; maxLength?: number },
): ValueProblem | undefined {
  const length = [...value].length;
  if (def.minLength !== undefined && length < def.minLength)
    return { code: 'TOO_SHORT', message: `must be at least ${def.minLength} characters` };
  if (def.maxLength !== undefined && length > def.maxLength)
    return { code: 'TOO_LONG', message: `must be at most ${def.maxLength} characters` };
  return undefined;
}

export function rangeProblem(value: number, def: { min?: number; max?: number }): ValueProblem | undefined {
  if (def.min !== undefined && value < def.min) return { code: 'TOO_SMALL', message: `must be at least ${def.min}` };
  if (def.max !== undefined && value > def.max) return { code: 'TOO_LARGE', message: `must be at most ${def.max}` };
  return undefined;
}

export function checkRange(field: Field, collection: string, lo?: number, hi?: number) {
  if (lo !== undefined && hi !== undefined && lo > hi)
    throw new CmsConfigError(`${collection}.${field.name}: the minimum (${lo}) is above the maximum (${hi})`);
}

export function toRegExp(pattern: string | RegExp): RegExp {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = typeof pattern === 'string' ? '' : pattern.flags.replace('g', '');
  return new RegExp(`^(?:${source})$`, flags);
}
