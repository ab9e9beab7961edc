import type { Plugin } from 'graphql-yoga';
import { type Authenticated, authenticateToken } from '../../auth/authenticate';
import { securityEvent } from '../../auth/events';
import { InvalidToken } from '../../auth/jwt';
import type { Context } from '../../types/context';
import { unauthenticated } from '../../errors';
import { AUTH_COOKIE, pendingCookiesOf, readCookie, setAuthCookie } from '../../auth/cookies';
import { recordStep } from '../trace';

/** The bearer token of a request: `Authorization: Bearer …`, else the `auth_token` cookie. */
export function tokenOf(request: Request): string | undefined {
  return bearerOf(request) ?? cookieOf(request);
}

function bearerOf(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (!header) return undefined;
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
}

// An empty `auth_token=` (what a cleared cookie leaves behind in some clients) counts as no cookie.
const cookieOf = (request: Request): string | undefined => readCookie(request, AUTH_COOKIE) || undefined;

const authenticated = new WeakMap<Request, Promise<Authenticated>>();

/**
 * The viewer of a request's token, verified once per request: the response cache asks before parsing (to know whose
 * cache entry to look for), the authentication step asks again and gets the same answer. Rejects with InvalidToken.
 */
export function authenticateRequest(
  request: Request,
  env: Env,
  token: string,
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<Authenticated> {
  let answer = authenticated.get(request);
  if (!answer) authenticated.set(request, (answer = authenticateToken(env, token, waitUntil)));
  return answer;
}

/**
 * Authentication: turns the request's token (an access token or an API token) into `ctx.viewer`. No token:
 * anonymous. A token that does not verify is UNAUTHENTICATED — never silently anonymous, so a client learns its
 * token expired — and is logged as `token_rejected`; a rejected cookie is also cleared.
 */
export function useAuth(): Plugin<Context> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const startedAt = performance.now();
      try {
        const token = tokenOf(context.request);
        if (token === undefined) return;
        try {
          const { viewer } = await authenticateRequest(context.request, context.env, token, context.waitUntil);
          extendContext({ viewer });
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
          securityEvent(context, 'token_rejected', {
            reason: error.message,
            from: bearerOf(context.request) === undefined ? 'cookie' : 'bearer',
          });
          if (bearerOf(context.request) === undefined) setAuthCookie(context.request);
          throw unauthenticated('The token is invalid, expired or revoked; sign in again');
        }
      } finally {
        recordStep(context.request, 'auth', startedAt);
      }
    },
    onResponse({ request, response }) {
      for (const cookie of pendingCookiesOf(request)) response.headers.append('Set-Cookie', cookie);
    },
  };
}
