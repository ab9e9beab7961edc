import { getCORSHeadersByRequestAndOptions } from '@whatwg-node/server';
import type { CORSOptions } from 'graphql-yoga';
import { originOf } from './settings';
import type { SecuritySettings } from '../types/security';

/** Response headers a cross-origin page may read. */
export const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-Cache-Status',
  'X-Cache-Source',
  'X-Cache-TTL',
  'Server-Timing',
  'X-D1-Bookmark',
];

// Any port on the loopback host: the dev servers of frontends (Vite on 5173, Next on 3000, …).
const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * Yoga's `cors` option: a request from an allowed origin gets that origin back in `Access-Control-Allow-Origin`
 * (credentials only when configured, and never for `*`); any other origin gets no CORS headers at all, so the
 * browser refuses to hand the response to the page.
 */
export function corsPolicy(settings: SecuritySettings['cors'], development: boolean) {
  const fromEnv = memoLast(parseOrigins);
  return (request: Request, serverContext: unknown): CORSOptions => {
    const origin = request.headers.get('origin');
    if (!origin) return false;
    const override = (serverContext as { env?: Pick<Env, 'CORS_ORIGINS'> } | undefined)?.env?.CORS_ORIGINS;
    const origins = override === undefined ? settings.origins : fromEnv(override);
    const common = {
      methods: ['GET', 'POST'],
      allowedHeaders: settings.allowedHeaders,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: settings.maxAge,
    };
    if (origins === '*') return { ...common, origin: '*', credentials: false };
    const allowed = origins === undefined ? development && LOCALHOST.test(origin) : origins.includes(origin);
    if (!allowed) return false;
    // The development default is for local frontends signing in with the auth cookie.
    return { ...common, origin, credentials: origins === undefined || settings.credentials };
  };
}

export type CorsPolicy = ReturnType<typeof corsPolicy>;

/**
 * Sets on an answer made before Yoga (a memory hit, a compiled miss) the CORS headers Yoga's CORS step sets on its own
 * answers: the same policy, through the same function (`@whatwg-node/server`'s, which Yoga calls), so a cross-origin
 * read gets the same headers whichever way it was answered.
 * @example
 * setCorsHeaders(response.headers, request, corsPolicy(cms.security.cors, development), env);
 */
export function setCorsHeaders(headers: Headers, request: Request, policy: CorsPolicy, env: Env): void {
  const cors = getCORSHeadersByRequestAndOptions(request, policy(request, { env }));
  if (cors) for (const [name, value] of Object.entries(cors)) headers.set(name, value);
}

/** `CORS_ORIGINS`: `*` or a comma list of origins; entries that are not origins are dropped. */
function parseOrigins(value: string): string[] | '*' {
  if (value.trim() === '*') return '*';
  return value.split(',').flatMap((entry) => originOf(entry.trim()) ?? []);
}

function memoLast<A, R>(fn: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; result: R } | undefined;
  return (arg) => (last && last.arg === arg ? last.result : (last = { arg, result: fn(arg) }).result);
}
