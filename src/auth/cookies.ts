// The cookies of the auth feature: reading a request's cookies, and the Set-Cookie values a sign-in or sign-out asks
// for (the authentication step adds them to the response). Below graphql, which asks for them from its resolvers.
//
// Cookies are sent by anyone: a header that is huge, holds thousands of pairs or bad percent-encoding is read
// without throwing, and without looking past the first MAX_HEADER characters.

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

/** The cookie that carries the access token for browsers on the same site. */
export const AUTH_COOKIE = 'auth_token';

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
    AUTH_COOKIE,
    `${AUTH_COOKIE}=${token ? encodeURIComponent(token) : ''}; Max-Age=${maxAge}; Path=/; HttpOnly; Secure; SameSite=Lax`,
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

/** The Set-Cookie values asked for during a request, added to its response by the authentication step. */
export const pendingCookiesOf = (request: Request): Iterable<string> => pendingCookies.get(request)?.values() ?? [];
