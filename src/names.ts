import type { CollectionNames } from './types/collection';

export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const snakeCase = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();

/** Naive English plural, overridable per collection with `plural`. */
export function pluralise(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/**
 * @example
 * names({ name: 'Post' }).whereUnique // 'PostWhereUniqueInput'
 * names({ name: 'Post' }).createMany  // 'createPosts'
 */
export function names(collection: { name: string; plural?: string; table?: string }): CollectionNames {
  const type = collection.name;
  const list = collection.plural ?? lowerFirst(pluralise(type));
  const List = upperFirst(list);
  return {
    type,
    one: lowerFirst(type),
    list,
    table: collection.table ?? snakeCase(list),
    where: `${type}WhereInput`,
    whereUnique: `${type}WhereUniqueInput`,
    orderBy: `${type}OrderByInput`,
    createInput: `${type}CreateInput`,
    updateInput: `${type}UpdateInput`,
    connection: `${type}Connection`,
    edge: `${type}Edge`,
    create: `create${type}`,
    createMany: `create${List}`,
    update: `update${type}`,
    updateMany: `update${List}`,
    delete: `delete${type}`,
    deleteMany: `delete${List}`,
    publish: `publish${type}`,
    unpublish: `unpublish${type}`,
  };
}
