import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { authenticateToken } from '../src/auth/authenticate';
import { sha256Hex } from '../src/security/hash';
import { jwtSettings } from '../src/auth/jwt';
import { issueAccessToken } from '../src/auth/sessions';
import { clearTokenMemoryCache, purgeTokens } from '../src/auth/token-cache';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { logIn, me, signedIn, userWithPassword } from './auth-helpers';
import fixture from './fixtures/config';
import { codes, testWorker as workerFor } from './helpers';

// These tests sign in themselves: their workers act as nobody until a test sends a token.
const testWorker = (config?: Parameters<typeof workerFor>[0]) => workerFor(config, { as: 'anonymous' });

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const b64json = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

async function hmac(hash: 'SHA-256' | 'SHA-512', secret: string, input: string) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
}

interface Forge {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  omit?: string[];
  secret?: string;
  hash?: 'SHA-256' | 'SHA-512' | 'none';
}

/**
 * A hand-made JWT for a real user, recorded as a real session with the token's own hash: every check but the one a
 * case breaks passes, so a rejection is the JWT check's doing.
 */
async function forge(options: Forge = {}) {
  const user = await signedIn('editor');
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    role: 'editor',
    email: user.email,
    ver: 1,
    sub: user.id,
    jti: crypto.randomUUID(),
    iss: 'edge-cms',
    aud: 'edge-cms-api',
    iat: now,
    nbf: now,
    exp: now + 600,
    ...options.claims,
  };
  for (const key of options.omit ?? []) delete claims[key];
  const header = { alg: 'HS256', typ: 'JWT', kid: jwtSettings(env).keys[0]!.kid, ...options.header };
  const input = `${b64json(header)}.${b64json(claims)}`;
  const hash = options.hash ?? 'SHA-256';
  const signature = hash === 'none' ? '' : b64url(await hmac(hash, options.secret ?? env.JWT_SECRET!, input));
  const token = `${input}.${signature}`;
  await record(token, user.id, claims);
  return { token, user };
}

