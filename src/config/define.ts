import type { CmsConfig, CollectionDefinition } from '../types/config';

/**
 * Declares a collection; returns its input unchanged, for types only (validated when the config is built).
 * @example
 * export default defineCollection({
 *   name: 'Tag',
 *   fields: { name: text({ required: true, unique: true }), slug: slug({ from: 'name' }) },
 * });
 */
export const defineCollection = <const C extends CollectionDefinition>(collection: C): C => collection;

/**
 * Declares the whole CMS config; returns its input unchanged.
 * @example
 * export default defineConfig({ collections: [author, post, tag] });
 */
export const defineConfig = <const C extends CmsConfig>(config: C): C => config;
