import type { Context } from '../types/context';
import { forbidden, unauthenticated } from '../errors';
import type { Viewer } from '../types/auth';

export type UserViewer = Extract<Viewer, { kind: 'user' }>;

/** The signed-in user, or UNAUTHENTICATED (anonymous) / FORBIDDEN (an API token acts for no user). */
export function requireUser(ctx: Pick<Context, 'viewer'>): UserViewer {
  const viewer = ctx.viewer;
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind !== 'user') throw forbidden('An API token can not do this; sign in as a user');
  return viewer;
}

/** The signed-in admin, or UNAUTHENTICATED / FORBIDDEN. */
export function requireAdmin(ctx: Pick<Context, 'viewer'>): UserViewer {
  const viewer = requireUser(ctx);
  if (viewer.role !== 'admin') throw forbidden('Only an admin can do this');
  return viewer;
}
