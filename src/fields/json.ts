import { text } from 'drizzle-orm/sqlite-core';
import { finish } from './shared';
import type { FieldType, JsonOptions } from '../types/fields';

// Big enough for long rich-text documents, small enough that one row stays well inside D1's limits.
const MAX_JSON_BYTES = 512 * 1024;

export const jsonType: FieldType = {
  column: (field) => finish(text(field.column, { mode: 'json' }), field),
  scalar: 'JSON',
  filter: 'json',
  orderable: false,
  validate(value) {
    const encoded = JSON.stringify(value);
    if (encoded === undefined) return { code: 'INVALID_TYPE', message: 'must be JSON' };
    if (new TextEncoder().encode(encoded).length > MAX_JSON_BYTES)
      return { code: 'TOO_LARGE', message: `must be at most ${MAX_JSON_BYTES} bytes of JSON` };
    return undefined;
  },
};

export const richTextType: FieldType = {
  ...jsonType,
  validate(value) {
    // A rich-text document is an object or an array of blocks, never a bare scalar.
    if (value === null || typeof value !== 'object')
      return { code: 'INVALID_TYPE', message: 'must be a JSON object or array' };
    return jsonType.validate!(value, undefined as never);
  },
};

/**
 * Any JSON value, stored as text.
 * @example
 * meta: json()
 */
export const json = (options: JsonOptions = {}) => ({ type: 'json' as const, ...options });

/**
 * A rich-text document (an editor's JSON: an object or an array of blocks).
 * @example
 * body: richText()
 */
export const richText = (options: JsonOptions = {}) => ({ type: 'richText' as const, ...options });
