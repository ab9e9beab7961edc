// A request's credentials and whom they name, worked out once per request: the response cache asks before parsing
// (whose entries to look for), the authentication step asks again and gets the same answer.
import { type Authenticated, authenticateToken } from '../auth/authenticate';
import { AUTH_COOKIE } from '../request/cookies';
import { varOf } from '../request/state';
import { readCookie } from '../request/cookies';

declare module '../request/state' {
  interface RequestVariableMap {
    /** The verification of the request's token (started by whoever asks first). */
    authentication: Promise<Authenticated>;
  }
}

/** The bearer token of a request: `Authorization: Bearer …`, else the `auth_token` cookie. */
export function tokenOf(request: Request): string | undefined {
  return bearerOf(request) ?? cookieOf(request);
}

/** The token of an `Authorization: Bearer …` header (empty when the header is malformed), else undefined. */
export function bearerOf(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (!header) return undefined;
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
}

// An empty `auth_token=` (what a cleared cookie leaves behind in some clients) counts as no cookie.
const cookieOf = (request: Request): string | undefined => readCookie(request, AUTH_COOKIE) || undefined;

/**
 * The viewer of a request's token, verified once per request. Rejects with InvalidToken.
 * @example
 * const { viewer } = await authenticateRequest(request, env, tokenOf(request)!, waitUntil);
 */
export function authenticateRequest(
  request: Request,
  env: Env,
  token: string,
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<Authenticated> {
  return varOf(request, 'authentication', () => authenticateToken(env, token, waitUntil));
}
