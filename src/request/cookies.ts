// The cookies of a request: reading what it sent, and the `Set-Cookie` values it asks for (sign-in, refresh and
// sign-out ask from their resolvers; the finishing step adds them to the response).
//
// Cookies are sent by anyone: a header that is huge, holds thousands of pairs or bad percent-encoding is read
// without throwing, and without looking past the first MAX_HEADER characters.
import { getVar, varOf } from './state';

declare module './state' {
  interface RequestVariableMap {
    /** `Set-Cookie` values the response is to carry, by cookie name (login, refresh and logout ask for them). */
    cookies: Map<string, string>;
  }
}

const MAX_HEADER = 16_384;
/** A value longer than this is not a token of ours; it is handed on cut, so it fails to verify. */
const MAX_VALUE = 4096;

/**
 * The first value of a cookie, percent-decoded when that is valid (else as sent, so it fails whatever check follows);
 * undefined when the request doesn't carry it.
 * @example
 * const token = readCookie(request, 'auth_token');
 */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const pair of header.slice(0, MAX_HEADER).split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const raw = pair
      .slice(at + 1)
      .trim()
      .slice(0, MAX_VALUE);
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** The cookie that carries the access token (read by the authentication step). */
export const AUTH_COOKIE = 'auth_token';
/** The cookie that carries a browser's known-client proof (sent to /graphql only). */
export const CLIENT_PROOF_COOKIE = 'auth_client';
/** The cookie that carries a browser's refresh token (sent to /graphql only; read by `refreshToken()`). */
export const REFRESH_COOKIE = 'auth_refresh';

/** Asks for a cookie to be set on the request's response (the finishing step adds it); the last ask per name wins. */
function setCookie(request: Request, name: string, value: string): void {
  varOf(request, 'cookies', () => new Map()).set(name, value);
}

/** The `Set-Cookie` values asked for a request, in the order first asked. */
export const cookiesToSet = (request: Request): Iterable<string> => getVar(request, 'cookies')?.values() ?? [];

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
    AUTH_COOKIE,
    `${AUTH_COOKIE}=${token ? encodeURIComponent(token) : ''}; Max-Age=${maxAge}; Path=/; HttpOnly; Secure; SameSite=Lax`,
  );
}

/**
 * Asks for the refresh token to be set as the `auth_refresh` cookie (HttpOnly, Secure, SameSite=Strict, sent to
 * /graphql only), living as long as the token; with no token, asks for it to be cleared. Strict: no cross-site
 * request carries it, not even a link followed from another site.
 * @example
 * setRefreshCookie(ctx.request, tokens.refreshToken, tokens.refreshExpiresAt);
 */
export function setRefreshCookie(request: Request, token?: string, expiresAt?: Date): void {
  const maxAge = token && expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) : 0;
  const value = token ? encodeURIComponent(token) : '';
  const attributes = `Max-Age=${maxAge}; Path=/graphql; HttpOnly; Secure; SameSite=Strict`;
  setCookie(request, REFRESH_COOKIE, `${REFRESH_COOKIE}=${value}; ${attributes}`);
}

/**
 * Asks for the known-client proof of a sign-in to be set as the `auth_client` cookie (HttpOnly, Secure,
 * SameSite=Strict, sent to /graphql only), so a browser presents it with its next sign-ins by itself.
 * @example
 * setClientProofCookie(ctx.request, result.clientProof, 30 * 86_400);
 */
export function setClientProofCookie(request: Request, proof: string, maxAgeSeconds: number): void {
  setCookie(
    request,
    CLIENT_PROOF_COOKIE,
    `${CLIENT_PROOF_COOKIE}=${proof}; Max-Age=${maxAgeSeconds}; Path=/graphql; HttpOnly; Secure; SameSite=Strict`,
  );
}
