import { invalidationHooks } from '../../cache/invalidation';
import { CACHE_CORE, defineCorePlugin } from '../../config/core';
import { createCacheAdminSchema } from '../../graphql/cache-admin';

/**
 * The response cache as a core plugin: its invalidation hooks on every collection and `cacheStats`/`purgeCache`.
 * Its lookup step keeps its place in the pipeline, before authentication.
 */
export const cachePlugin = defineCorePlugin({
  ...CACHE_CORE,
  hooks: { '*': invalidationHooks() },
  schema: (builder) => createCacheAdminSchema(builder),
});
