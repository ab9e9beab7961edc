import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { logIn, me, signedIn, tryLogIn, userWithPassword } from './auth-helpers';
import { codes, testWorker as workerFor } from './helpers';

// People management (issue 12, point 6): an admin adds editors, authors and viewers whatever the registration
// setting (`createUser`, or an invite code), changes their roles and deactivates them. The fixture's registration is
// `off`, the default.

const testWorker = () => workerFor(undefined, { as: 'anonymous' });
const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = 'long enough password';

const CREATE_USER = `mutation($email: String!, $password: String!, $role: String!) {
  createUser(email: $email, password: $password, role: $role) { id email role deactivatedAt }
}`;
const UPDATE_USER = `mutation($email: String!, $data: UserUpdateInput!) {
  updateUser(where: { email: $email }, data: $data) { id role deactivatedAt }
}`;
const INVITE = `mutation($role: String!) { createInvite(role: $role) { code role } }`;
const REGISTER = `mutation($email: String!, $password: String!, $inviteCode: String) {
  register(email: $email, password: $password, inviteCode: $inviteCode) { token user { email role } }
}`;
const CREATE_POST = `mutation($title: String!) { createPost(data: { title: $title }) { id } }`;
const UPDATE_POST = `mutation($id: ID!, $title: String!) { updatePost(where: { id: $id }, data: { title: $title }) { title } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { token } }`;

describe('with registration off', () => {
  const w = testWorker();

  it('an admin-created author signs in and can only edit their own posts', async () => {
    const admin = await signedIn('admin');
    const email = unique('author');
    const made = (await w.gql(CREATE_USER, { email, password: PASSWORD, role: 'author' }, admin.headers)).body;
    expect(made.data.createUser).toMatchObject({ email, role: 'author', deactivatedAt: null });

    const author = await logIn(w, { email, password: PASSWORD });
    expect(author.user.role).toBe('author');
    const mine = (await w.gql(CREATE_POST, { title: 'Mine' }, author.headers)).body.data.createPost.id;
    const edited = (await w.gql(UPDATE_POST, { id: mine, title: 'Mine, edited' }, author.headers)).body;
    expect(edited.data.updatePost.title).toBe('Mine, edited');

    const theirs = (await w.gql(CREATE_POST, { title: 'Theirs' }, admin.headers)).body.data.createPost.id;
    expect(codes((await w.gql(UPDATE_POST, { id: theirs, title: 'Taken over' }, author.headers)).body)).toEqual([
      'FORBIDDEN',
    ]);
    const stored = await env.DB.prepare('select title from posts where id = ?').bind(theirs).first<{ title: string }>();
    expect(stored?.title).toBe('Theirs');
  });

  it('names the user by exactly one of id and email: UserWhereUniqueInput is @oneOf', async () => {
    const admin = await signedIn('admin');
    const email = unique('one-of');
    const made = (await w.gql(CREATE_USER, { email, password: PASSWORD, role: 'viewer' }, admin.headers)).body;
    const id = made.data.createUser.id;
    const both = `mutation { updateUser(where: { id: "${id}", email: "${email}" }, data: { role: "editor" }) { id } }`;
    expect(codes((await w.gql(both, {}, admin.headers)).body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const byVariable =
      'mutation($where: UserWhereUniqueInput!) { updateUser(where: $where, data: { role: "editor" }) { id } }';
    expect(codes((await w.gql(byVariable, { where: {} }, admin.headers)).body)).toEqual(['BAD_USER_INPUT']);
    const stored = await env.DB.prepare('select role from cms_users where id = ?').bind(id).first<{ role: string }>();
    expect(stored?.role).toBe('viewer');
  });

  it('takes an invite code an admin made, with its role; without one, registration stays closed', async () => {
    const admin = await signedIn('admin');
    const invite = (await w.gql(INVITE, { role: 'editor' }, admin.headers)).body.data.createInvite;
    const email = unique('invited');
    const joined = (await w.gql(REGISTER, { email, password: PASSWORD, inviteCode: invite.code })).body;
    expect(joined.data.register.user).toEqual({ email, role: 'editor' });
    expect((await me(w, { authorization: `Bearer ${joined.data.register.token}` })).body.data?.me?.role).toBe('editor');

    const closed = (await w.gql(REGISTER, { email: unique('walk-in'), password: PASSWORD })).body;
    expect(codes(closed)).toEqual(['FORBIDDEN']);
    const blank = (await w.gql(REGISTER, { email: unique('blank'), password: PASSWORD, inviteCode: '' })).body;
    expect(codes(blank)).toEqual(['FORBIDDEN']);
    const reused = (await w.gql(REGISTER, { email: unique('again'), password: PASSWORD, inviteCode: invite.code }))
      .body;
    expect(codes(reused)).toEqual(['VALIDATION_FAILED']);
  });
});

describe('deactivation', () => {
  const w = testWorker();

  it('signs the user out everywhere and refuses their sign-ins until an admin reactivates them', async () => {
    const admin = await signedIn('admin');
    const user = await userWithPassword('editor');
    const session = await logIn(w, user);
    expect((await me(w, session.headers)).body.data?.me?.email).toBe(user.email);

    const off = (await w.gql(UPDATE_USER, { email: user.email, data: { active: false } }, admin.headers)).body;
    expect(off.data.updateUser.deactivatedAt).toEqual(expect.any(String));
    // The access token and the refresh token of the session stop working at once.
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await w.gql(REFRESH, { refreshToken: session.refreshToken })).body)).toEqual(['UNAUTHENTICATED']);
    // The right password is told the account is off; a wrong one learns nothing new.
    const refused = (await tryLogIn(w, user)).body;
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toMatch(/deactivated/);
    expect(codes((await tryLogIn(w, { email: user.email, password: 'not the password' })).body)).toEqual([
      'UNAUTHENTICATED',
    ]);

    const on = (await w.gql(UPDATE_USER, { email: user.email, data: { active: true } }, admin.headers)).body;
    expect(on.data.updateUser.deactivatedAt).toBeNull();
    expect((await logIn(w, user)).user.email).toBe(user.email);
  });

  it('is for admins only, takes true or false, and never leaves the CMS without an active admin', async () => {
    const admin = await signedIn('admin');
    const editor = await signedIn('editor');
    const target = await userWithPassword('author');
    const byEditor = (await w.gql(UPDATE_USER, { email: target.email, data: { active: false } }, editor.headers)).body;
    expect(codes(byEditor)).toEqual(['FORBIDDEN']);
    const unclear = (await w.gql(UPDATE_USER, { email: target.email, data: { active: null } }, admin.headers)).body;
    expect(codes(unclear)).toEqual(['VALIDATION_FAILED']);

    // Every other admin deactivated: this one is the last active admin, and stays so.
    await env.DB.prepare(`update cms_users set deactivated_at = ? where role = 'admin' and id != ?`)
      .bind(Date.now(), admin.id)
      .run();
    const self = (await w.gql(UPDATE_USER, { email: admin.email, data: { active: false } }, admin.headers)).body;
    expect(codes(self)).toEqual(['CONFLICT']);
    const demoted = (await w.gql(UPDATE_USER, { email: admin.email, data: { role: 'editor' } }, admin.headers)).body;
    expect(codes(demoted)).toEqual(['CONFLICT']);
    const row = await env.DB.prepare('select role, deactivated_at from cms_users where id = ?').bind(admin.id).first();
    expect(row).toEqual({ role: 'admin', deactivated_at: null });
  });
});
