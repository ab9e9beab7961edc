import type { GraphQLSchema } from 'graphql';
import type { Cms } from './types/cms';
import { buildSchema } from './graphql/schema';
import { HookRegistry } from './hooks/registry';
import type { HookInput, HookName } from './types/hooks';
import { CmsConfigError } from './errors';
import type { CmsConfig } from './types/config';
import { buildModel } from './config/model';
import { withTables } from './db/model';
import { corePlugins } from './plugins/core';
import type { Model } from './types/cms';
import { resolveSecurity } from './security/settings';
import { resolvePersistedDocuments } from './security/persisted-documents';
import { resolveCache } from './cache/settings';
import { requestLogSetting } from './log/request-log';
import { serverTimingSetting } from './log/server-timing';
import { isCore } from './config/core';
import { PluginStates } from './plugins/state';

/**
 * Validates and builds a config. Throws CmsConfigError on a config mistake, before any request is served.
 * @example
 * const cms = buildCms(defineConfig({ collections: [post] }));
 */
export function buildCms(config: CmsConfig): Cms {
  // The model validates and normalises; the core plugins come from here, the top, as they bring GraphQL fields.
  const model = withTables(buildModel(config, { core: corePlugins(config) }));
  const hooks = HookRegistry.fromCollections(model.collections);
  for (const plugin of model.plugins) {
    for (const [collection, byName] of Object.entries(plugin.hooks ?? {})) {
      if (collection !== '*' && !model.byName.has(collection))
        throw new CmsConfigError(
          `Plugin "${plugin.name}": hooks for unknown collection "${collection}" (use a type name such as "Post", or "*")`,
        );
      for (const [name, input] of Object.entries(byName ?? {}))
        hooks.register(
          collection,
          name as HookName,
          input as HookInput<HookName>,
          `${plugin.name}:${collection}`,
          isCore(plugin) ? undefined : plugin.name,
        );
    }
  }
  const cache = resolveCache(config.cache);
  const envelop = model.plugins.flatMap((plugin) =>
    (plugin.envelop ?? []).map((e) => ({ plugin: plugin.name, envelop: e })),
  );
  return {
    ...model,
    hooks,
    schema: schemaOf(model),
    security: resolveSecurity(config.security, Math.max(0, ...model.plugins.map((p) => p.maxUploadBytes ?? 0))),
    persisted: resolvePersistedDocuments(config.persistedDocuments),
    cache,
    logRequests: requestLogSetting(config.logging),
    serverTiming: serverTimingSetting(config.logging),
    pluginStates: new PluginStates(),
    envelop,
  };
}

/** The schema; a collection named like one of the CMS's own types (`User`, `CacheStats`, …) is a config mistake. */
function schemaOf(model: Model): GraphQLSchema {
  try {
    return buildSchema(model);
  } catch (error) {
    if (error instanceof CmsConfigError) throw error;
    const name =
      error instanceof Error ? /Duplicate typename: Another type with name (\w+)/.exec(error.message)?.[1] : undefined;
    if (name)
      throw new CmsConfigError(
        `The GraphQL type name "${name}" is taken twice: by the CMS's own API, a plugin or another collection. Rename the collection (or its select field's enum).`,
      );
    throw error;
  }
}
