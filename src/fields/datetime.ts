import { CmsConfigError } from '../errors';
import { finish, timestampColumn } from './shared';
import type { DateTimeOptions, Field, FieldType } from '../types/fields';

const options = (field: Field) => field.def as DateTimeOptions;
const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

export const datetimeType: FieldType = {
  // Milliseconds since the epoch: compact, indexable, and ordered the same as time.
  column: (field) => finish(timestampColumn(field.column), field, (v) => toDate(v as string | Date)),
  scalar: 'DateTime',
  filter: 'datetime',
  orderable: true,
  check(field, collection) {
    for (const bound of [options(field).min, options(field).max, options(field).default]) {
      if (bound !== undefined && Number.isNaN(toDate(bound).getTime()))
        throw new CmsConfigError(`${collection}.${field.name}: ${String(bound)} is not a date`);
    }
  },
  validate(value, field) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime()))
      return { code: 'INVALID_TYPE', message: 'must be a date-time' };
    const { min, max } = options(field);
    if (min !== undefined && value < toDate(min))
      return { code: 'TOO_EARLY', message: `must not be before ${toDate(min).toISOString()}` };
    if (max !== undefined && value > toDate(max))
      return { code: 'TOO_LATE', message: `must not be after ${toDate(max).toISOString()}` };
    return undefined;
  },
};

/**
 * A point in time; GraphQL `DateTime` (ISO 8601), stored as epoch milliseconds.
 * @example
 * eventAt: datetime({ index: true })
 */
export const datetime = (options: DateTimeOptions = {}) => ({ type: 'datetime' as const, ...options });
