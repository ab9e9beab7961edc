import { text } from 'drizzle-orm/sqlite-core';
import { CmsConfigError } from '../errors';
import { finish } from './shared';
import type { FieldType, SelectOptions } from '../types/fields';

const ENUM_VALUE = /^[_A-Za-z][_0-9A-Za-z]*$/;

export const selectType: FieldType = {
  column: (field) => finish(text(field.column), field),
  filter: 'enum',
  orderable: true,
  check(field, collection) {
    const def = field.def as SelectOptions;
    if (!Array.isArray(def.options) || def.options.length === 0)
      throw new CmsConfigError(`${collection}.${field.name}: a select needs at least one option`);
    for (const option of def.options) {
      if (!ENUM_VALUE.test(option) || ['true', 'false', 'null'].includes(option))
        throw new CmsConfigError(`${collection}.${field.name}: option "${option}" is not a valid GraphQL enum value`);
    }
    if (new Set(def.options).size !== def.options.length)
      throw new CmsConfigError(`${collection}.${field.name}: options repeat`);
    if (def.default !== undefined && !def.options.includes(def.default))
      throw new CmsConfigError(`${collection}.${field.name}: default "${def.default}" is not one of the options`);
  },
  validate(value, field) {
    const { options } = field.def as SelectOptions;
    return typeof value === 'string' && options.includes(value)
      ? undefined
      : { code: 'NOT_ALLOWED', message: `must be one of ${options.join(', ')}` };
  },
};

/**
 * One value of a fixed list; a GraphQL enum named `<Collection><Field>` (e.g. `PostCategory`).
 * @example
 * category: select({ options: ['news', 'guide'], default: 'news' })
 */
export const select = <const V extends string>(options: SelectOptions<V>) => ({ type: 'select' as const, ...options });
