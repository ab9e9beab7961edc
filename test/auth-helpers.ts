import { env } from 'cloudflare:test';
import { jwtSettings, signAccessToken } from '../src/auth/jwt';

let counter = 0;

/**
 * A real user row of the given role and a real signed access token for it (the same signer login uses).
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
  const { token } = await signAccessToken(jwtSettings(env), { id, role, email, tokenVersion: 1 });
  return { id, email, role, token, headers: { authorization: `Bearer ${token}` } };
}
