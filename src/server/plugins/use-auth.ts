import type { Plugin } from 'graphql-yoga';
import { type Authenticated, authenticateToken } from '../../auth/authenticate';
import { securityEvent } from '../../auth/events';
import { InvalidToken } from '../../auth/jwt';
import type { Context } from '../../types/context';
import { unauthenticated } from '../../errors';
import { readCookie } from '../cookies';
import { recordStep } from '../trace';

const COOKIE = 'auth_token';

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
const cookieOf = (request: Request): string | undefined => readCookie(request, COOKIE) || undefined;

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

// Set-Cookie values to add to a request's response, by cookie name (login, refresh and logout ask for them).
const pendingCookies = new WeakMap<Request, Map<string, string>>();

function setCookie(request: Request, name: string, value: string) {
  let cookies = pendingCookies.get(request);
  if (!cookies) pendingCookies.set(request, (cookies = new Map()));
  cookies.set(name, value);
}

/**
 * Asks for the `auth_token` cookie to be set on the response (HttpOnly, Secure, SameSite=Lax, Path=/), living as
 * long as the token; with no token, asks for it to be cleared.
 * @example
 * setAuthCookie(ctx.request, tokens.token, tokens.expiresAt);
 */
export function setAuthCookie(request: Request, token?: string, expiresAt?: Date): void {
  const maxAge = token && expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) : 0;
  setCookie(
    request,
    COOKIE,
    `${COOKIE}=${token ? encodeURIComponent(token) : ''}; Max-Age=${maxAge}; Path=/; HttpOnly; Secure; SameSite=Lax`,
  );
}

export const CLIENT_PROOF_COOKIE = 'auth_client';

/**
 * Asks for the known-client proof of a sign-in to be set as the `auth_client` cookie (HttpOnly, Secure,
 * SameSite=Strict, sent to /graphql only), so a browser presents it with its next sign-ins by itself.
 */
export function setClientProofCookie(request: Request, proof: string, maxAgeSeconds: number): void {
  setCookie(
    request,
    CLIENT_PROOF_COOKIE,
    `${CLIENT_PROOF_COOKIE}=${proof}; Max-Age=${maxAgeSeconds}; Path=/graphql; HttpOnly; Secure; SameSite=Strict`,
  );
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
      for (const cookie of pendingCookies.get(request)?.values() ?? []) response.headers.append('Set-Cookie', cookie);
    },
  };
}
