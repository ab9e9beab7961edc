import { env } from 'cloudflare:test';
import { hashPassword } from '../src/auth/password';
import { issueAccessToken } from '../src/auth/sessions';
import type { testWorker } from './helpers';

type Worker = ReturnType<typeof testWorker>;

let counter = 0;

/**
 * A real user row of the given role and a real access token for it, issued by the same function sign-ins use (so
 * it has a session and passes every check a logged-in user's token passes).
 * @example
 * const { headers } = await signedIn('editor');
 * await w.gql(`{ posts { totalCount } }`, {}, headers);
 */
export async function signedIn(role: string, email = `${role}-${Date.now()}-${++counter}@example.com`) {
  const id = crypto.randomUUID();
  const now = Date.now();
  await env.DB.prepare(
    `insert into cms_users (id, email, name, role, password_hash, token_version, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?)`,
  )
    .bind(id, email, role, role, 'not-a-usable-hash', now, now)
    .run();
  const { token } = await issueAccessToken(env, { id, role, email, tokenVersion: 1 });
  return { id, email, role, token, headers: { authorization: `Bearer ${token}` } };
}

/**
 * A user who can sign in with a password (hashed for real; `iterations` lower than today's cost makes an old hash).
 * @example
 * const { email, password } = await userWithPassword('editor');
 */
export async function userWithPassword(
  role: string,
  options: { password?: string; iterations?: number; email?: string } = {},
) {
  const password = options.password ?? 'correct horse battery';
  const email = options.email ?? `${role}-${Date.now()}-${++counter}@example.com`;
  const id = crypto.randomUUID();
  const now = Date.now();
  await env.DB.prepare(
    `insert into cms_users (id, email, name, role, password_hash, token_version, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?)`,
  )
    .bind(id, email, role, role, await hashPassword(password, options.iterations), now, now)
    .run();
  return { id, email, password, role };
}

const LOGIN = `mutation Login($email: String!, $password: String!, $setCookie: Boolean) {
  login(email: $email, password: $password, setCookie: $setCookie) { token refreshToken expiresAt user { id email role } }
}`;

/** Signs in through the API; fails the test when it doesn't succeed. */
export async function logIn(
  w: Worker,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
) {
  const { body, response } = await w.gql(LOGIN, credentials, headers);
  if (body.errors?.length) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  const payload = body.data.login as {
    token: string;
    refreshToken: string;
    expiresAt: string;
    user: { id: string; email: string; role: string };
  };
  return { ...payload, headers: { authorization: `Bearer ${payload.token}` }, response };
}

/** Runs `login` and returns the raw result (for failures). */
export const tryLogIn = (
  w: Worker,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
) => w.gql(LOGIN, credentials, headers);

/** The signed-in user as `me` reports it with these headers (null when anonymous). */
export async function me(w: Worker, headers: Record<string, string>) {
  return w.gql<{ me: { id: string; email: string; role: string } | null }>(`{ me { id email role } }`, {}, headers);
}
