import { createUser, listUsers, updateUser } from '../auth/admin';
import { type ApiTokenInfo, createApiToken, listApiTokens, revokeApiToken } from '../auth/api-tokens';
import { type CreatedInvite, createInvite } from '../auth/register';
import type { PublicUser } from '../types/auth';
import type { Builder } from '../types/builder';

/** Admin-only operations: users and their roles, invite codes, API tokens for frontends. */
export function createAuthAdmin(builder: Builder, user: PothosSchemaTypes.ObjectRef<any, PublicUser>) {
  const access = builder.enumType('ApiTokenAccess', {
    description: 'What an API token may do; the permissions of the collections still apply.',
    values: { READ: { value: 'read' as const }, READ_WRITE: { value: 'read-write' as const } },
  });
  const apiToken = builder.objectRef<ApiTokenInfo>('ApiToken').implement({
    description:
      'A token for a frontend, sent as `Authorization: Bearer <token>`. The secret itself is shown only when it is created.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      access: t.field({ type: access, resolve: (a) => a.access }),
      collections: t.stringList({
        nullable: true,
        description: 'Collection type names it is limited to; null for all.',
        resolve: (a) => a.collections ?? null,
      }),
      drafts: t.boolean({
        description: 'Whether it may read drafts, in a request that asks for them with `stage: DRAFT`.',
        resolve: (a) => a.drafts,
      }),
      createdAt: t.field({ type: 'DateTime', resolve: (a) => a.createdAt }),
      lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.lastUsedAt }),
      revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.revokedAt }),
    }),
  });
  const created = builder.objectRef<{ token: string; apiToken: ApiTokenInfo }>('CreatedApiToken').implement({
    fields: (t) => ({
      token: t.exposeString('token', { description: 'The secret: shown this once, stored only as a hash.' }),
      apiToken: t.field({ type: apiToken, resolve: (c) => c.apiToken }),
    }),
  });
  const invite = builder.objectRef<CreatedInvite>('Invite').implement({
    description: 'An invite code for invite-only registration: one use, shown once.',
    fields: (t) => ({
      code: t.exposeString('code'),
      role: t.exposeString('role'),
      email: t.exposeString('email', { nullable: true, description: 'When set, only this email may use the code.' }),
      expiresAt: t.field({ type: 'DateTime', resolve: (i) => i.expiresAt }),
    }),
  });
  const userWhere = builder.inputType('UserWhereUniqueInput', {
    description: 'Identifies one user: give exactly one of these fields.',
    isOneOf: true,
    fields: (t) => ({ id: t.id(), email: t.string() }),
  });
  const userData = builder.inputType('UserUpdateInput', {
    fields: (t) => ({
      role: t.string({ description: 'Changing it signs the user out everywhere.' }),
      name: t.string(),
      active: t.boolean({
        description:
          'false deactivates the account: it is signed out everywhere and can not sign in until set true again.',
      }),
    }),
  });

  builder.queryField('users', (t) =>
    t.field({
      type: [user],
      description: 'Admin only: users by email.',
      args: { first: t.arg.int(), skip: t.arg.int() },
      resolve: (_root, args, ctx) => listUsers(ctx, args),
    }),
  );
  builder.queryField('apiTokens', (t) =>
    t.field({
      type: [apiToken],
      description: 'Admin only: every API token, newest first.',
      resolve: (_root, _args, ctx) => listApiTokens(ctx),
    }),
  );
  builder.mutationField('createUser', (t) =>
    t.field({
      type: user,
      description: 'Admin only: creates an account with this password and role, whether or not registration is open.',
      args: {
        email: t.arg.string({ required: true }),
        password: t.arg.string({ required: true }),
        role: t.arg.string({ required: true }),
        name: t.arg.string(),
      },
      resolve: (_root, args, ctx) => createUser(ctx, args),
    }),
  );
  builder.mutationField('updateUser', (t) =>
    t.field({
      type: user,
      description:
        "Admin only: changes a user's role or name, or deactivates or reactivates the account. A role change or a " +
        "deactivation revokes the user's tokens.",
      args: { where: t.arg({ type: userWhere, required: true }), data: t.arg({ type: userData, required: true }) },
      resolve: (_root, args, ctx) => updateUser(ctx, args),
    }),
  );
  builder.mutationField('createInvite', (t) =>
    t.field({
      type: invite,
      description:
        'Admin only: an invite code for `register`, giving the new account this role; it works whatever the ' +
        'registration setting.',
      args: { role: t.arg.string({ required: true }), email: t.arg.string() },
      resolve: (_root, args, ctx) => createInvite(ctx, args),
    }),
  );
  builder.mutationField('createApiToken', (t) =>
    t.field({
      type: created,
      description: 'Admin only: a token for a frontend. The secret is in the answer, once.',
      args: {
        name: t.arg.string({ required: true }),
        access: t.arg({ type: access, required: true }),
        collections: t.arg.stringList({ description: 'Collection type names (e.g. "Post"); all when absent.' }),
        drafts: t.arg.boolean({
          description:
            'Lets it read drafts when a request asks for `stage: DRAFT` (a preview). ' +
            'Without it (the default), the token reads published content only.',
        }),
      },
      resolve: (_root, args, ctx) => createApiToken(ctx, args),
    }),
  );
  builder.mutationField('revokeApiToken', (t) =>
    t.boolean({
      description: 'Admin only: revokes an API token at once.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => revokeApiToken(ctx, args),
    }),
  );
}
