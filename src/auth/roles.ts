import { isBuiltInRole } from './config';
import type { Context } from '../types/context';
import { rowsLoader } from '../db/rows-loader';
import { roles } from '../system/tables';

// Custom roles, looked up once per request and name: a document that sets many rights of one role, or assigns it
// to many users, reads the role once. Roles are written only by createRole and deleteRole, which tell the loader.
const customRoles = (ctx: Context) =>
  rowsLoader(ctx, 'roles.name', roles, 'name', { columns: { name: roles.name }, remember: true });

/**
 * Whether a role exists: built in, or created by an admin (`cms_roles`).
 * @example
 * if (!(await roleExists(ctx, args.role))) problems.push(unknownRole(args.role));
 */
export async function roleExists(ctx: Context, name: string): Promise<boolean> {
  if (isBuiltInRole(name)) return true;
  return (await customRoles(ctx).load(name)).length > 0;
}

/** Tells the request's role lookups that a custom role was just created (`true`) or deleted (`false`). */
export function noteRole(ctx: Context, name: string, exists: boolean): void {
  customRoles(ctx)
    .clear(name)
    .prime(name, exists ? [{ name }] : []);
}
