import { env } from 'cloudflare:test';
import { issueAccessToken } from '../src/auth/sessions';

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