async function record(token: string, userId: string, claims: Record<string, unknown>) {
  await env.DB.prepare(
    `insert into cms_sessions (id, user_id, token_hash, family_id, expires_at, created_at) values (?, ?, ?, null, ?, ?)`,
  )
    .bind(String(claims.jti), userId, await sha256Hex(token), Date.now() + 600_000, Date.now())
    .run();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('access tokens that must be rejected', () => {
  it('the forging helper makes tokens that are accepted when nothing is wrong (control)', async () => {
    const w = testWorker(undefined);
    const { token, user } = await forge();
    const { body } = await me(w, bearer(token));
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toMatchObject({ id: user.id, role: 'editor' });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => Forge]> = [
    ['alg none, no signature', () => ({ header: { alg: 'none' }, hash: 'none' })],
    ['HS256 header with the signature stripped', () => ({ hash: 'none' })],
    ['HS512 with the right secret (another algorithm)', () => ({ header: { alg: 'HS512' }, hash: 'SHA-512' })],
    ['RS256 header, HMAC-signed with the secret (algorithm confusion)', () => ({ header: { alg: 'RS256' } })],
    ['ES256 header, HMAC-signed with the secret', () => ({ header: { alg: 'ES256' } })],
    ['a wrong secret', () => ({ secret: 'not-the-secret-0123456789abcdef0123456789' })],
    ['an unknown kid', () => ({ header: { kid: 'k-unknown' } })],
    ['expired beyond the 30 s tolerance', () => ({ claims: { iat: now() - 700, nbf: now() - 700, exp: now() - 45 } })],
    ['no exp', () => ({ omit: ['exp'] })],
    ['no jti', () => ({ omit: ['jti'], claims: { jti: undefined } })],
    ['a wrong issuer', () => ({ claims: { iss: 'someone-else' } })],
    ['no issuer', () => ({ omit: ['iss'] })],
    ['a wrong audience', () => ({ claims: { aud: 'another-api' } })],
    ['nbf in the future beyond the tolerance', () => ({ claims: { nbf: now() + 120 } })],
    ['a token version older than the user’s', () => ({ claims: { ver: 0 } })],
  ];
  it.each(cases)('%s → UNAUTHENTICATED', async (_name, options) => {
    const w = testWorker(undefined);
    const { token } = await forge(options());
    const { body } = await me(w, bearer(token));
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.data ?? null).toBeNull();
  });

  it('a tampered payload (role raised to admin, signature kept) → UNAUTHENTICATED', async () => {
    const w = testWorker(undefined);
    const { token, user } = await forge();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
    const tampered = `${header}.${b64json({ ...claims, role: 'admin' })}.${signature}`;
    await env.DB.prepare(`update cms_sessions set token_hash = ? where id = ?`)
      .bind(await sha256Hex(tampered), claims.jti)
      .run();
    expect(codes((await me(w, bearer(tampered))).body)).toEqual(['UNAUTHENTICATED']);
    expect(user.role).toBe('editor');
  });

  it('a token within the clock tolerance is still accepted', async () => {
    const w = testWorker(undefined);
    const { token } = await forge({ claims: { exp: now() - 5 } });
    expect((await me(w, bearer(token))).body.errors).toBeUndefined();
  });

  it('a valid signature on a token that is not its session’s → UNAUTHENTICATED', async () => {
    const w = testWorker(undefined);
    const { token } = await forge();
    await env.DB.prepare(`update cms_sessions set token_hash = 'other' where token_hash = ?`)
      .bind(await sha256Hex(token))
      .run();
    expect(codes((await me(w, bearer(token))).body)).toEqual(['UNAUTHENTICATED']);
  });

  it('a token revoked by logout → UNAUTHENTICATED, from every cache level', async () => {
    const w = testWorker(undefined);
    const session = await logIn(w, await userWithPassword('author'));
    expect((await me(w, session.headers)).body.data?.me?.email).toBeTruthy(); // now cached in memory and KV
    expect((await w.gql(`mutation { logout }`, {}, session.headers)).body.data).toEqual({ logout: true });
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    clearTokenMemoryCache();
    expect(codes((await me(w, session.headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect(await env.KV.get(`auth:token:${await sha256Hex(session.token)}`)).toBeNull();
  });

  it('a rejected token is logged as a security event', async () => {
    const w = testWorker(undefined);
    const { token } = await forge({ secret: 'not-the-secret-0123456789abcdef0123456789' });
    const logged: string[] = [];
    const original = console.log;
    console.log = (line: string) => logged.push(line);
    try {
      await me(w, bearer(token));
    } finally {
      console.log = original;
    }
    expect(logged.map((line) => JSON.parse(line)).find((e) => e.event === 'token_rejected')).toMatchObject({
      kind: 'security',
    });
  });
});

describe('key rotation', () => {
  const OLD = 'old-secret-0123456789abcdef0123456789abcdef';
  const NEW = 'new-secret-0123456789abcdef0123456789abcdef';
  const handler = createHandler(buildCms(fixture));
  const meWith = (secrets: Partial<Env>, token: string) =>
    handler
      .fetch(
        new Request('http://cms.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ me { id } }' }),
        }),
        { ...env, ...secrets },
      )
      .then((r) => r.json() as Promise<{ data?: { me: { id: string } | null }; errors?: unknown[] }>);

  it('tokens signed before a rotation verify with JWT_SECRET_PREVIOUS, and stop when it is removed', async () => {
    const user = await signedIn('viewer');
    const before = await issueAccessToken(
      { ...env, JWT_SECRET: OLD },
      { id: user.id, role: 'viewer', email: user.email, tokenVersion: 1 },
    );
    const after = await issueAccessToken(
      { ...env, JWT_SECRET: NEW, JWT_SECRET_PREVIOUS: OLD },
      { id: user.id, role: 'viewer', email: user.email, tokenVersion: 1 },
    );
    const rotated = { JWT_SECRET: NEW, JWT_SECRET_PREVIOUS: OLD };
    expect((await meWith(rotated, before.token)).data?.me?.id).toBe(user.id);
    expect((await meWith(rotated, after.token)).data?.me?.id).toBe(user.id);
    // The old key is dropped: a token it signed is refused (on a cold cache: caches outlive no token anyway).
    await purgeTokens(env.KV, [await sha256Hex(before.token)]);
    const dropped = await meWith({ JWT_SECRET: NEW, JWT_SECRET_PREVIOUS: undefined }, before.token);
    expect((dropped.errors as any[])?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A token signed with the old key but naming the new key's kid does not verify either.
    const [, payload] = before.token.split('.');
    const header = JSON.parse(atob(after.token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')));
    const forged = `${b64json(header)}.${payload}.${before.token.split('.')[2]}`;
    expect(((await meWith(rotated, forged)).errors as any[])?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('two users signed in at once', () => {
  it('are never confused, whatever the cache state: cold, memory, KV only', async () => {
    const w = testWorker(undefined);
    // Same role and similar emails: their tokens share a long prefix (header and the start of the payload).
    const a = await logIn(w, await userWithPassword('editor', { email: `same-prefix-a-${Date.now()}@example.com` }));
    const b = await logIn(w, await userWithPassword('editor', { email: `same-prefix-b-${Date.now()}@example.com` }));
    let shared = 0;
    while (a.token[shared] === b.token[shared]) shared++;
    expect(shared).toBeGreaterThan(60);

    const check = async (expected: { a: string; b: string }) => {
      const [ma, mb] = await Promise.all([me(w, a.headers), me(w, b.headers)]);
      expect(ma.body.data?.me?.id).toBe(a.user.id);
      expect(mb.body.data?.me?.id).toBe(b.user.id);
      const sources = {
        a: (await authenticateToken(env, a.token)).source,
        b: (await authenticateToken(env, b.token)).source,
      };
      expect(sources).toEqual(expected);
    };
    const hashes = [await sha256Hex(a.token), await sha256Hex(b.token)];

    clearTokenMemoryCache();
    await purgeTokens(env.KV, hashes); // cold: the requests verify against D1, then cache
    await check({ a: 'memory', b: 'memory' });
    await check({ a: 'memory', b: 'memory' }); // memory-warm
    clearTokenMemoryCache(); // KV only
    const [ma, mb] = await Promise.all([me(w, b.headers), me(w, a.headers)]);
    expect([ma.body.data?.me?.id, mb.body.data?.me?.id]).toEqual([b.user.id, a.user.id]);
    clearTokenMemoryCache();
    expect((await authenticateToken(env, a.token)).source).toBe('kv');
    expect((await authenticateToken(env, b.token)).viewer).toMatchObject({ kind: 'user', id: b.user.id });
    // One of them signs out: the other is unaffected.
    await w.gql(`mutation { logout }`, {}, a.headers);
    expect(codes((await me(w, a.headers)).body)).toEqual(['UNAUTHENTICATED']);
    expect((await me(w, b.headers)).body.data?.me?.id).toBe(b.user.id);
  });

  it('a token differing from a cached one only in its last signature characters is not served from the cache', async () => {
    const w = testWorker(undefined);
    const session = await logIn(w, await userWithPassword('editor'));
    expect((await me(w, session.headers)).body.data?.me?.id).toBe(session.user.id); // cached
    const at = session.token.length - 6;
    const flipped = session.token.slice(0, at) + (session.token[at] === 'A' ? 'B' : 'A') + session.token.slice(at + 1);
    expect(codes((await me(w, bearer(flipped))).body)).toEqual(['UNAUTHENTICATED']);
    expect(await env.KV.get(`auth:token:${await sha256Hex(session.token)}`)).not.toBeNull();
  });
});

describe('JWT settings', () => {
  it('refuse a missing or short secret with a clear message', () => {
    expect(() => jwtSettings({})).toThrow(/JWT_SECRET must be set to at least 32 characters/);
    expect(() => jwtSettings({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be set/);
    expect(() => jwtSettings({ JWT_SECRET: 'x'.repeat(32), JWT_SECRET_PREVIOUS: 'short' })).toThrow(
      /JWT_SECRET_PREVIOUS/,
    );
    expect(() => jwtSettings({ JWT_SECRET: 'x'.repeat(32), JWT_TTL: 'soon' })).toThrow(/JWT_TTL/);
    expect(jwtSettings({ JWT_SECRET: 'x'.repeat(32), JWT_SECRET_PREVIOUS: '' }).keys).toHaveLength(1);
  });
});
