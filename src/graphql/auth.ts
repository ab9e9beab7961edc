import { changePassword, requestPasswordReset, resetPassword } from '../auth/account';
import { settingsOf } from '../auth/config';
import { login, logout, refresh, type SignedIn } from '../auth/login';
import { register } from '../auth/register';
import { currentUser } from '../auth/users';
import type { PublicUser } from '../types/auth';
import type { Model } from '../types/cms';
import type { Context } from '../types/context';
import { CmsConfigError } from '../errors';
import { CLIENT_PROOF_COOKIE, readCookie, setAuthCookie, setClientProofCookie } from '../request/cookies';
import type { Builder } from '../types/builder';
import { createAuthAdmin } from './auth-admin';

const SET_COOKIE = 'Also set the access token as the HttpOnly `auth_token` cookie (for browsers on the same site).';

/** Type names the auth schema takes; a collection can't use them. */
const RESERVED = [
  'User',
  'AuthPayload',
  'ApiToken',
  'ApiTokenAccess',
  'CreatedApiToken',
  'Invite',
  'UserWhereUniqueInput',
  'UserUpdateInput',
];

/** The account side of the schema: sign-in, tokens and `me`, plus the admin operations (users, invites, API tokens). */
export function createAuthSchema(builder: Builder, model: Model) {
  settingsOf(model.config); // validates the auth config at build time
  for (const name of RESERVED)
    if (model.byName.has(name))
      throw new CmsConfigError(`${name}: this type name is used by the CMS's accounts; rename the collection`);

  const user = builder.objectRef<PublicUser>('User').implement({
    description: 'A person who signs in.',
    fields: (t) => ({
      id: t.exposeID('id'),
      email: t.exposeString('email'),
      name: t.exposeString('name', { nullable: true }),
      role: t.exposeString('role', { description: 'admin, editor, author, viewer or a custom role.' }),
      createdAt: t.field({ type: 'DateTime', resolve: (u) => u.createdAt }),
      updatedAt: t.field({ type: 'DateTime', resolve: (u) => u.updatedAt }),
      deactivatedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When an admin deactivated the account (it can not sign in); null while it is active.',
        resolve: (u) => u.deactivatedAt,
      }),
    }),
  });
  const payload = builder.objectRef<SignedIn>('AuthPayload').implement({
    description: 'A signed-in session: a short-lived access token and the refresh token that renews it.',
    fields: (t) => ({
      token: t.string({
        description: 'The access token: send it as `Authorization: Bearer <token>`.',
        resolve: (p) => p.tokens.token,
      }),
      refreshToken: t.string({
        description: 'One-time: `refreshToken` spends it and returns a new one.',
        resolve: (p) => p.tokens.refreshToken,
      }),
      expiresAt: t.field({
        type: 'DateTime',
        description: 'When the access token expires.',
        resolve: (p) => p.tokens.expiresAt,
      }),
      clientProof: t.string({
        nullable: true,
        description:
          "From `login`: this client's known-client proof (with `setCookie`, also set as the HttpOnly `auth_client` cookie). Send it back as `login(clientProof:)` and other people's failed sign-ins never lock this client out.",
        resolve: (p) => p.clientProof ?? null,
      }),
      user: t.field({ type: user, resolve: (p) => p.user }),
    }),
  });

  const signIn = async (ctx: Context, wantsCookie: boolean | null | undefined, signedIn: Promise<SignedIn>) => {
    const result = await signedIn;
    if (wantsCookie) setAuthCookie(ctx.request, result.tokens.token, result.tokens.expiresAt);
    if (wantsCookie && result.clientProof)
      setClientProofCookie(ctx.request, result.clientProof, settingsOf(model.config).refreshTokenDays * 86_400);
    return result;
  };

  builder.queryField('me', (t) =>
    t.field({
      type: user,
      nullable: true,
      description: 'The signed-in user; null for anonymous callers and API tokens.',
      resolve: (_root, _args, ctx) => currentUser(ctx),
    }),
  );
  builder.mutationField('login', (t) =>
    t.field({
      type: payload,
      description:
        'Signs in. Repeated failures lock the client out of the account for a while: RATE_LIMITED with `extensions.retryAfter`.',
      args: {
        email: t.arg.string({ required: true }),
        password: t.arg.string({ required: true }),
        setCookie: t.arg.boolean({ description: SET_COOKIE }),
        clientProof: t.arg.string({
          description:
            'The `clientProof` of an earlier sign-in of this client (else the `auth_client` cookie is used).',
        }),
      },
      resolve: (_root, args, ctx) => {
        const clientProof = args.clientProof ?? readCookie(ctx.request, CLIENT_PROOF_COOKIE);
        return signIn(ctx, args.setCookie, login(ctx, { email: args.email, password: args.password, clientProof }));
      },
    }),
  );
  builder.mutationField('register', (t) =>
    t.field({
      type: payload,
      description:
        'Creates an account and signs it in: with an invite code from `createInvite` (whatever the registration ' +
        'setting; the account gets its role), or without one when registration is open.',
      args: {
        email: t.arg.string({ required: true }),
        password: t.arg.string({ required: true }),
        name: t.arg.string(),
        inviteCode: t.arg.string({ description: 'Required unless registration is open.' }),
        setCookie: t.arg.boolean({ description: SET_COOKIE }),
      },
      resolve: (_root, args, ctx) => signIn(ctx, args.setCookie, register(ctx, args)),
    }),
  );
  builder.mutationField('refreshToken', (t) =>
    t.field({
      type: payload,
      description:
        'Spends a refresh token for a new access token and refresh token. A spent token used again revokes its whole family.',
      args: { refreshToken: t.arg.string({ required: true }), setCookie: t.arg.boolean({ description: SET_COOKIE }) },
      resolve: (_root, args, ctx) => signIn(ctx, args.setCookie, refresh(ctx, args.refreshToken)),
    }),
  );
  builder.mutationField('logout', (t) =>
    t.boolean({
      description:
        'Revokes the access token at once, and its refresh tokens; clears the `auth_token` cookie. False when not signed in.',
      resolve: (_root, _args, ctx) => {
        setAuthCookie(ctx.request);
        return logout(ctx);
      },
    }),
  );
  builder.mutationField('changePassword', (t) =>
    t.boolean({
      description: "Changes the caller's password and revokes the user's other sessions (this one stays signed in).",
      args: { currentPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => changePassword(ctx, args),
    }),
  );
  builder.mutationField('requestPasswordReset', (t) =>
    t.boolean({
      description: 'Sends a one-time reset token to the email if it has an account. Always true.',
      args: { email: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => requestPasswordReset(ctx, args),
    }),
  );
  builder.mutationField('resetPassword', (t) =>
    t.boolean({
      description: 'Sets a new password with a reset token, and signs the user out everywhere.',
      args: { token: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => resetPassword(ctx, args),
    }),
  );
  createAuthAdmin(builder, user);
}
