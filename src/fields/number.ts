import { integer as integerColumn, real } from 'drizzle-orm/sqlite-core';
import { checkRange, finish, rangeProblem } from './shared';
import type { Field, FieldType, NumberOptions } from '../types/fields';

const options = (field: Field) => field.def as NumberOptions;
const check = (field: Field, collection: string) =>
  checkRange(field, collection, options(field).min, options(field).max);

export const integerType: FieldType = {
  column: (field) => finish(integerColumn(field.column, { mode: 'number' }), field),
  scalar: 'Int',
  filter: 'int',
  orderable: true,
  check,
  validate(value, field) {
    // GraphQL's Int is 32-bit already; this guards values that reach an operation from code.
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return { code: 'INVALID_TYPE', message: 'must be an integer' };
    return rangeProblem(value, options(field));
  },
};

export const floatType: FieldType = {
  column: (field) => finish(real(field.column), field),
  scalar: 'Float',
  filter: 'float',
  orderable: true,
  check,
  validate(value, field) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return { code: 'INVALID_TYPE', message: 'must be a finite number' };
    return rangeProblem(value, options(field));
  },
};

/**
 * A whole number, stored as an SQLite INTEGER.
 * @example
 * views: integer({ min: 0, default: 0 })
 */
export const integer = (options: NumberOptions = {}) => ({ type: 'integer' as const, ...options });

/**
 * A floating-point number, stored as an SQLite REAL.
 * @example
 * rating: float({ min: 0, max: 5 })
 */
export const float = (options: NumberOptions = {}) => ({ type: 'float' as const, ...options });
