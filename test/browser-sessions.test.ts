import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CmsConfigError, defineConfig } from '../src';
import { authSettings } from '../src/auth/config';
import { buildCms } from '../src/build';
import type { SecurityConfig } from '../src/types/security';
import { userWithPassword } from './auth-helpers';
import fixture from './fixtures/config';
import { codes, testWorker, workerIn } from './helpers';

const w = testWorker(undefined, { as: 'anonymous' });

const LOGIN = `mutation ($email: String!, $password: String!) {
  login(email: $email, password: $password, setCookie: true) { token refreshToken expiresAt }
}`;
const REFRESH = `mutation { refreshToken { token refreshToken expiresAt } }`;

/** The request's `Set-Cookie` values by cookie name. */
function cookiesOf(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf('=')), line]));
}
/** A cookie's Max-Age, in seconds. */
const maxAgeOf = (line: string | undefined) => Number(/Max-Age=(\d+)/.exec(line!)![1]);
/** A cookie's value as a browser would send it back. */
const cookieValue = (line: string | undefined) => decodeURIComponent(line!.split(';')[0]!.split('=')[1]!);

async function signIn() {
  const user = await userWithPassword('editor');
  const { body, response } = await w.gql(LOGIN, user);
  expect(body.errors).toBeUndefined();
  return { user, body, cookies: cookiesOf(response) };
}

