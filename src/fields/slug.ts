import { CmsConfigError } from '../errors';
import { stringType } from './text';
import type { Field, SlugOptions } from '../types/fields';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugType = {
  ...stringType((value) =>
    SLUG.test(value)
      ? undefined
      : { code: 'INVALID_SLUG', message: 'must be lowercase letters, digits and single hyphens' },
  ),
  check(field: Field, collection: string) {
    const def = field.def as SlugOptions;
    if (def.unique === false) throw new CmsConfigError(`${collection}.${field.name}: a slug is always unique`);
  },
};

/** Turns any text into a slug: lowercase ASCII words joined by single hyphens. */
export function slugify(source: string, maxLength = 96): string {
  return source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}

/**
 * A unique URL slug, derived from `from` when none is given (`Hello World!` → `hello-world`).
 * @example
 * slug: slug({ from: 'title' })
 */
export const slug = (options: SlugOptions = {}) => ({ type: 'slug' as const, ...options, unique: true });
