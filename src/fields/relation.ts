import { text } from 'drizzle-orm/sqlite-core';
import type { Field, FieldType, RelationOptions, ReverseOptions } from '../types/fields';

export const relationType: FieldType = {
  // Only to-one relations own a column: the related item's id. To-many relations live in a join table.
  column: (field) => {
    const column = text(field.column);
    return (field.def as RelationOptions).required ? column.notNull() : column;
  },
  orderable: false,
};

export const reverseType: FieldType = { orderable: false };

/**
 * A link to another collection: to-one (`author`) or to-many (`tags`, a join table).
 * @example
 * author: relation({ to: 'Author' }),
 * tags: relation({ to: 'Tag', many: true }),
 */
export const relation = (options: RelationOptions) => ({ type: 'relation' as const, ...options });

/**
 * The read-only other side of a relation, as a connection.
 * @example
 * // on Author: the posts whose `author` is this author
 * posts: reverse({ from: 'Post', field: 'author' })
 */
export const reverse = (options: ReverseOptions) => ({ type: 'reverse' as const, ...options });

export const isToOne = (field: Field) => field.def.type === 'relation' && !field.def.many;
export const isToMany = (field: Field) => field.def.type === 'relation' && !!field.def.many;
