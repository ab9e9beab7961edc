import { CmsConfigError } from '../errors';
import type { ContentModel } from '../types/cms';
import type { Collection } from '../types/collection';
import type { CmsConfig } from '../types/config';
import type { RelationOptions, ReverseOptions, SlugOptions } from '../types/fields';
import type { PluginDefinition } from '../types/plugin';
import { normaliseCollection } from './collection';
import { coreManifests } from './core';
import { resolvePlugins } from './plugins';

// Types and root fields of the CMS's own API (roles and permissions); a collection named so would clash.
const RESERVED_NAMES = new Set([
  'Role',
  'Permission',
  'PermissionAction',
  'PermissionScope',
  'role',
  'roles',
  'permission',
  'permissions',
  'CmsPlugin',
  'plugin',
  'plugins',
]);

/**
 * Validates the config as a whole and normalises it: plugins in dependency order, collections with their names and
 * fields. Builds nothing (the database layer adds tables, the top-level build the schema). Throws CmsConfigError
 * naming the mistake. `core` are the built-in features' core plugins, set up first so plugins may depend on them:
 * the top-level build hands in the full ones; without them, the model knows their names and versions only.
 * @example
 * const model = buildModel(config, { core: corePlugins(config) });
 */
export function buildModel(config: CmsConfig, { core }: { core?: PluginDefinition[] } = {}): ContentModel {
  if (!config || !Array.isArray(config.collections)) throw new CmsConfigError('The config needs a `collections` array');
  const plugins = resolvePlugins([...(core ?? coreManifests(config)), ...(config.plugins ?? [])]);
  const collections = config.collections.map(normaliseCollection);
  for (const plugin of plugins)
    for (const def of plugin.collections ?? []) collections.push({ ...normaliseCollection(def), plugin: plugin.name });
  const byName = new Map<string, Collection>();
  const taken = new Map<string, string>();
  for (const c of collections) {
    if (c.names.table.startsWith('cms_'))
      throw new CmsConfigError(`${c.names.type}: table names starting with cms_ are reserved`);
    if (byName.has(c.names.type)) throw new CmsConfigError(`Two collections are named "${c.names.type}"`);
    if (RESERVED_NAMES.has(c.names.type) || RESERVED_NAMES.has(c.names.one) || RESERVED_NAMES.has(c.names.list))
      throw new CmsConfigError(
        `${c.names.type}: the name "${c.names.type}" (or its "${c.names.list}") is taken by the CMS's own API`,
      );
    byName.set(c.names.type, c);
    for (const name of [c.names.one, c.names.list, `table:${c.names.table}`, ...c.joinTables.values()].map(String)) {
      const owner = taken.get(name);
      if (owner)
        throw new CmsConfigError(
          `${c.names.type}: the name "${name.replace('table:', '')}" is already used by ${owner}`,
        );
      taken.set(name, c.names.type);
    }
  }
  for (const c of collections) checkLinks(c, byName);
  return { config, plugins, collections, byName };
}

function checkLinks(c: Collection, byName: Map<string, Collection>) {
  for (const field of c.fields) {
    const where = `${c.names.type}.${field.name}`;
    if (field.def.type === 'relation') {
      const { to } = field.def as RelationOptions;
      if (!byName.has(to)) throw new CmsConfigError(`${where}: relation to unknown collection "${to}"`);
      if (field.def.many && field.def.required)
        throw new CmsConfigError(`${where}: a to-many relation can't be required (use validation in a hook)`);
    }
    if (field.def.type === 'reverse') {
      const { from, field: name } = field.def as ReverseOptions;
      const forward = byName.get(from)?.field.get(name);
      if (forward?.def.type !== 'relation' || forward.def.to !== c.names.type)
        throw new CmsConfigError(`${where}: "${from}.${name}" is not a relation to ${c.names.type}`);
    }
    if (field.def.type === 'slug') {
      const source = (field.def as SlugOptions).from;
      const sourceField = source === undefined ? undefined : c.field.get(source);
      if (source !== undefined && sourceField?.kind.scalar !== 'String')
        throw new CmsConfigError(`${where}: slug source "${source}" is not a text field of ${c.names.type}`);
    }
  }
}