describe('the refresh token in an HttpOnly cookie', () => {
  it('login with setCookie sets auth_refresh: HttpOnly, Secure, SameSite=Strict, Path=/graphql, as long as the token', async () => {
    const { body, cookies } = await signIn();
    const refresh = cookies.get('auth_refresh')!;
    expect(cookieValue(refresh)).toBe(body.data.login.refreshToken);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/graphql'])
      expect(refresh.split('; ')).toContain(attribute);
    expect(maxAgeOf(refresh)).toBeGreaterThan(30 * 86_400 - 10);
    expect(maxAgeOf(refresh)).toBeLessThanOrEqual(30 * 86_400);
    expect(cookies.get('auth_token')).toContain(body.data.login.token);
  });

  it('refreshToken with no argument spends the cookie, answers new tokens and rotates both cookies', async () => {
    const { cookies } = await signIn();
    const first = cookieValue(cookies.get('auth_refresh'));
    const { body, response } = await w.gql(REFRESH, {}, { cookie: `auth_refresh=${encodeURIComponent(first)}` });
    expect(body.errors).toBeUndefined();
    const rotated = cookiesOf(response);
    const second = cookieValue(rotated.get('auth_refresh'));
    expect(second).toBe(body.data.refreshToken.refreshToken);
    expect(second).not.toBe(first);
    expect(rotated.get('auth_refresh')).toContain('SameSite=Strict');
    // The new access token works, and the new cookie refreshes again.
    const me = await w.gql(`{ me { email } }`, {}, { authorization: `Bearer ${body.data.refreshToken.token}` });
    expect(me.body.data.me).not.toBeNull();
    const again = await w.gql(REFRESH, {}, { cookie: `auth_refresh=${encodeURIComponent(second)}` });
    expect(again.body.errors).toBeUndefined();
  });

  it('a spent cookie presented again revokes the whole family and is cleared', async () => {
    const { cookies } = await signIn();
    const first = cookieValue(cookies.get('auth_refresh'));
    const used = await w.gql(REFRESH, {}, { cookie: `auth_refresh=${encodeURIComponent(first)}` });
    const second = cookieValue(cookiesOf(used.response).get('auth_refresh'));
    const reuse = await w.gql(REFRESH, {}, { cookie: `auth_refresh=${encodeURIComponent(first)}` });
    expect(codes(reuse.body)).toEqual(['UNAUTHENTICATED']);
    expect(cookiesOf(reuse.response).get('auth_refresh')).toMatch(/^auth_refresh=; Max-Age=0;/);
    // The family is gone: the token the legitimate client holds no longer refreshes, nor signs anything.
    const after = await w.gql(REFRESH, {}, { cookie: `auth_refresh=${encodeURIComponent(second)}` });
    expect(codes(after.body)).toEqual(['UNAUTHENTICATED']);
    const token = used.body.data.refreshToken.token;
    expect(codes((await w.gql(`{ me { id } }`, {}, { authorization: `Bearer ${token}` })).body)).toEqual([
      'UNAUTHENTICATED',
    ]);
    const events = await env.DB.prepare(`select count(*) as n from cms_event_log where event = 'refresh_reuse'`).first<{
      n: number;
    }>();
    expect(events!.n).toBeGreaterThan(0);
  });

  it('without an argument or a cookie (or with a forged one) it is UNAUTHENTICATED, never a 5xx', async () => {
    expect(codes((await w.gql(REFRESH)).body)).toEqual(['UNAUTHENTICATED']);
    for (const cookie of [
      'auth_refresh=',
      'auth_refresh=cms_rt_forged',
      `auth_refresh=${'x'.repeat(20_000)}`,
      'auth_refresh=%E0%A4%A',
    ]) {
      const { body, response } = await w.gql(REFRESH, {}, { cookie });
      expect(response.status).toBe(200);
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('the JSON-body flow is unchanged: an argument wins over the cookie, and no cookie is set without setCookie', async () => {
    const { body, cookies } = await signIn();
    const other = await signIn();
    const result = await w.gql(
      `mutation ($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }`,
      { t: body.data.login.refreshToken },
      { cookie: `auth_refresh=${encodeURIComponent(cookieValue(other.cookies.get('auth_refresh')))}` },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.response.headers.getSetCookie()).toEqual([]);
    // The cookie of the other session was not spent.
    const theirs = await w.gql(
      REFRESH,
      {},
      { cookie: `auth_refresh=${encodeURIComponent(cookieValue(other.cookies.get('auth_refresh')))}` },
    );
    expect(theirs.body.errors).toBeUndefined();
    expect(cookies.size).toBeGreaterThan(0);
  });

  it('logout clears both cookies and revokes the cookie family, even once the access token has gone', async () => {
    const { body, cookies } = await signIn();
    const refresh = `auth_refresh=${encodeURIComponent(cookieValue(cookies.get('auth_refresh')))}`;
    const out = await w.gql(`mutation { logout }`, {}, { cookie: `auth_token=${body.data.login.token}; ${refresh}` });
    expect(out.body.data).toEqual({ logout: true });
    const cleared = cookiesOf(out.response);
    expect(cleared.get('auth_token')).toMatch(/^auth_token=; Max-Age=0;/);
    expect(cleared.get('auth_refresh')).toMatch(/^auth_refresh=; Max-Age=0;.*Path=\/graphql/);
    expect(codes((await w.gql(REFRESH, {}, { cookie: refresh })).body)).toEqual(['UNAUTHENTICATED']);
    // Only the refresh cookie left (the access token expired in the page): logout still ends the session.
    const second = await signIn();
    const cookieOnly = `auth_refresh=${encodeURIComponent(cookieValue(second.cookies.get('auth_refresh')))}`;
    expect((await w.gql(`mutation { logout }`, {}, { cookie: cookieOnly })).body.data).toEqual({ logout: true });
    expect(codes((await w.gql(REFRESH, {}, { cookie: cookieOnly })).body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('token lifetimes', () => {
  it('follow auth.accessTokenMinutes and auth.refreshTokenDays', async () => {
    const lifetimes = testWorker(defineConfig({ ...fixture, auth: { accessTokenMinutes: 5, refreshTokenDays: 2 } }), {
      as: 'anonymous',
    });
    const user = await userWithPassword('viewer');
    const { body, response } = await lifetimes.gql(LOGIN, user);
    const seconds = (Date.parse(body.data.login.expiresAt) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(5 * 60 - 10);
    expect(seconds).toBeLessThanOrEqual(5 * 60);
    expect(maxAgeOf(cookiesOf(response).get('auth_refresh'))).toBeGreaterThan(2 * 86_400 - 10);
    expect(maxAgeOf(cookiesOf(response).get('auth_refresh'))).toBeLessThanOrEqual(2 * 86_400);
  });

  it.each([
    [{ accessTokenMinutes: 0 }],
    [{ accessTokenMinutes: 1441 }],
    [{ accessTokenMinutes: 2.5 }],
    [{ refreshTokenDays: 366 }],
    [{ refreshTokenDays: -1 }],
    [{ accessTokenMinutes: 60, refreshTokenDays: 1 / 48 }],
  ])('refuses %j at build time', (auth) => {
    expect(() => authSettings(auth)).toThrow(CmsConfigError);
    expect(() => buildCms(defineConfig({ ...fixture, auth }))).toThrow(CmsConfigError);
  });
});

describe('CORS allowed request headers', () => {
  const preflight = (headers: string) => ({
    method: 'OPTIONS',
    headers: {
      origin: 'https://app.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': headers,
    },
  });
  const withSecurity = (security: SecurityConfig) => defineConfig({ ...fixture, security });
  const TRACING =
    'traceparent, tracestate, baggage, sentry-trace, apollographql-client-name, apollographql-client-version';

  it('allow tracing and Apollo client headers by default', async () => {
    const fetch = workerIn('production', withSecurity({ cors: { origins: ['https://app.example.com'] } }));
    const response = await fetch('/graphql', preflight(`content-type, authorization, ${TRACING}`));
    expect(response.status).toBe(204);
    const allowed = response.headers.get('access-control-allow-headers')!.split(/,\s*/);
    for (const header of [...TRACING.split(', '), 'content-type', 'authorization', 'x-graphql-yoga-csrf'])
      expect(allowed).toContain(header);
    expect(allowed).not.toContain('x-tenant');
  });

  it('add the configured headers to the defaults', async () => {
    const config = withSecurity({ cors: { origins: ['https://app.example.com'], allowedHeaders: ['X-Tenant'] } });
    const response = await workerIn('production', config)('/graphql', preflight('x-tenant, traceparent'));
    const allowed = response.headers.get('access-control-allow-headers')!.split(/,\s*/);
    expect(allowed).toContain('x-tenant');
    expect(allowed).toContain('traceparent');
    expect(allowed).toContain('content-type');
  });

  it.each([['*'], ['x tenant'], ['x-tenant\r\nx-evil: 1'], [''], [5]])('refuse %j as a header name', (name) => {
    const config = withSecurity({ cors: { allowedHeaders: [name as string] } });
    expect(() => buildCms(config)).toThrow(CmsConfigError);
  });
});
