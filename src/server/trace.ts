// Each pipeline step reports how long it took; the response carries the steps, in the order they ran, as a
// `Server-Timing` header (shown by browsers' dev tools), so the pipeline's order and cost are visible per request.
const steps = new WeakMap<Request, Array<{ name: string; ms: number }>>();

/**
 * Records that a pipeline step ran for a request, with its duration since `startedAt` (a `performance.now()`).
 * @example
 * const started = performance.now();
 * await verify(token);
 * recordStep(request, 'auth', started);
 */
export function recordStep(request: Request, name: string, startedAt: number): void {
  let list = steps.get(request);
  if (!list) steps.set(request, (list = []));
  list.push({ name, ms: performance.now() - startedAt });
}

/** The `Server-Timing` value of the steps recorded for a request, e.g. `bootstrap;dur=0.1, auth;dur=2.3`. */
export function serverTiming(request: Request): string | undefined {
  const list = steps.get(request);
  return list?.length ? list.map(({ name, ms }) => `${name};dur=${ms.toFixed(1)}`).join(', ') : undefined;
}
