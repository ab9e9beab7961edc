// The API answers JSON that no page should frame, render or embed; so does any other response without a policy of its
// own, HTML included. The one page the worker serves, GraphiQL, brings its own (`pagePolicy`).
const DEFAULT_POLICY = "default-src 'none'; frame-ancestors 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Sets the security headers on a response (any route). HSTS only outside development, where the worker is served
 * over HTTPS; `localhost` must stay reachable over plain HTTP. A response may bring its own resource and content
 * policies: a plugin route serving files other sites embed (media) sets a cross-origin resource policy and a content
 * policy (a sandbox), GraphiQL's page its own content policy (`pagePolicy`); those stay.
 * @example
 * setSecurityHeaders(response.headers, isDevelopment(env));
 */
export function setSecurityHeaders(headers: Headers, development: boolean): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', DEFAULT_POLICY);
  if (!headers.has('Cross-Origin-Resource-Policy')) headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  if (!development) headers.set('Strict-Transport-Security', HSTS);
}

/** Puts `Origin` first in `Vary`: whether CORS headers are sent depends on it, so caches must key on it. */
export function varyOnOrigin(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('Vary', 'Origin');
  else if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) headers.set('Vary', `Origin, ${vary}`);
}

/**
 * The policy of a page the worker serves (GraphiQL): its scripts, styles and fonts from this origin (the fonts and
 * icons of GraphiQL's stylesheet are `data:` URLs), requests to this origin only, never framed. Inline style is allowed
 * only with the page's nonce: GraphiQL's dialogs (Radix) add one `<style>` element when they open, and take the nonce
 * from the page; no inline script at all.
 * @example
 * headers.set('Content-Security-Policy', pagePolicy(nonce));
 */
export function pagePolicy(styleNonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
