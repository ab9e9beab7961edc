import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../types/context';
import type { Access } from '../../permissions/access';
import { accessFor } from '../access';
import { recordStep } from '../trace';

declare module '../../types/context' {
  interface Context {
    /** What the caller may do, from their role and the permission matrix (see `src/permissions/access.ts`). */
    access: Access;
  }
}

/**
 * Permissions: gives every request `ctx.access` for the viewer the authentication step found (see `accessFor`, which
 * the compiled path uses too). Nothing is read here: the role's matrix rows are loaded lazily, by the first operation
 * that needs them (one D1 query at most).
 */
export function usePermissions(): Plugin<Context> {
  return {
    onContextBuilding({ context, extendContext }) {
      const startedAt = performance.now();
      extendContext({ access: accessFor(context) });
      recordStep(context.request, 'permissions', startedAt);
    },
  };
}
