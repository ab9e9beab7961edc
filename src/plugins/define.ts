import type { PluginDefinition, SettingsSchema } from '../types/plugin';

/**
 * Declares a plugin; returns its input unchanged, for types only (validated when the config is built).
 * @example
 * export default definePlugin({
 *   name: 'reading-time',
 *   version: '1.0.0',
 *   settings: { wordsPerMinute: { type: 'integer', default: 200, min: 50, max: 1000 } },
 *   hooks: { Post: { beforeCreate: ({ data }) => ({ ...data, readingMinutes: 1 }) } },
 * });
 */
export const definePlugin = <const S extends SettingsSchema = SettingsSchema>(
  plugin: PluginDefinition<S>,
): PluginDefinition<S> => plugin;
