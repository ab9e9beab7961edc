import type { Context } from '../types/context';
import {
  createRole,
  deleteRole,
  listPermissions,
  listRoles,
  resetPermission,
  setPermission,
} from '../permissions/matrix';
import type { Builder } from '../types/builder';

/** The admin API of roles and the permission matrix (admins only; see `src/permissions/matrix.ts`). */
export function createPermissionSchema(builder: Builder) {
  const role = builder.objectRef<{ name: string; description: string | null; builtIn: boolean }>('Role').implement({
    description: 'A role users can have: built in (admin, editor, author, viewer) or created by an admin.',
    fields: (t) => ({
      name: t.exposeString('name'),
      description: t.exposeString('description', { nullable: true }),
      builtIn: t.exposeBoolean('builtIn', { description: 'Built-in roles cannot be deleted.' }),
    }),
  });
  const action = builder.enumType('PermissionAction', {
    description: 'What a permission allows on a collection’s items.',
    values: {
      READ: { value: 'read' },
      CREATE: { value: 'create' },
      UPDATE: { value: 'update' },
      DELETE: { value: 'delete' },
      PUBLISH: { value: 'publish' },
    } as const,
  });
  const scope = builder.enumType('PermissionScope', {
    description: 'Which items a permission covers: ALL, or OWN (the items the caller created).',
    values: { ALL: { value: 'all' }, OWN: { value: 'own' } } as const,
  });
  const permission = builder
    .objectRef<{
      role: string;
      collection: string;
      action: 'read' | 'create' | 'update' | 'delete' | 'publish';
      allowed: boolean;
      scope: 'all' | 'own';
      isDefault: boolean;
    }>('Permission')
    .implement({
      description: 'One cell of the permission matrix: a role’s right to an action on a collection.',
      fields: (t) => ({
        role: t.exposeString('role'),
        collection: t.exposeString('collection', { description: 'The collection’s type name, e.g. `Post`.' }),
        action: t.expose('action', { type: action }),
        allowed: t.exposeBoolean('allowed'),
        scope: t.expose('scope', { type: scope }),
        isDefault: t.exposeBoolean('isDefault', {
          description: 'True when the role’s built-in default applies (no stored row).',
        }),
      }),
    });

  builder.queryFields((t) => ({
    roles: t.field({
      type: [role],
      description: 'Every role, built-in ones first. Admins only.',
      resolve: (_root, _args, ctx: Context) => listRoles(ctx),
    }),
    permissions: t.field({
      type: [permission],
      description: 'A role’s rights on every collection and action. Admins only.',
      args: { role: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx: Context) => listPermissions(ctx, args),
    }),
  }));
  const cell = (t: any) => ({
    role: t.arg.string({ required: true }),
    collection: t.arg.string({ required: true, description: 'A collection’s type name, e.g. `Post`.' }),
    action: t.arg({ type: action, required: true }),
  });
  builder.mutationFields((t) => ({
    createRole: t.field({
      type: role,
      description: 'Adds a custom role, which has no rights until they are granted with setPermission. Admins only.',
      args: { name: t.arg.string({ required: true }), description: t.arg.string() },
      resolve: (_root, args, ctx: Context) => createRole(ctx, args),
    }),
    deleteRole: t.boolean({
      description: 'Deletes a custom role and its permissions (not while a user has it). Admins only.',
      args: { name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx: Context) => deleteRole(ctx, args),
    }),
    setPermission: t.field({
      type: permission,
      description: 'Grants or withdraws a right; it applies from the next request. Admins only.',
      args: {
        ...cell(t),
        allowed: t.arg.boolean({ required: true }),
        scope: t.arg({ type: scope, defaultValue: 'all' }),
      },
      resolve: (_root, args: any, ctx: Context) => setPermission(ctx, args),
    }),
    resetPermission: t.field({
      type: permission,
      description: 'Removes a stored right, so the role’s built-in default applies again. Admins only.',
      args: cell(t),
      resolve: (_root, args: any, ctx: Context) => resetPermission(ctx, args),
    }),
  }));
}
