import semver from 'semver';
import { CmsConfigError } from '../errors';
import type { PluginDefinition, PluginEventName } from '../types/plugin';
import { isCore } from './core';
import { checkSettingsSchema } from './plugin-settings';

/** The events a plugin may listen to (`definePlugin({ events })`; see `PluginEvents`). */
export const PLUGIN_EVENTS: readonly PluginEventName[] = [
  'beforeLogin',
  'afterLogin',
  'afterRegister',
  'passwordResetRequested',
  'afterInvite',
  'afterWorkflowTransition',
  'afterUpload',
  'afterInvalidate',
  'requestStart',
  'requestEnd',
];

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KEYS = new Set([
  'name',
  'version',
  'description',
  'dependencies',
  'collections',
  'hooks',
  'events',
  'schema',
  'envelop',
  'services',
  'settings',
  'migrations',
  'routes',
  'maxUploadBytes',
  'queues',
  'productionProblems',
]);
/**
 * Envelop hooks a plugin may use: those that run after the permissions step, once the request's plugin states are
 * known, so they can be switched with the plugin (the pipeline's plugin middleware slot).
 */
export const ENVELOP_HOOKS = new Set([
  'onContextBuilding',
  'onExecute',
  'onSubscribe',
  'onResultProcess',
  'onResponse',
]);

/**
 * Validates the config's plugins and returns them with their dependencies first (ties keep the config's order).
 * Each mistake is a `CmsConfigError` naming the plugin: name format, semver, unknown keys, duplicate names, missing
 * dependencies or versions outside the range, dependency cycles, settings schemas, envelop hooks.
 * @example
 * resolvePlugins([workflow, auth]); // [auth, workflow] when workflow depends on auth
 */
export function resolvePlugins(plugins: readonly PluginDefinition[] = []): PluginDefinition[] {
  if (!Array.isArray(plugins)) throw new CmsConfigError('`plugins` must be a list of definePlugin() objects');
  const byName = new Map<string, PluginDefinition>();
  for (const plugin of plugins) {
    checkPlugin(plugin);
    if (isCore(byName.get(plugin.name)))
      throw new CmsConfigError(`Plugin "${plugin.name}" has the name of a core plugin of the CMS; rename it`);
    if (byName.has(plugin.name)) throw new CmsConfigError(`Plugin "${plugin.name}" is listed twice`);
    byName.set(plugin.name, plugin);
  }
  for (const plugin of plugins) {
    for (const [name, range] of Object.entries<string>(plugin.dependencies ?? {})) {
      const dependency = byName.get(name);
      if (!dependency)
        throw new CmsConfigError(`Plugin "${plugin.name}" depends on "${name}", which is not in the config's plugins`);
      if (!semver.satisfies(dependency.version, range))
        throw new CmsConfigError(
          `Plugin "${plugin.name}" needs ${name} ${range}, but ${name} is ${dependency.version}`,
        );
    }
  }
  const sorted: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: PluginDefinition, path: string[]) => {
    if (state.get(plugin.name) === 'done') return;
    if (state.get(plugin.name) === 'visiting')
      throw new CmsConfigError(
        `Plugin dependency cycle: ${[...path.slice(path.indexOf(plugin.name)), plugin.name].join(' → ')}`,
      );
    state.set(plugin.name, 'visiting');
    for (const name of Object.keys(plugin.dependencies ?? {})) visit(byName.get(name)!, [...path, plugin.name]);
    state.set(plugin.name, 'done');
    sorted.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return sorted;
}

function checkPlugin(plugin: PluginDefinition) {
  if (!plugin || typeof plugin !== 'object')
    throw new CmsConfigError('A plugin must be a definePlugin({ name, version, … }) object');
  const label = typeof plugin.name === 'string' ? `Plugin "${plugin.name}"` : 'A plugin';
  if (typeof plugin.name !== 'string' || !NAME.test(plugin.name) || plugin.name.length > 50)
    throw new CmsConfigError(`${label}: the name must be kebab-case (a-z, 0-9, dashes), at most 50 characters`);
  if (typeof plugin.version !== 'string' || !semver.valid(plugin.version))
    throw new CmsConfigError(`${label}: version "${String(plugin.version)}" is not a semantic version (e.g. 1.0.0)`);
  for (const key of Object.keys(plugin))
    if (!KEYS.has(key)) throw new CmsConfigError(`${label}: unknown key "${key}" (${[...KEYS].join(', ')})`);
  for (const [name, range] of Object.entries<string>(plugin.dependencies ?? {})) {
    if (name === plugin.name) throw new CmsConfigError(`${label} depends on itself`);
    if (typeof range !== 'string' || !semver.validRange(range))
      throw new CmsConfigError(`${label}: dependency ${name} has an invalid range "${String(range)}"`);
  }
  for (const key of ['schema', 'services'] as const)
    if (plugin[key] !== undefined && typeof plugin[key] !== 'function')
      throw new CmsConfigError(`${label}: ${key} must be a function`);
  if (plugin.collections !== undefined && !Array.isArray(plugin.collections))
    throw new CmsConfigError(`${label}: collections must be a list`);
  if (plugin.envelop !== undefined && !Array.isArray(plugin.envelop))
    throw new CmsConfigError(`${label}: envelop must be a list of plugins`);
  for (const envelop of plugin.envelop ?? [])
    for (const hook of Object.keys(envelop ?? {}))
      if (!ENVELOP_HOOKS.has(hook))
        throw new CmsConfigError(
          `${label}: envelop hook "${hook}" can't be switched off with the plugin; use one of ${[...ENVELOP_HOOKS].join(', ')}`,
        );
  for (const migration of plugin.migrations ?? [])
    if (typeof migration?.name !== 'string' || !Array.isArray(migration.up) || !Array.isArray(migration.down))
      throw new CmsConfigError(`${label}: each migration needs a name and up and down lists of SQL statements`);
  for (const [event, input] of Object.entries(plugin.events ?? {})) {
    if (!(PLUGIN_EVENTS as readonly string[]).includes(event))
      throw new CmsConfigError(`${label}: unknown event hook "${event}" (${PLUGIN_EVENTS.join(', ')})`);
    const handler = typeof input === 'function' ? input : (input as { handler?: unknown })?.handler;
    if (typeof handler !== 'function')
      throw new CmsConfigError(`${label}: event hook ${event} needs a handler function`);
  }
  for (const [prefix, route] of Object.entries(plugin.routes ?? {}))
    if (!/^\/[a-z0-9-]+\/$/.test(prefix) || typeof route !== 'function' || ['/graphql/', '/health/'].includes(prefix))
      throw new CmsConfigError(
        `${label}: route "${prefix}" must be a path prefix like "/media/" with a handler function`,
      );
  if (
    plugin.maxUploadBytes !== undefined &&
    (!Number.isSafeInteger(plugin.maxUploadBytes) || plugin.maxUploadBytes <= 0)
  )
    throw new CmsConfigError(`${label}: maxUploadBytes must be a positive whole number`);
  checkSettingsSchema(plugin.settings ?? {}, label);
}
