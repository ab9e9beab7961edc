import { text as textColumn } from 'drizzle-orm/sqlite-core';
import { CmsConfigError } from '../errors';
import { checkRange, finish, lengthProblem, toRegExp } from './shared';
import type { Field, FieldType, TextOptions } from '../types/fields';

const options = (field: Field) => field.def as TextOptions;

function checkText(field: Field, collection: string) {
  const def = options(field);
  checkRange(field, collection, def.minLength, def.maxLength);
  if (typeof def.pattern === 'string') {
    try {
      new RegExp(def.pattern);
    } catch {
      throw new CmsConfigError(`${collection}.${field.name}: pattern ${def.pattern} is not a valid regular expression`);
    }
  }
}

/** Shared by text, textarea, email, url and slug: a string column with length and pattern rules. */
export function stringType(
  extra?: (value: string, field: Field) => { code: string; message: string } | undefined,
): FieldType {
  return {
    column: (field) => finish(textColumn(field.column), field),
    scalar: 'String',
    filter: 'string',
    orderable: true,
    check: checkText,
    validate(value, field) {
      if (typeof value !== 'string') return { code: 'INVALID_TYPE', message: 'must be a string' };
      const def = options(field);
      const problem = lengthProblem(value, def) ?? extra?.(value, field);
      if (problem) return problem;
      if (def.pattern !== undefined && !toRegExp(def.pattern).test(value))
        return { code: 'PATTERN_MISMATCH', message: `must match ${String(def.pattern)}` };
      return undefined;
    },
  };
}

export const textType = stringType();

/**
 * A single-line string.
 * @example
 * title: text({ required: true, maxLength: 200 })
 */
export const text = (options: TextOptions = {}) => ({ type: 'text' as const, ...options });

/**
 * A long, multi-line string; the same rules as `text`.
 * @example
 * excerpt: textarea({ maxLength: 500 })
 */
export const textarea = (options: TextOptions = {}) => ({ type: 'textarea' as const, ...options });
