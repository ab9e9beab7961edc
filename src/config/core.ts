import type { CmsConfig } from '../types/config';
import type { PluginDefinition } from '../types/plugin';

const core = new WeakSet<PluginDefinition>();

/**
 * Marks a built-in feature's plugin as core: always active (no state in D1, never switched off, uninstalled or
 * gated), set up before every other plugin, so plugins may depend on it (`dependencies: { auth: '^1.0.0' }`). Its
 * pipeline steps keep their fixed places; the plugin brings its schema and hooks through the common API.
 */
export function defineCorePlugin<P extends PluginDefinition<any>>(plugin: P): P {
  core.add(plugin);
  return plugin;
}

export const isCore = (plugin: PluginDefinition<any> | undefined): boolean => plugin !== undefined && core.has(plugin);

/**
 * The core plugins as the model knows them: name, version and description, no schema or hooks. A model built
 * without the full ones (`db:generate`, seeding) validates plugins' dependencies on them all the same; the top-level
 * build hands in the full plugins (src/plugins/core/), which spread these.
 */
export const AUTH_CORE = defineCorePlugin<PluginDefinition>({
  name: 'auth',
  version: '1.0.0',
  description: 'Sign-in, JWT access and refresh tokens, sessions, users, invites and API tokens.',
});

export const CACHE_CORE = defineCorePlugin<PluginDefinition>({
  name: 'cache',
  version: '1.0.0',
  description: 'The memory → KV response cache: invalidation by entity, stats and purges.',
});

/** The core plugins a config has, as the model knows them: auth always, the cache unless it is turned off. */
export const coreManifests = (config: Pick<CmsConfig, 'cache'>): PluginDefinition[] => [
  AUTH_CORE,
  ...(config.cache?.enabled === false ? [] : [CACHE_CORE]),
];
