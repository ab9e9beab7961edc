import type { CmsConfig } from '../../types/config';
import type { PluginDefinition } from '../../types/plugin';
import { authPlugin } from './auth';
import { cachePlugin } from './cache';

/**
 * The built-in features' core plugins a config has, for the top-level build to hand to `buildModel`: they bring
 * GraphQL fields and hooks, so the model layer never loads them itself (`db:generate` loads no GraphQL code).
 * @example
 * const model = buildModel(config, { core: corePlugins(config) });
 */
export const corePlugins = (config: Pick<CmsConfig, 'cache'>): PluginDefinition[] => [
  authPlugin,
  ...(config.cache?.enabled === false ? [] : [cachePlugin]),
];
