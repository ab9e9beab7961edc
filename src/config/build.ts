import type { GraphQLSchema } from 'graphql';
import { buildSchema } from '../graphql/schema';
import { HookRegistry } from '../hooks/registry';
import { CmsConfigError } from '../errors';
import type { CmsConfig } from './define';
import { buildModel, type Model } from './model';
import { resolveSecurity, type SecuritySettings } from '../security/settings';
import { registerInvalidationHooks } from '../cache/invalidation';
import { type CacheSettings, resolveCache } from '../cache/settings';

/** Everything built from a config once, at module scope: the model, the hook registry and the GraphQL schema. */
export interface Cms extends Model {
  hooks: HookRegistry;
  schema: GraphQLSchema;
  security: SecuritySettings;
  cache: CacheSettings;
}

/**
 * Validates and builds a config. Throws CmsConfigError on a config mistake, before any request is served.
 * @example
 * const cms = buildCms(defineConfig({ collections: [post] }));
 */
export function buildCms(config: CmsConfig): Cms {
  const model = buildModel(config);
  const hooks = HookRegistry.fromCollections(model.collections);
  const cache = resolveCache(config.cache);
  if (cache.enabled) registerInvalidationHooks(hooks);
  return { ...model, hooks, schema: schemaOf(model), security: resolveSecurity(config.security), cache };
}

/** The schema; a collection named like one of the CMS's own types (`User`, `CacheStats`, …) is a config mistake. */
function schemaOf(model: Model): GraphQLSchema {
  try {
    return buildSchema(model);
  } catch (error) {
    const name = error instanceof Error ? /Duplicate typename: Another type with name (\w+)/.exec(error.message)?.[1] : undefined;
    if (name) throw new CmsConfigError(`The GraphQL type name "${name}" is taken twice: by the CMS's own API or another collection. Rename the collection (or its select field's enum).`);
    throw error;
  }
}
