import { noteRulesChange } from '../cache/invalidation';
import { and, eq } from 'drizzle-orm';
import { BUILT_IN_ROLES } from '../auth/viewer';
import { requireAdmin } from '../auth/require';
import type { Context } from '../types/context';
import { rowsLoader } from '../db/rows-loader';
import { conflict, type FieldError, validationFailed } from '../errors';
import { permissions, roles, users } from '../system/tables';
import { ACTIONS, type Action, defaultRule, isBuiltInRole } from './rules';
import { noteRole, roleExists } from '../auth/roles';

// The admin side of the permission matrix: roles and their rights per collection. Every function here is for
// admins only; the rows take effect from the next request (each request loads its role's rows afresh).

export interface RoleInfo {
  name: string;
  description: string | null;
  builtIn: boolean;
}

export interface Permission {
  role: string;
  collection: string;
  action: Action;
  allowed: boolean;
  scope: 'all' | 'own';
  /** True when no row is stored and the role's built-in default applies. */
  isDefault: boolean;
}

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

/** Every role: the built-in ones first, then custom roles by name. */
export async function listRoles(ctx: Context): Promise<RoleInfo[]> {
  requireAdmin(ctx);
  const custom = await ctx.db.select().from(roles).orderBy(roles.name);
  return [
    ...BUILT_IN_ROLES.map((name) => ({ name, description: null, builtIn: true })),
    ...custom.map((r) => ({ name: r.name, description: r.description, builtIn: false })),
  ];
}

/** A custom role, with no rights until they are granted. */
export async function createRole(ctx: Context, args: { name: string; description?: string | null }): Promise<RoleInfo> {
  requireAdmin(ctx);
  if (!ROLE_NAME.test(args.name))
    throw validationFailed([
      {
        path: ['name'],
        code: 'INVALID_NAME',
        message: 'must be 1-40 characters of a-z, 0-9, _ and -, starting with a letter',
      },
    ]);
  if (await roleExists(ctx, args.name))
    throw conflict(`The role "${args.name}" already exists`, [
      { path: ['name'], code: 'CONFLICT', message: 'is taken' },
    ]);
  const description = args.description ?? null;
  await ctx.db.insert(roles).values({ name: args.name, description, createdAt: new Date() });
  noteRole(ctx, args.name, true);
  return { name: args.name, description, builtIn: false };
}

/** Deletes a custom role and its permissions; CONFLICT while a user still has it. */
export async function deleteRole(ctx: Context, args: { name: string }): Promise<boolean> {
  requireAdmin(ctx);
  noteRulesChange(ctx);
  if (isBuiltInRole(args.name))
    throw validationFailed([{ path: ['name'], code: 'BUILT_IN', message: 'built-in roles cannot be deleted' }]);
  if (!(await roleExists(ctx, args.name))) throw validationFailed([unknownRole(args.name, 'name')]);
  const holder = await ctx.db.select({ id: users.id }).from(users).where(eq(users.role, args.name)).limit(1);
  if (holder.length) throw conflict(`Users still have the role "${args.name}"; give them another role first`);
  await ctx.db.batch([
    ctx.db.delete(permissions).where(eq(permissions.role, args.name)),
    ctx.db.delete(roles).where(eq(roles.name, args.name)),
  ]);
  noteRole(ctx, args.name, false);
  return true;
}

/** A role's rights on every collection and action: the stored rows, and the built-in defaults where there is none. */
export async function listPermissions(ctx: Context, args: { role: string }): Promise<Permission[]> {
  requireAdmin(ctx);
  if (!(await roleExists(ctx, args.role))) throw validationFailed([unknownRole(args.role)]);
  // Several roles listed in one document are one query.
  const rows = await rowsLoader<typeof permissions.$inferSelect>(ctx, 'permissions.role', permissions, 'role').load(
    args.role,
  );
  const stored = new Map(rows.map((r) => [`${r.collection}:${r.action}`, r]));
  return ctx.cms.collections.flatMap((collection) =>
    ACTIONS.map((action) => {
      const row = stored.get(`${collection.names.type}:${action}`);
      if (row)
        return {
          role: args.role,
          collection: row.collection,
          action,
          allowed: row.allowed,
          scope: row.scope,
          isDefault: false,
        };
      const rule = defaultRule(args.role, action);
      return {
        role: args.role,
        collection: collection.names.type,
        action,
        allowed: rule.allowed,
        scope: rule.scope === 'own' ? 'own' : 'all',
        isDefault: true,
      };
    }),
  );
}

/** Grants or withdraws one right of a role on a collection (by its type name, e.g. `Post`). Admins always have every right. */
export async function setPermission(
  ctx: Context,
  args: { role: string; collection: string; action: Action; allowed: boolean; scope?: 'all' | 'own' | null },
): Promise<Permission> {
  requireAdmin(ctx);
  noteRulesChange(ctx);
  const errors: FieldError[] = [];
  if (args.role === 'admin')
    errors.push({ path: ['role'], code: 'ADMIN_FIXED', message: 'admins always have every right' });
  else if (!(await roleExists(ctx, args.role))) errors.push(unknownRole(args.role));
  if (!ctx.cms.byName.has(args.collection))
    errors.push({
      path: ['collection'],
      code: 'UNKNOWN_COLLECTION',
      message: `no collection is named "${args.collection}"`,
    });
  if (!(ACTIONS as readonly string[]).includes(args.action))
    errors.push({ path: ['action'], code: 'UNKNOWN_ACTION', message: `must be one of ${ACTIONS.join(', ')}` });
  if (errors.length) throw validationFailed(errors);
  const scope = args.scope ?? 'all';
  const row = {
    role: args.role,
    collection: args.collection,
    action: args.action,
    allowed: args.allowed,
    scope,
    updatedAt: new Date(),
  };
  await ctx.db
    .insert(permissions)
    .values(row)
    .onConflictDoUpdate({
      target: [permissions.role, permissions.collection, permissions.action],
      set: { allowed: row.allowed, scope, updatedAt: row.updatedAt },
    });
  return { ...row, isDefault: false };
}

/** Drops a stored right, so the role's built-in default applies again. */
export async function resetPermission(
  ctx: Context,
  args: { role: string; collection: string; action: Action },
): Promise<Permission> {
  requireAdmin(ctx);
  noteRulesChange(ctx);
  await ctx.db
    .delete(permissions)
    .where(
      and(
        eq(permissions.role, args.role),
        eq(permissions.collection, args.collection),
        eq(permissions.action, args.action),
      ),
    );
  const rule = defaultRule(args.role, args.action);
  return { ...args, allowed: rule.allowed, scope: rule.scope === 'own' ? 'own' : 'all', isDefault: true };
}

const unknownRole = (name: string, path = 'role'): FieldError => ({
  path: [path],
  code: 'UNKNOWN_ROLE',
  message: `no role is named "${name}"`,
});
