/**
 * Headers that show a request was preflighted: a page on another site cannot add them without the browser asking this
 * server first (CORS). Upload clients send one of them with their `multipart/form-data` requests.
 */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

// The bodies an HTML form or a plain `fetch` can POST to another site without a preflight.
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Whether a POST could come from a page on any site without a preflight (a form, a `text/plain` fetch) while the
 * browser attaches the user's cookie: such a request must carry one of CSRF_HEADERS. GET runs queries only, and
 * `application/json` needs a preflight, so neither is affected.
 */
export function isCrossSiteSimplePost(request: Request): boolean {
  if (request.method !== 'POST') return false;
  if (CSRF_HEADERS.some((name) => request.headers.has(name))) return false;
  const type = request.headers.get('content-type')?.trim().toLowerCase();
  return !type || SIMPLE_TYPES.some((simple) => type.startsWith(simple));
}
