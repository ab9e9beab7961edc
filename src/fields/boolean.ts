import { integer } from 'drizzle-orm/sqlite-core';
import { finish } from './shared';
import type { BaseFieldOptions, FieldType } from '../types/fields';

export const booleanType: FieldType = {
  column: (field) => finish(integer(field.column, { mode: 'boolean' }), field),
  scalar: 'Boolean',
  filter: 'boolean',
  orderable: true,
  validate: (value) =>
    typeof value === 'boolean' ? undefined : { code: 'INVALID_TYPE', message: 'must be true or false' },
};

/**
 * True or false, stored as 0/1.
 * @example
 * featured: boolean({ default: false })
 */
export const boolean = (options: BaseFieldOptions<boolean> = {}) => ({ type: 'boolean' as const, ...options });
