// Each step of the request path reports how long it took; the response carries the steps, in the order they ran, as
// a `Server-Timing` header (shown by browsers' dev tools), so the pipeline's order and cost are visible per request.
// The D1 statements the request ran follow the steps as `d1;desc="N statements"`.
import { getVar, varOf } from '../request/state';
import { statementsOf } from './d1-statements';

declare module '../request/state' {
  interface RequestVariableMap {
    /** The steps that ran for the request, in order, with their durations in milliseconds. */
    steps: Array<{ name: string; ms: number }>;
  }
}

/**
 * Records that a step ran for a request, with its duration since `startedAt` (a `performance.now()`).
 * @example
 * const started = performance.now();
 * await verify(token);
 * recordStep(request, 'auth', started);
 */
export function recordStep(request: Request, name: string, startedAt: number): void {
  varOf(request, 'steps', () => []).push({ name, ms: performance.now() - startedAt });
}

/** The `Server-Timing` value of a request, e.g. `bootstrap;dur=0.1, auth;dur=2.3, d1;desc="2 statements"`. */
export function serverTiming(request: Request): string | undefined {
  const entries = (getVar(request, 'steps') ?? []).map(({ name, ms }) => `${name};dur=${ms.toFixed(1)}`);
  const statements = statementsOf(request);
  if (statements !== undefined) entries.push(`d1;desc="${statements} statements"`);
  return entries.length ? entries.join(', ') : undefined;
}
