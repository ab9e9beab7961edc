// Whether a deployment answers reads by compiled SQL, and compare mode's record of what it checked: the switch an
// operator turns (`COMPILED_READS`) and the count a contributor reads (`X-Compiled`, `compiledTally`).
import { envSwitch } from '../log/request-log';
import { requestVariables } from '../request/state';

declare module '../request/state' {
  interface RequestVariableMap {
    /** What compare mode did with the request's read: the `X-Compiled` header (compare mode only). */
    compiledCheck: CompiledCheck;
  }
}

/** `on`: covered reads are answered compiled; `off`: by the resolvers; `compare`: by the resolvers, checked. */
export type CompiledMode = 'on' | 'off' | 'compare';

/**
 * What compare mode did with a query the pipeline ran for a cache miss: `compared` (both paths ran and agreed),
 * `fallback` (the compiled path would not answer it), `mismatch` (a 500 says what differed), `off`
 * (`compiledReads: false`).
 */
export type CompiledCheck = 'compared' | 'fallback' | 'mismatch' | 'off';

/**
 * The compiled reads' mode for an environment: `COMPILED_READS` is `on` (the default; also `true`/`1`), `off`
 * (`false`/`0`) or `compare`, which runs every covered read both ways and is for the test suite: outside development it
 * is ignored (a warning once per isolate) and reads are compiled. Any other value is ignored with a warning.
 * @example
 * compiledReadsMode({ COMPILED_READS: 'off', ENVIRONMENT: 'production' }); // 'off'
 */
export function compiledReadsMode(env: Pick<Env, 'COMPILED_READS' | 'ENVIRONMENT'>): CompiledMode {
  const raw = env.COMPILED_READS?.trim().toLowerCase();
  if (raw === 'compare') {
    // Development is explicit (as ./yoga's isDevelopment says it; imported from there it would be a cycle).
    if (env.ENVIRONMENT === 'development') return 'compare';
    // Not a switch value: envSwitch warns (`compiled_reads_compare_ignored`) and leaves the default.
    return envSwitch('compiled_reads_compare_ignored', raw, true) ? 'on' : 'off';
  }
  return envSwitch('compiled_reads_ignored', raw, true) ? 'on' : 'off';
}

// This isolate's count of compare mode's outcomes (a worker run of the test suite: one per test file).
const tally: Record<CompiledCheck, number> = { compared: 0, fallback: 0, mismatch: 0, off: 0 };

/** Notes what compare mode did with a request's read, for its `X-Compiled` header and the isolate's tally. */
export function noteCompiledCheck(request: Request, check: CompiledCheck): void {
  requestVariables(request).compiledCheck = check;
  tally[check]++;
}

/**
 * How many reads compare mode checked in this isolate, by outcome.
 * @example
 * compiledTally(); // { compared: 12, fallback: 3, mismatch: 0, off: 0 }
 */
export function compiledTally(): Record<CompiledCheck, number> {
  return { ...tally };
}
