import { CmsConfigError } from '../errors';
import { envSwitch } from './request-log';

/**
 * `logging.serverTiming`, checked when the config is built: a boolean, or undefined for the default (on in
 * development only).
 * @example
 * serverTimingSetting({ serverTiming: true }); // true
 */
export function serverTimingSetting(logging: { serverTiming?: unknown } | undefined): boolean | undefined {
  const value = logging?.serverTiming;
  if (value === undefined || typeof value === 'boolean') return value;
  throw new CmsConfigError(`logging.serverTiming must be true or false, not ${JSON.stringify(value)}`);
}

/**
 * Whether responses carry `Server-Timing`: it tells anyone the pipeline's steps, their durations and the D1
 * statements a request ran (how much work a query costs, whether it hit the cache), so a deployment sends it only
 * when asked. A `SERVER_TIMING` variable (`on`/`off`) replaces `logging.serverTiming`, which defaults to development.
 * @example
 * serverTimingOn(undefined, { SERVER_TIMING: 'on' }, false); // true
 */
export function serverTimingOn(
  configured: boolean | undefined,
  env: Pick<Env, 'SERVER_TIMING'> | undefined,
  development: boolean,
): boolean {
  return envSwitch('server_timing_ignored', env?.SERVER_TIMING, configured ?? development);
}
