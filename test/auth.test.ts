import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ensureAdmin } from '../src/auth/admin';
import { authenticateToken } from '../src/auth/authenticate';
import type { PasswordResetMessage } from '../src/types/auth';
import { sha256Hex } from '../src/security/hash';
import { PASSWORD_ITERATIONS } from '../src/auth/password';
import { clearTokenMemoryCache } from '../src/auth/token-cache';
import type { CmsConfig } from '../src/types/config';
import { logIn, me, signedIn, tryLogIn, userWithPassword } from './auth-helpers';
import fixture from './fixtures/config';
import { codes, testWorker as workerFor } from './helpers';

// These tests sign in themselves: their workers act as nobody until a test sends a token.
const testWorker = (config?: Parameters<typeof workerFor>[0]) => workerFor(config, { as: 'anonymous' });

const withAuth = (auth: CmsConfig['auth']): CmsConfig => ({ ...fixture, auth });
const REGISTER = `mutation Register($email: String!, $password: String!, $name: String, $inviteCode: String) {
  register(email: $email, password: $password, name: $name, inviteCode: $inviteCode) { token refreshToken user { id email name role } }
}`;
const REFRESH = `mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { token refreshToken expiresAt user { id } } }`;
const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const fieldCodes = (body: any) =>
  (body.errors?.[0]?.extensions?.fieldErrors ?? []).map((e: any) => `${e.path.join('.')}:${e.code}`);

