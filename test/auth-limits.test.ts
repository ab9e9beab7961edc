import { describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import type { CmsConfig } from '../src/types/config';
import { userWithPassword } from './auth-helpers';
import fixture from './fixtures/config';
import { codes, type GqlResult, testWorker } from './helpers';

// Sign-in limits (docs/auth.md): counted atomically in the LOGIN_LIMITER Durable Object, per client, per
// account and per address, with a known-client proof that keeps a client out of the reach of others' failures.

const withLockout = (lockout: NonNullable<CmsConfig['auth']>['lockout']): CmsConfig => ({
  ...fixture,
  auth: { lockout },
});
const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const LOGIN = `mutation L($email: String!, $password: String!, $clientProof: String) {
  login(email: $email, password: $password, clientProof: $clientProof) { token clientProof }
}`;

type Worker = ReturnType<typeof testWorker>;
interface From {
  /** The address Cloudflare reports (sent with a `cf` object, as Cloudflare's edge does). */
  ip?: string;
  /** A CF-Connecting-IP header without a `cf` object: what a client can send when not behind Cloudflare. */
  spoofedIp?: string;
  clientProof?: string;
}

async function login(w: Worker, email: string, password: string, from: From = {}): Promise<GqlResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (from.ip) headers['cf-connecting-ip'] = from.ip;
  if (from.spoofedIp) headers['cf-connecting-ip'] = from.spoofedIp;
  const response = await w.fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: LOGIN, variables: { email, password, clientProof: from.clientProof } }),
    ...(from.ip ? { cf: { colo: 'TEST' } } : {}),
  } as RequestInit);
  return response.json();
}

describe('sign-in limits', () => {
  it('20 concurrent wrong passwords for one email are all counted: only maxFailures are checked', async () => {
    const w = testWorker(undefined, { as: 'anonymous' });
    const user = await userWithPassword('editor');
    const results = await Promise.all(Array.from({ length: 20 }, () => login(w, user.email, 'wrong password')));
    const seen = results.map((r) => codes(r)[0]);
    expect(seen.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(seen.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('a known client signs in while others are locked out of its account by an attacker', async () => {
    const w = testWorker(withLockout({ maxAccountFailures: 8 }), { as: 'anonymous' });
    const user = await userWithPassword('editor');
    const { clientProof } = (await login(w, user.email, user.password, { ip: '198.51.100.1' })).data.login;
    expect(clientProof).toEqual(expect.any(String));
    // An attacker spreads guesses over addresses (4 each, under the per-client limit) until the account's bound.
    for (let i = 0; i < 8; i++)
      expect(codes(await login(w, user.email, 'guess', { ip: `203.0.113.${1 + (i >> 2)}` }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    const refused = await login(w, user.email, 'guess', { ip: '203.0.113.99' });
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors![0]!.extensions!.retryAfter).toBeGreaterThan(3500);
    // Unproven clients, the real user's new ones included, wait; the known client doesn't, from any address.
    expect(codes(await login(w, user.email, user.password, { ip: '198.51.100.1' }))).toEqual(['RATE_LIMITED']);
    expect(
      (await login(w, user.email, user.password, { ip: '203.0.113.1', clientProof })).data?.login.token,
    ).toBeTruthy();
    // A proof is bound to its account.
    const other = await userWithPassword('editor');
    const otherProof = (await login(w, other.email, other.password)).data.login.clientProof;
    expect(codes(await login(w, user.email, user.password, { ip: '198.51.100.1', clientProof: otherProof }))).toEqual([
      'RATE_LIMITED',
    ]);
  });

  it('a known client that fails is held to its own limit, and locks out only itself', async () => {
    const w = testWorker(undefined, { as: 'anonymous' });
    const user = await userWithPassword('editor');
    const first = (await login(w, user.email, user.password)).data.login.clientProof;
    const second = (await login(w, user.email, user.password)).data.login.clientProof;
    for (let i = 0; i < 5; i++)
      expect(codes(await login(w, user.email, 'typo', { clientProof: first }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await login(w, user.email, user.password, { clientProof: first }))).toEqual(['RATE_LIMITED']);
    expect((await login(w, user.email, user.password, { clientProof: second })).data?.login.token).toBeTruthy();
    expect((await login(w, user.email, user.password)).data?.login.token).toBeTruthy();
  });

  it('an address over its bound locks out unproven clients, never a known client with the right password', async () => {
    const w = testWorker(withLockout({ maxIpFailures: 3 }), { as: 'anonymous' });
    const user = await userWithPassword('editor');
    const { clientProof } = (await login(w, user.email, user.password, { ip: '203.0.113.7' })).data.login;
    for (let i = 0; i < 3; i++) await login(w, unique('spray'), 'wrong password', { ip: '203.0.113.7' });
    expect(codes(await login(w, user.email, user.password, { ip: '203.0.113.7' }))).toEqual(['RATE_LIMITED']);
    expect(
      (await login(w, user.email, user.password, { ip: '203.0.113.7', clientProof })).data?.login.token,
    ).toBeTruthy();
    expect((await login(w, user.email, user.password, { ip: '203.0.113.8' })).data?.login.token).toBeTruthy();
  });

  it('CF-Connecting-IP is not trusted without Cloudflare’s cf object: a client can’t pick its address', async () => {
    const w = testWorker(undefined, { as: 'anonymous' });
    const email = unique('target');
    for (let i = 0; i < 5; i++)
      expect(codes(await login(w, email, 'guess', { spoofedIp: `192.0.2.${i + 1}` }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await login(w, email, 'guess', { spoofedIp: '192.0.2.200' }))).toEqual(['RATE_LIMITED']);
  });

  it('TRUST_CF_CONNECTING_IP=off ignores the header even with a cf object (wrangler dev invents one)', async () => {
    const { createHandler } = await import('../src/server/handler');
    const { env } = await import('cloudflare:test');
    const handler = createHandler(buildCms(fixture));
    const email = unique('target');
    const attempt = (ip: string) =>
      handler
        .fetch(
          new Request('http://cms.test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
            body: JSON.stringify({ query: LOGIN, variables: { email, password: 'guess' } }),
            cf: { colo: 'TEST' },
          } as RequestInit),
          { ...env, TRUST_CF_CONNECTING_IP: 'off' },
        )
        .then((r) => r.json() as Promise<GqlResult>);
    for (let i = 0; i < 5; i++) expect(codes(await attempt(`192.0.2.${i + 1}`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await attempt('192.0.2.77'))).toEqual(['RATE_LIMITED']);
  });

  it('auth.lockout is validated when the config is built', () => {
    expect(() => buildCms(withLockout({ maxAccountFailures: 0 }))).toThrow(
      /maxAccountFailures must be a positive number/,
    );
    expect(() => buildCms(withLockout({ maxFailures: 2.5 }))).toThrow(/maxFailures must be a whole number/);
    expect(() => buildCms(withLockout({ maxFailure: 5 } as never))).toThrow(/auth.lockout.maxFailure is not a setting/);
  });
});
