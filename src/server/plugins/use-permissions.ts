import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../types/context';
import type { Collection } from '../../types/collection';
import { Access } from '../../permissions/access';
import { createDb } from '../../db/client';
import { requireActive } from '../../plugins/state';
import { recordStep } from '../trace';

declare module '../../types/context' {
  interface Context {
    /** What the caller may do, from their role and the permission matrix (see `src/permissions/access.ts`). */
    access: Access;
  }
}

/**
 * Permissions: gives every request `ctx.access` for the viewer the authentication step found. Nothing is read here:
 * the role's matrix rows are loaded lazily, by the first operation that needs them (one D1 query at most).
 */
export function usePermissions(): Plugin<Context> {
  return {
    onContextBuilding({ context, extendContext }) {
      const startedAt = performance.now();
      const gate = (collection: Collection) => requireActive(context, collection.plugin!, collection.names.list);
      // A user's role matrix is read from the primary (`env.DB`), never a read replica: a permission an admin just
      // took away must not be granted from a replica that lags (see ../d1-session).
      const db = context.viewer.kind === 'user' ? createDb(context.env.DB, context.cms) : context.db;
      extendContext({ access: new Access(context.viewer, db, gate) });
      recordStep(context.request, 'permissions', startedAt);
    },
  };
}
