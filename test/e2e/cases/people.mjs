// Regression cases for people management (issue 12, point 6) against the shipped bundle, whose registration is off:
// an admin adds an author and an invited editor, the author edits only their own posts, and a deactivated account
// is signed out and can't sign in.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { codeOf, gql } from '../lib/gql.mjs';

const fresh = (name) => `${name}-${randomUUID().slice(0, 8)}@e2e.example.com`;
const LOGIN = `mutation L($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const bearer = (token) => ({ authorization: `Bearer ${token}` });

async function signIn(url, email, password) {
  const result = await gql(url, LOGIN, { email, password });
  assert.ok(result.body.data?.login?.token, `sign-in of ${email}: ${JSON.stringify(result.body)}`);
  return bearer(result.body.data.login.token);
}

export default [
  {
    name: 'an admin-created author signs in, edits their own post only, and is locked out once deactivated',
    item: 'people',
    async run({ url, admin }) {
      const asAdmin = await signIn(url, admin.email, admin.password);
      const email = fresh('author');
      const password = `pw-${randomUUID()}`;
      const made = await gql(
        url,
        `mutation C($e: String!, $p: String!) { createUser(email: $e, password: $p, role: "author") { id } }`,
        { e: email, p: password },
        asAdmin,
      );
      assert.ok(made.body.data?.createUser?.id, `createUser: ${JSON.stringify(made.body)}`);
      const asAuthor = await signIn(url, email, password);
      const CREATE = `mutation P($t: String!) { createPost(data: { title: $t }) { id } }`;
      const UPDATE = `mutation U($id: ID!) { updatePost(where: { id: $id }, data: { title: "Edited" }) { title } }`;
      const mine = (await gql(url, CREATE, { t: 'The author writes' }, asAuthor)).body.data?.createPost?.id;
      assert.equal((await gql(url, UPDATE, { id: mine }, asAuthor)).body.data?.updatePost?.title, 'Edited');
      const theirs = (await gql(url, CREATE, { t: 'The admin writes' }, asAdmin)).body.data?.createPost?.id;
      assert.equal(codeOf(await gql(url, UPDATE, { id: theirs }, asAuthor)), 'FORBIDDEN');

      const OFF = `mutation D($e: String!) { updateUser(where: { email: $e }, data: { active: false }) { deactivatedAt } }`;
      assert.ok((await gql(url, OFF, { e: email }, asAdmin)).body.data?.updateUser?.deactivatedAt);
      assert.equal(codeOf(await gql(url, '{ me { id } }', {}, asAuthor)), 'UNAUTHENTICATED');
      assert.equal(codeOf(await gql(url, LOGIN, { email, password })), 'FORBIDDEN');
    },
  },
  {
    name: 'an invite code works while registration is off; registering without one does not',
    item: 'people',
    async run({ url, admin }) {
      const asAdmin = await signIn(url, admin.email, admin.password);
      const invite = await gql(url, `mutation { createInvite(role: "editor") { code } }`, {}, asAdmin);
      const code = invite.body.data?.createInvite?.code;
      assert.ok(code, `createInvite: ${JSON.stringify(invite.body)}`);
      const REGISTER = `mutation R($e: String!, $c: String) {
        register(email: $e, password: "long enough password", inviteCode: $c) { user { role } }
      }`;
      const joined = await gql(url, REGISTER, { e: fresh('invited'), c: code });
      assert.equal(joined.body.data?.register?.user?.role, 'editor', JSON.stringify(joined.body));
      assert.equal(codeOf(await gql(url, REGISTER, { e: fresh('walk-in'), c: null })), 'FORBIDDEN');
    },
  },
];
