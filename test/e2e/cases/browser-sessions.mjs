// Browser sessions (issue 12): the refresh token in an HttpOnly cookie, spent and rotated by refreshToken with no
// argument, a spent cookie revoking its family, logout clearing both cookies; and CORS preflights that allow the
// tracing and Apollo client headers frontends send.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

const post = (url, query, variables, headers = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
const cookiesOf = (response) =>
  new Map(response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf('=')), line]));
const sent = (line) => line.split(';')[0];
const codeOf = (body) => body.errors?.[0]?.extensions?.code;
const REFRESH = 'mutation { refreshToken { token } }';

/** A new editor made by the admin, signed in with setCookie. */
async function browserSession(url, admin) {
  const login = (email, password, setCookie) =>
    post(
      url,
      'mutation L($e: String!, $p: String!, $c: Boolean) { login(email: $e, password: $p, setCookie: $c) { token } }',
      {
        e: email,
        p: password,
        c: setCookie,
      },
    );
  const adminToken = (await (await login(admin.email, admin.password)).json()).data.login.token;
  const email = `cookie-${randomUUID().slice(0, 8)}@e2e.example.com`;
  const password = `pw-${randomUUID()}`;
  const made = await post(
    url,
    'mutation C($e: String!, $p: String!) { createUser(email: $e, password: $p, role: "editor") { id } }',
    { e: email, p: password },
    { authorization: `Bearer ${adminToken}` },
  );
  assert.ok((await made.json()).data?.createUser?.id);
  const response = await login(email, password, true);
  const body = await response.json();
  assert.ok(body.data?.login?.token, JSON.stringify(body));
  return { token: body.data.login.token, cookies: cookiesOf(response) };
}

export default [
  {
    name: 'the refresh cookie: set HttpOnly/Strict on /graphql, refreshes alone, rotates, reuse revokes, logout clears',
    item: 'refresh-cookie',
    async run({ url, admin }) {
      const { token, cookies } = await browserSession(url, admin);
      const refresh = cookies.get('auth_refresh');
      assert.ok(refresh, 'auth_refresh is set');
      for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/graphql'])
        assert.ok(refresh.split('; ').includes(attribute), `${attribute} in ${refresh}`);
      const first = await post(url, REFRESH, {}, { cookie: sent(refresh) });
      const firstBody = await first.json();
      assert.ok(firstBody.data?.refreshToken?.token, JSON.stringify(firstBody));
      const rotated = cookiesOf(first).get('auth_refresh');
      assert.notEqual(sent(rotated), sent(refresh));
      const second = await (await post(url, REFRESH, {}, { cookie: sent(rotated) })).json();
      assert.ok(second.data?.refreshToken?.token, JSON.stringify(second));
      // The first cookie again: reuse. The family goes, and with it the latest access token.
      const reuse = await post(url, REFRESH, {}, { cookie: sent(refresh) });
      assert.equal(codeOf(await reuse.json()), 'UNAUTHENTICATED');
      assert.match(cookiesOf(reuse).get('auth_refresh'), /^auth_refresh=; Max-Age=0/);
      const me = await (
        await post(url, '{ me { id } }', {}, { authorization: `Bearer ${second.data.refreshToken.token}` })
      ).json();
      assert.equal(codeOf(me), 'UNAUTHENTICATED');
      // A fresh session: logout clears both cookies.
      const other = await browserSession(url, admin);
      const out = await post(
        url,
        'mutation { logout }',
        {},
        {
          cookie: `${sent(other.cookies.get('auth_token'))}; ${sent(other.cookies.get('auth_refresh'))}`,
        },
      );
      assert.deepEqual((await out.json()).data, { logout: true });
      const cleared = cookiesOf(out);
      assert.match(cleared.get('auth_token'), /^auth_token=; Max-Age=0/);
      assert.match(cleared.get('auth_refresh'), /^auth_refresh=; Max-Age=0/);
      const after = await post(url, REFRESH, {}, { cookie: sent(other.cookies.get('auth_refresh')) });
      assert.equal(codeOf(await after.json()), 'UNAUTHENTICATED');
      assert.ok(token);
    },
  },
  {
    name: 'a CORS preflight allows traceparent, baggage, sentry-trace and the Apollo client headers',
    item: 'cors-headers',
    profiles: ['development'],
    async run({ url }) {
      const headers =
        'content-type, traceparent, tracestate, baggage, sentry-trace, apollographql-client-name, apollographql-client-version';
      const response = await fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': headers,
        },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
      for (const header of headers.split(', ')) assert.ok(allowed.includes(header), `${header} in ${allowed}`);
    },
  },
];
