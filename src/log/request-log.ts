import { CmsConfigError } from '../errors';

const ON = new Set(['on', 'true', '1']);
const OFF = new Set(['off', 'false', '0']);

/**
 * Whether the request log line is written, checked when the config is built: `logging.requests` must be a boolean.
 * @example
 * requestLogSetting({ requests: false }); // false
 */
export function requestLogSetting(logging: { requests?: unknown } | undefined): boolean {
  const value = logging?.requests;
  if (value === undefined) return true;
  if (typeof value !== 'boolean')
    throw new CmsConfigError(`logging.requests must be true or false, not ${JSON.stringify(value)}`);
  return value;
}

/**
 * Whether this environment writes the request log line: a `LOG_REQUESTS` variable (`on`/`off`, `true`/`false`,
 * `1`/`0`) replaces `logging.requests`, so one deployment can turn the line off (or on) without a code change. Any
 * other value is ignored, with a warning.
 * @example
 * requestLogOn(true, { LOG_REQUESTS: 'off' }); // false
 */
export function requestLogOn(configured: boolean, env: Pick<Env, 'LOG_REQUESTS'> | undefined): boolean {
  return envSwitch('log_requests_ignored', env?.LOG_REQUESTS, configured);
}

/**
 * A setting an environment variable may replace: `on`/`off`, `true`/`false`, `1`/`0` (any case) win over `configured`;
 * empty or absent leaves it; any other value is ignored with a warning (`event`, once per isolate and value).
 * @example
 * envSwitch('server_timing_ignored', env.SERVER_TIMING, false); // true for SERVER_TIMING=on
 */
export function envSwitch(event: string, value: string | undefined, configured: boolean): boolean {
  const raw = value?.trim().toLowerCase();
  if (raw === undefined || raw === '') return configured;
  if (ON.has(raw)) return true;
  if (OFF.has(raw)) return false;
  warnOnce(event, raw);
  return configured;
}

// One warning per isolate and value, not one per request.
const warned = new Set<string>();
function warnOnce(event: string, value: string) {
  if (warned.has(`${event} ${value}`)) return;
  warned.add(`${event} ${value}`);
  console.warn(JSON.stringify({ level: 'warn', event, at: new Date().toISOString(), value }));
}

/** The request log line's fields (docs/logging.md). */
export interface RequestLine {
  requestId?: string;
  method: string;
  /** The path of a request answered outside the GraphQL endpoint (`/health`, a plugin route, a 404). */
  path?: string;
  operation: string | null;
  type: string | null;
  status: number;
  durationMs: number;
  d1Statements: number | null;
  userId: string | null;
  /** What the response cache did: `HIT memory`, `MISS database`, `BYPASS`; null when it did not look. */
  cache: string | null;
  /** Which path read a query's data: `compiled` (SQL that produces the JSON) or `resolvers`; null when none ran. */
  read: string | null;
}

/**
 * Writes the request log line: one JSON object per line, so log tools parse its fields.
 * @example
 * logRequest({ requestId, method: 'POST', operation: 'Posts', type: 'query', status: 200, durationMs: 3,
 *   d1Statements: 1, userId: null, cache: 'MISS database', read: 'resolvers' });
 */
export function logRequest(line: RequestLine): void {
  console.log(
    JSON.stringify({
      level: 'info',
      at: new Date().toISOString(),
      event: 'request',
      ...line,
      durationMs: Math.round(line.durationMs),
    }),
  );
}
