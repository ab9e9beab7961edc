import { describe, expect, it } from 'vitest';
import type { PasswordResetMessage } from '../src/types/auth';
import type { CmsConfig } from '../src/types/config';
import { userWithPassword } from './auth-helpers';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';

// What an unauthenticated caller can send at the auth code: cookies of any shape, reset requests for any email.

const w = testWorker(undefined, { as: 'anonymous' });
const ME = JSON.stringify({ query: '{ me { id } }' });
const withCookie = (cookie: string) =>
  w.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: ME });

describe('hostile cookies never crash the worker', () => {
  const refused: Array<[string, string]> = [
    ['a malformed auth_token (%E0%A4%A)', 'auth_token=%E0%A4%A'],
    ['a lone % in auth_token', 'auth_token=%'],
    ['an auth_token that is not a JWT', 'auth_token=hello'],
    ['a huge auth_token', `auth_token=${'a'.repeat(20_000)}`],
    [
      'an auth_token after many other cookies',
      `${Array.from({ length: 500 }, (_, i) => `c${i}=v`).join('; ')}; auth_token=x.y.z`,
    ],
  ];
  for (const [name, cookie] of refused)
    it(`${name}: UNAUTHENTICATED with the security headers`, async () => {
      const response = await withCookie(cookie);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(codes(await response.json())).toEqual(['UNAUTHENTICATED']);
    });
  const anonymous: Array<[string, string]> = [
    ['bad percent-encoding in other cookies', 'theme=%E0%A4%A; x=%%%'],
    ['an empty auth_token', 'auth_token='],
    ['a huge cookie header without auth_token', `big=${'b'.repeat(30_000)}`],
  ];
  for (const [name, cookie] of anonymous)
    it(`${name}: anonymous`, async () => {
      const response = await withCookie(cookie);
      expect(response.status).toBe(200);
      expect((await response.json<any>()).data).toEqual({ me: null });
    });
  it('a malformed auth_client proof cookie is ignored by login', async () => {
    const user = await userWithPassword('editor');
    const response = await w.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'auth_client=%E0%A4%A' },
      body: JSON.stringify({
        query: `mutation { login(email: "${user.email}", password: "${user.password}") { token } }`,
      }),
    });
    expect((await response.json<any>()).data.login.token).toBeTruthy();
  });
});

describe('requestPasswordReset answers alike for every email', () => {
  it('the same response, and the same work before it, whether the account exists or not', async () => {
    const messages: PasswordResetMessage[] = [];
    const config: CmsConfig = { ...fixture, auth: { onPasswordReset: (message) => void messages.push(message) } };
    const reset = testWorker(config, { as: 'anonymous' });
    const user = await userWithPassword('editor');
    // Before the response, the work depends on nothing but the input: every lookup and write runs after it.
    let pending = 0;
    const ask = async (email: string) => {
      const response = await reset.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation R($e: String!) { requestPasswordReset(email: $e) }`,
          variables: { e: email },
        }),
      });
      pending = messages.length;
      const timing = response.headers.get('server-timing') ?? '';
      return { status: response.status, body: await response.text(), d1: /d1;desc="(\d+)/.exec(timing)?.[1] };
    };
    await ask('warm-up@example.com');
    const known = await ask(user.email);
    expect(pending).toBe(1); // delivered, after the response
    const unknown = await ask(`nobody-${crypto.randomUUID()}@example.com`);
    expect(unknown).toEqual(known);
    expect(JSON.parse(known.body).data).toEqual({ requestPasswordReset: true });
    expect(messages).toHaveLength(1);
  });
});
