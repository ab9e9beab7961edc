// The API answers JSON that no page should frame, render or embed. GraphiQL (HTML, development only) loads its
// scripts, styles and editor workers from a CDN, so its policy only forbids framing.
const JSON_POLICY = "default-src 'none'; frame-ancestors 'none'";
const HTML_POLICY = "frame-ancestors 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Sets the security headers on a response (any route). HSTS only outside development, where the worker is served
 * over HTTPS; `localhost` must stay reachable over plain HTTP. A response may bring its own resource and content
 * policies: a plugin route serving files other sites embed (media) sets a cross-origin resource policy, and a
 * stricter content policy (a sandbox); those stay.
 * @example
 * setSecurityHeaders(response.headers, isDevelopment(env));
 */
export function setSecurityHeaders(headers: Headers, development: boolean): void {
  const html = headers.get('content-type')?.startsWith('text/html') ?? false;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', html ? HTML_POLICY : JSON_POLICY);
  if (!headers.has('Cross-Origin-Resource-Policy')) headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  if (!development) headers.set('Strict-Transport-Security', HSTS);
}

/** Adds `Origin` to `Vary`: whether CORS headers are sent depends on it, so caches must key on it. */
export function varyOnOrigin(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('Vary', 'Origin');
  else if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) headers.set('Vary', `${vary}, Origin`);
}