describe('login and me', () => {
  const w = testWorker(undefined);
  it('signs in with the right password and returns the session and the user', async () => {
    const user = await userWithPassword('editor');
    const session = await logIn(w, { email: user.email.toUpperCase(), password: user.password });
    expect(session.user).toEqual({ id: user.id, email: user.email, role: 'editor' });
    expect(session.refreshToken).toMatch(/^cms_rt_/);
    const ttl = new Date(session.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(800_000);
    expect(ttl).toBeLessThanOrEqual(900_000);
    expect((await me(w, session.headers)).body.data?.me?.id).toBe(user.id);
    expect((await me(w, {})).body.data).toEqual({ me: null });
  });
  it('a wrong password and an unknown email get the same UNAUTHENTICATED answer', async () => {
    const user = await userWithPassword('editor');
    const wrong = (await tryLogIn(w, { email: user.email, password: 'not the password' })).body;
    const unknown = (await tryLogIn(w, { email: unique('nobody'), password: 'not the password' })).body;
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(codes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });
  it('replaces a hash made with an older cost after a good sign-in', async () => {
    const user = await userWithPassword('viewer', { iterations: 1000 });
    await logIn(w, user);
    const row = await env.DB.prepare(`select password_hash from cms_users where id = ?`)
      .bind(user.id)
      .first<{ password_hash: string }>();
    expect(row!.password_hash.split('$')[1]).toBe(String(PASSWORD_ITERATIONS));
    await logIn(w, user); // and the new hash verifies
  });
  it('sets the HttpOnly auth_token cookie when asked, and logout clears it', async () => {
    const user = await userWithPassword('author');
    const session = await logIn(w, user, {});
    expect(session.response.headers.get('set-cookie')).toBeNull();
    const { body, response } = await w.gql(
      `mutation { login(email: "${user.email}", password: "${user.password}", setCookie: true) { token } }`,
    );
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toContain(`auth_token=${body.data.login.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const viaCookie = { cookie: `auth_token=${body.data.login.token}` };
    expect((await me(w, viaCookie)).body.data?.me?.id).toBe(user.id);
    const out = await w.gql(`mutation { logout }`, {}, viaCookie);
    expect(out.body.data).toEqual({ logout: true });
    expect(out.response.headers.get('set-cookie')).toMatch(/auth_token=;.*Max-Age=0/);
    // A dead cookie is refused and cleared, so a browser does not keep sending it.
    const dead = await me(w, viaCookie);
    expect(codes(dead.body)).toEqual(['UNAUTHENTICATED']);
    expect(dead.response.headers.get('set-cookie')).toMatch(/auth_token=;.*Max-Age=0/);
  });
  it('logout without a session is false', async () => {
    expect((await w.gql(`mutation { logout }`)).body.data).toEqual({ logout: false });
  });
});

describe('register', () => {
  it('is FORBIDDEN when registration is off (the default)', async () => {
    const { body } = await testWorker(undefined).gql(REGISTER, {
      email: unique('new'),
      password: 'long enough password',
    });
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });
  it('open: creates a viewer and signs it in; bad input is VALIDATION_FAILED; a taken email is CONFLICT', async () => {
    const w = testWorker(withAuth({ registration: 'open' }));
    const email = unique('open');
    const { body } = await w.gql(REGISTER, { email, password: 'long enough password', name: 'Ada' });
    expect(body.data.register.user).toMatchObject({ email, name: 'Ada', role: 'viewer' });
    expect((await me(w, { authorization: `Bearer ${body.data.register.token}` })).body.data?.me?.email).toBe(email);
    const bad = (await w.gql(REGISTER, { email: 'not-an-email', password: 'short' })).body;
    expect(codes(bad)).toEqual(['VALIDATION_FAILED']);
    expect(fieldCodes(bad)).toEqual(['email:INVALID_EMAIL', 'password:TOO_SHORT']);
    const long = (await w.gql(REGISTER, { email: unique('long'), password: 'x'.repeat(300) })).body;
    expect(fieldCodes(long)).toEqual(['password:TOO_LONG']);
    const taken = (await w.gql(REGISTER, { email: email.toUpperCase(), password: 'long enough password' })).body;
    expect(codes(taken)).toEqual(['CONFLICT']);
  });
  it('invite: needs an unused code an admin made, and gives the invite’s role', async () => {
    const w = testWorker(withAuth({ registration: 'invite' }));
    const admin = await signedIn('admin');
    const editor = await signedIn('editor');
    const INVITE = `mutation Invite($role: String!, $email: String) { createInvite(role: $role, email: $email) { code role email expiresAt } }`;
    expect(codes((await w.gql(INVITE, { role: 'author' }, editor.headers)).body)).toEqual(['FORBIDDEN']);
    expect(fieldCodes((await w.gql(INVITE, { role: 'wizard' }, admin.headers)).body)).toEqual(['role:UNKNOWN_ROLE']);
    const invite = (await w.gql(INVITE, { role: 'author' }, admin.headers)).body.data.createInvite;
    expect(invite.code).toMatch(/^cms_inv_/);

    expect(fieldCodes((await w.gql(REGISTER, { email: unique('x'), password: 'long enough password' })).body)).toEqual([
      'inviteCode:REQUIRED',
    ]);
    const wrongCode = (
      await w.gql(REGISTER, { email: unique('x'), password: 'long enough password', inviteCode: 'cms_inv_nope' })
    ).body;
    expect(fieldCodes(wrongCode)).toEqual(['inviteCode:INVALID_INVITE']);
    const ok = (
      await w.gql(REGISTER, { email: unique('invited'), password: 'long enough password', inviteCode: invite.code })
    ).body;
    expect(ok.data.register.user.role).toBe('author');
    const again = (
      await w.gql(REGISTER, { email: unique('again'), password: 'long enough password', inviteCode: invite.code })
    ).body;
    expect(fieldCodes(again)).toEqual(['inviteCode:INVALID_INVITE']);

    const forOne = (await w.gql(INVITE, { role: 'editor', email: 'Only@Example.com' }, admin.headers)).body.data
      .createInvite;
    const other = (
      await w.gql(REGISTER, { email: unique('other'), password: 'long enough password', inviteCode: forOne.code })
    ).body;
    expect(fieldCodes(other)).toEqual(['inviteCode:INVALID_INVITE']);
    const right = (
      await w.gql(REGISTER, { email: 'only@example.com', password: 'long enough password', inviteCode: forOne.code })
    ).body;
    expect(right.data.register.user.role).toBe('editor');
  });
  it('an invalid auth config fails when the config is built', () => {
    expect(() => testWorker(withAuth({ registration: 'maybe' as never }))).toThrow(/auth.registration/);
    expect(() => testWorker(withAuth({ registration: 'open', defaultRole: 'admin' }))).toThrow(/defaultRole/);
  });
});

describe('refresh tokens', () => {
  const w = testWorker(undefined);
  it('rotate: each use returns a new pair and spends the old refresh token', async () => {
    const session = await logIn(w, await userWithPassword('editor'));
    const first = (await w.gql(REFRESH, { refreshToken: session.refreshToken })).body.data.refreshToken;
    expect(first.refreshToken).not.toBe(session.refreshToken);
    expect(first.token).not.toBe(session.token);
    expect((await me(w, { authorization: `Bearer ${first.token}` })).body.data?.me?.id).toBe(session.user.id);
    const second = (await w.gql(REFRESH, { refreshToken: first.refreshToken })).body.data.refreshToken;
    expect(second.user.id).toBe(session.user.id);
    expect(codes((await w.gql(REFRESH, { refreshToken: 'cms_rt_unknown' })).body)).toEqual(['UNAUTHENTICATED']);
  });
  it('reusing a spent refresh token revokes the whole family', async () => {
    const session = await logIn(w, await userWithPassword('editor'));
    const next = (await w.gql(REFRESH, { refreshToken: session.refreshToken })).body.data.refreshToken;
    const nextHeaders = { authorization: `Bearer ${next.token}` };
    expect((await me(w, nextHeaders)).body.data?.me).toBeTruthy(); // cached
    expect(codes((await w.gql(REFRESH, { refreshToken: session.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
    // The thief's (or the owner's) newer tokens are gone too.
    expect(codes((await w.gql(REFRESH, { refreshToken: next.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await me(w, nextHeaders)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    // Another session of the same user is not affected.
    const other = await logIn(w, { email: session.user.email, password: 'correct horse battery' });
    expect((await me(w, other.headers)).body.data?.me?.id).toBe(session.user.id);
  });
  it('logout revokes the refresh family', async () => {
    const session = await logIn(w, await userWithPassword('editor'));
    await w.gql(`mutation { logout }`, {}, session.headers);
    expect(codes((await w.gql(REFRESH, { refreshToken: session.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('changePassword and password reset', () => {
  it('changePassword checks the current password and revokes the other sessions only', async () => {
    const w = testWorker(undefined);
    const user = await userWithPassword('author');
    const here = await logIn(w, user);
    const elsewhere = await logIn(w, user);
    await me(w, elsewhere.headers); // cached: the purge must reach it
    const CHANGE = `mutation Change($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    expect(
      fieldCodes((await w.gql(CHANGE, { c: 'wrong password', n: 'a new long password' }, here.headers)).body),
    ).toEqual(['currentPassword:INCORRECT']);
    expect(fieldCodes((await w.gql(CHANGE, { c: user.password, n: 'short' }, here.headers)).body)).toEqual([
      'newPassword:TOO_SHORT',
    ]);
    expect(codes((await w.gql(CHANGE, { c: user.password, n: 'a new long password' })).body)).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect((await w.gql(CHANGE, { c: user.password, n: 'a new long password' }, here.headers)).body.data).toEqual({
      changePassword: true,
    });
    expect((await me(w, here.headers)).body.data?.me?.id).toBe(user.id);
    expect(codes((await me(w, elsewhere.headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await w.gql(REFRESH, { refreshToken: elsewhere.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
    expect((await w.gql(REFRESH, { refreshToken: here.refreshToken })).body.data.refreshToken.token).toBeTruthy();
    expect(codes((await tryLogIn(w, user)).body)).toEqual(['UNAUTHENTICATED']);
    await logIn(w, { email: user.email, password: 'a new long password' });
  });

  it('reset: always true, a one-time hashed token, then every session is revoked', async () => {
    const messages: PasswordResetMessage[] = [];
    const w = testWorker(withAuth({ onPasswordReset: (message) => void messages.push(message) }));
    const REQUEST = `mutation Request($email: String!) { requestPasswordReset(email: $email) }`;
    const RESET = `mutation Reset($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }`;
    expect((await w.gql(REQUEST, { email: unique('nobody') })).body.data).toEqual({ requestPasswordReset: true });
    expect((await w.gql(REQUEST, { email: 'not an email' })).body.data).toEqual({ requestPasswordReset: true });
    expect(messages).toEqual([]);

    const user = await userWithPassword('editor');
    const session = await logIn(w, user);
    await me(w, session.headers);
    expect((await w.gql(REQUEST, { email: user.email })).body.data).toEqual({ requestPasswordReset: true });
    expect(messages).toHaveLength(1);
    const { token, email, expiresAt } = messages[0]!;
    expect(email).toBe(user.email);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const stored = await env.DB.prepare(`select token_hash from cms_password_resets where token_hash = ?`)
      .bind(await sha256Hex(token))
      .first();
    expect(stored).not.toBeNull();
    expect(
      await env.DB.prepare(`select 1 from cms_password_resets where token_hash = ?`).bind(token).first(),
    ).toBeNull();

    expect(fieldCodes((await w.gql(RESET, { token, password: 'short' })).body)).toEqual(['newPassword:TOO_SHORT']);
    expect((await w.gql(RESET, { token, password: 'the reset password' })).body.data).toEqual({ resetPassword: true });
    expect(fieldCodes((await w.gql(RESET, { token, password: 'another reset password' })).body)).toEqual([
      'token:INVALID_TOKEN',
    ]);
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await w.gql(REFRESH, { refreshToken: session.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
    await logIn(w, { email: user.email, password: 'the reset password' });
  });

  it('at most 3 reset messages per address per window', async () => {
    const messages: PasswordResetMessage[] = [];
    const w = testWorker(withAuth({ onPasswordReset: (message) => void messages.push(message) }));
    const user = await userWithPassword('editor');
    for (let i = 0; i < 5; i++)
      expect((await w.gql(`mutation { requestPasswordReset(email: "${user.email}") }`)).body.data).toEqual({
        requestPasswordReset: true,
      });
    expect(messages).toHaveLength(3);
  });

  it('an expired reset token is refused', async () => {
    const messages: PasswordResetMessage[] = [];
    const w = testWorker(withAuth({ onPasswordReset: (message) => void messages.push(message) }));
    const user = await userWithPassword('editor');
    await w.gql(`mutation { requestPasswordReset(email: "${user.email}") }`);
    await env.DB.prepare(`update cms_password_resets set expires_at = ?`)
      .bind(Date.now() - 1000)
      .run();
    const { body } = await w.gql(
      `mutation R($t: String!) { resetPassword(token: $t, newPassword: "the reset password") }`,
      { t: messages[0]!.token },
    );
    expect(fieldCodes(body)).toEqual(['token:INVALID_TOKEN']);
  });
});

describe('admin: users and roles', () => {
  const w = testWorker(undefined);
  const UPDATE = `mutation U($where: UserWhereUniqueInput!, $data: UserUpdateInput!) { updateUser(where: $where, data: $data) { id role name } }`;
  it('users and updateUser are admin only', async () => {
    const editor = await signedIn('editor');
    expect(codes((await w.gql(`{ users { id } }`, {}, editor.headers)).body)).toEqual(['FORBIDDEN']);
    expect(codes((await w.gql(`{ users { id } }`)).body)).toEqual(['UNAUTHENTICATED']);
    expect(
      codes((await w.gql(UPDATE, { where: { id: editor.id }, data: { role: 'admin' } }, editor.headers)).body),
    ).toEqual(['FORBIDDEN']);
    const admin = await signedIn('admin');
    const listed = (await w.gql(`{ users(first: 100) { id email role } }`, {}, admin.headers)).body.data.users;
    expect(listed.map((u: any) => u.id)).toContain(editor.id);
  });
  it('a role change revokes the user’s tokens at once, even cached ones', async () => {
    const admin = await signedIn('admin');
    const user = await userWithPassword('author');
    const session = await logIn(w, user);
    expect((await me(w, session.headers)).body.data?.me?.role).toBe('author'); // cached now
    expect(
      (await w.gql(UPDATE, { where: { email: user.email }, data: { name: 'Renamed' } }, admin.headers)).body.data
        .updateUser,
    ).toMatchObject({ role: 'author', name: 'Renamed' });
    expect((await me(w, session.headers)).body.data?.me?.role).toBe('author'); // a name change revokes nothing
    expect(
      (await w.gql(UPDATE, { where: { id: user.id }, data: { role: 'editor' } }, admin.headers)).body.data.updateUser
        .role,
    ).toBe('editor');
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    clearTokenMemoryCache();
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await w.gql(REFRESH, { refreshToken: session.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
    expect((await logIn(w, user)).user.role).toBe('editor');
    expect(
      fieldCodes((await w.gql(UPDATE, { where: { id: user.id }, data: { role: 'wizard' } }, admin.headers)).body),
    ).toEqual(['data.role:UNKNOWN_ROLE']);
  });
  it('the last admin can not be demoted', async () => {
    await env.DB.prepare(`delete from cms_users where role = 'admin'`).run();
    const admin = await signedIn('admin');
    expect(
      codes((await w.gql(UPDATE, { where: { id: admin.id }, data: { role: 'editor' } }, admin.headers)).body),
    ).toEqual(['CONFLICT']);
  });
  it('ensureAdmin creates the first admin once, even when called concurrently', async () => {
    await env.DB.prepare(`delete from cms_users where role = 'admin' or email = ?`).bind(env.ADMIN_EMAIL).run();
    const results = await Promise.all([ensureAdmin(env), ensureAdmin(env), ensureAdmin(env)]);
    expect(results).toContain('created');
    const admins = await env.DB.prepare(`select email from cms_users where role = 'admin'`).all();
    expect(admins.results).toEqual([{ email: env.ADMIN_EMAIL }]);
    expect(await ensureAdmin(env)).toBe('exists');
    await logIn(w, { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! });
  });
  it('ensureAdmin never promotes an existing account with the admin email', async () => {
    await env.DB.prepare(`delete from cms_users where role = 'admin' or email = ?`).bind(env.ADMIN_EMAIL).run();
    await userWithPassword('viewer', { email: env.ADMIN_EMAIL! });
    expect(await ensureAdmin(env)).toBe('email-taken');
    expect(
      (await env.DB.prepare(`select count(*) as n from cms_users where role = 'admin'`).first<{ n: number }>())!.n,
    ).toBe(0);
  });
});

describe('API tokens', () => {
  const w = testWorker(undefined);
  const CREATE = `mutation C($name: String!, $access: ApiTokenAccess!, $collections: [String!]) {
    createApiToken(name: $name, access: $access, collections: $collections) { token apiToken { id name access collections lastUsedAt revokedAt } }
  }`;
  it('are created by admins, shown once, stored hashed, and become the request’s viewer', async () => {
    const admin = await signedIn('admin');
    expect(
      codes((await w.gql(CREATE, { name: 'site', access: 'READ' }, (await signedIn('editor')).headers)).body),
    ).toEqual(['FORBIDDEN']);
    expect(
      fieldCodes((await w.gql(CREATE, { name: 'site', access: 'READ', collections: ['Nope'] }, admin.headers)).body),
    ).toEqual(['collections.0:UNKNOWN_COLLECTION']);

    const read = (await w.gql(CREATE, { name: 'site', access: 'READ', collections: ['Post'] }, admin.headers)).body.data
      .createApiToken;
    const write = (await w.gql(CREATE, { name: 'importer', access: 'READ_WRITE' }, admin.headers)).body.data
      .createApiToken;
    expect(read.token).toMatch(/^cms_at_/);
    expect(read.apiToken).toMatchObject({ name: 'site', access: 'READ', collections: ['Post'], revokedAt: null });
    const row = await env.DB.prepare(`select token_hash from cms_api_tokens where id = ?`)
      .bind(read.apiToken.id)
      .first<{ token_hash: string }>();
    expect(row!.token_hash).toBe(await sha256Hex(read.token));

    expect((await authenticateToken(env, read.token)).viewer).toEqual({
      kind: 'apiToken',
      id: read.apiToken.id,
      name: 'site',
      access: 'read',
      collections: ['Post'],
      drafts: false,
    });
    expect((await authenticateToken(env, write.token)).viewer).toMatchObject({
      kind: 'apiToken',
      access: 'read-write',
      collections: null,
    });
    const asFrontend = { authorization: `Bearer ${read.token}` };
    expect((await w.gql(`{ posts(first: 1) { totalCount } }`, {}, asFrontend)).body.errors).toBeUndefined();
    expect((await me(w, asFrontend)).body.data).toEqual({ me: null });
    expect(
      codes(
        (await w.gql(`mutation { changePassword(currentPassword: "x", newPassword: "yyyyyyyyyyyy") }`, {}, asFrontend))
          .body,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes((await w.gql(`{ apiTokens { id } }`, {}, asFrontend)).body)).toEqual(['FORBIDDEN']);

    const listed = (await w.gql(`{ apiTokens { id name access } }`, {}, admin.headers)).body.data.apiTokens;
    expect(listed.map((t: any) => t.id)).toEqual(expect.arrayContaining([read.apiToken.id, write.apiToken.id]));
    expect(JSON.stringify(listed)).not.toContain('cms_at_');
  });
  it('revoking one refuses it at once, even from the cache', async () => {
    const admin = await signedIn('admin');
    const created = (await w.gql(CREATE, { name: 'temp', access: 'READ' }, admin.headers)).body.data.createApiToken;
    const headers = { authorization: `Bearer ${created.token}` };
    expect((await w.gql(`{ posts(first: 1) { totalCount } }`, {}, headers)).body.errors).toBeUndefined();
    expect(
      (await w.gql(`mutation R($id: ID!) { revokeApiToken(id: $id) }`, { id: created.apiToken.id }, admin.headers)).body
        .data,
    ).toEqual({ revokeApiToken: true });
    expect(codes((await w.gql(`{ posts(first: 1) { totalCount } }`, {}, headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await w.gql(`mutation { revokeApiToken(id: "nope") }`, {}, admin.headers)).body)).toEqual([
      'NOT_FOUND',
    ]);
  });
});

describe('lockout and rate limiting', () => {
  it('locks an email after 5 failures, even for the right password, with a retry-after hint', async () => {
    const w = testWorker(undefined);
    const user = await userWithPassword('editor');
    for (let i = 0; i < 5; i++)
      expect(codes((await tryLogIn(w, { email: user.email, password: 'wrong password' })).body)).toEqual([
        'UNAUTHENTICATED',
      ]);
    const locked = (await tryLogIn(w, user)).body;
    expect(codes(locked)).toEqual(['RATE_LIMITED']);
    const retryAfter = locked.errors![0]!.extensions!.retryAfter;
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another account is not affected.
    await logIn(w, await userWithPassword('editor'));
  });
  it('a success before the limit resets the count', async () => {
    const w = testWorker(undefined);
    const user = await userWithPassword('editor');
    for (let i = 0; i < 4; i++) await tryLogIn(w, { email: user.email, password: 'wrong password' });
    await logIn(w, user);
    for (let i = 0; i < 4; i++) await tryLogIn(w, { email: user.email, password: 'wrong password' });
    await logIn(w, user);
  });
  it('logs login_failed and login_locked as security events', async () => {
    const w = testWorker(undefined);
    const user = await userWithPassword('editor');
    const logged: any[] = [];
    const original = console.log;
    console.log = (line: string) => logged.push(JSON.parse(line));
    try {
      for (let i = 0; i < 5; i++) await tryLogIn(w, { email: user.email, password: 'wrong password' });
    } finally {
      console.log = original;
    }
    const events = logged.filter((e) => e.kind === 'security').map((e) => e.event);
    expect(events.filter((e) => e === 'login_failed')).toHaveLength(5);
    expect(events).toContain('login_locked');
  });
});
