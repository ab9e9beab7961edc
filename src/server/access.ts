// The caller's `Access`, built one way for both paths that answer a read: the pipeline's permissions step and the
// compiled path, so the gate for plugin collections and where a user's rules are read from can't differ.
import { createDb } from '../db/client';
import { Access } from '../permissions/access';
import { requireActive } from '../plugins/state';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';

/**
 * What a caller may do: the gate refuses a collection whose plugin is not active (the request's plugin states), and a
 * user's role matrix is read from the primary (`env.DB`), never a read replica: a permission an admin just took away
 * must not be granted from a replica that lags (see ./d1-session). Others need no query: `db` is the request's client.
 * @example
 * const access = accessFor({ cms, env, request, viewer, db: createDb(env.DB, cms) });
 */
export function accessFor(ctx: Pick<Context, 'cms' | 'env' | 'request' | 'viewer' | 'db'>): Access {
  const gate = (collection: Collection) => requireActive(ctx, collection.plugin!, collection.names.list);
  const db = ctx.viewer.kind === 'user' ? createDb(ctx.env.DB, ctx.cms) : ctx.db;
  return new Access(ctx.viewer, db, gate);
}
