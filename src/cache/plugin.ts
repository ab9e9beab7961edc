import { createCacheAdminSchema } from '../graphql/cache-admin';
import { defineCorePlugin } from '../plugins/core';
import { definePlugin } from '../plugins/define';
import { invalidationHooks } from './invalidation';

/**
 * The response cache as a core plugin: its invalidation hooks on every collection and `cacheStats`/`purgeCache`.
 * Its lookup step keeps its place in the pipeline, before authentication.
 */
export const cachePlugin = defineCorePlugin(
  definePlugin({
    name: 'cache',
    version: '1.0.0',
    description: 'The memory → KV response cache: invalidation by entity, stats and purges.',
    hooks: { '*': invalidationHooks() },
    schema: (builder) => createCacheAdminSchema(builder),
  }),
);
