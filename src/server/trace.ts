// Each step of the request path reports how long it took; the response carries the steps, in the order they ran, as
// a `Server-Timing` header (shown by browsers' dev tools), so the pipeline's order and cost are visible per request.
// The D1 statements the request ran follow the steps as `d1;desc="N statements"`.
import { getVar, varOf } from '../request/state';
import { statementsOf } from './d1-statements';

declare module '../request/state' {
  interface RequestVariableMap {
    /** The steps that ran for the request, in order, with their durations in milliseconds. */
    steps: Array<{ name: string; ms: number }>;
    /** Which path read the data of a query that ran: compiled SQL, or the resolvers (see ./compiled-miss). */
    readPath: 'compiled' | 'partial' | 'resolvers';
  }
}

/**
 * Records that a step ran for a request, with its duration from `startedAt` to `endedAt` (`performance.now()`s; the
 * end defaults to now).
 * @example
 * const started = performance.now();
 * await verify(token);
 * recordStep(request, 'auth', started);
 */
export function recordStep(request: Request, name: string, startedAt: number, endedAt = performance.now()): void {
  varOf(request, 'steps', () => []).push({ name, ms: endedAt - startedAt });
}

/**
 * The `Server-Timing` value of a request, e.g. `bootstrap;dur=0.1, auth;dur=2.3, read;desc="resolvers",
 * d1;desc="2 statements"`: the steps, the path that read a query's data (when one ran), the D1 statements.
 */
export function serverTiming(request: Request): string | undefined {
  const entries = (getVar(request, 'steps') ?? []).map(({ name, ms }) => `${name};dur=${ms.toFixed(1)}`);
  const read = getVar(request, 'readPath');
  if (read) entries.push(`read;desc="${read}"`);
  const statements = statementsOf(request);
  if (statements !== undefined) entries.push(`d1;desc="${statements} statements"`);
  return entries.length ? entries.join(', ') : undefined;
}
