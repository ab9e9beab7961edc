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
