import type { Context } from '../context';
import { forbidden, unauthenticated } from '../errors';

/** Admin-only system APIs: anonymous callers are UNAUTHENTICATED, anyone else but an admin FORBIDDEN. */
export function requireAdmin(ctx: Context): void {
  if (ctx.viewer.kind === 'anonymous') throw unauthenticated();
  if (ctx.viewer.kind !== 'user' || ctx.viewer.role !== 'admin') throw forbidden('Only an admin can do this');
}
