import type { GraphQLSchema } from 'graphql';
import { buildSchema } from '../graphql/schema';
import { HookRegistry } from '../hooks/registry';
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
  return { ...model, hooks, schema: buildSchema(model), security: resolveSecurity(config.security), cache };
}
