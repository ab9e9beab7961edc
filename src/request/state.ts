// A request's own values, in one place (Hono's `c.set`/`c.get`): the steps of the request path, the services below
// them and the finishing step read and write them by name, keyed by the request for as long as it lives. Each module
// declares the keys it owns by declaration merging, so a key has one type everywhere.

/**
 * The per-request values by name. A module adds its own keys by declaration merging (Hono's `ContextVariableMap`).
 * @example
 * declare module '../request/state' {
 *   interface RequestVariableMap {
 *     // The plugin states the request works with.
 *     pluginSnapshot: Snapshot;
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging.
export interface RequestVariableMap {}

type Variables = { -readonly [K in keyof RequestVariableMap]?: RequestVariableMap[K] };

const variables = new WeakMap<Request, Variables>();

/** The values of a request, made on first use. A step that reads and writes several keys takes it once. */
export function requestVariables(request: Request): Variables {
  let own = variables.get(request);
  if (!own) variables.set(request, (own = {}));
  return own;
}

/**
 * A value of a request, or undefined when nothing set it.
 * @example
 * getVar(request, 'requestId'); // 'f3a1…'
 */
export function getVar<K extends keyof RequestVariableMap>(
  request: Request,
  key: K,
): RequestVariableMap[K] | undefined {
  return variables.get(request)?.[key];
}

/**
 * Sets a value of a request.
 * @example
 * setVar(request, 'cache', outcome);
 */
export function setVar<K extends keyof RequestVariableMap>(
  request: Request,
  key: K,
  value: RequestVariableMap[K],
): void {
  requestVariables(request)[key] = value;
}

/**
 * A value of a request, made by `make` and kept on first use.
 * @example
 * const steps = varOf(request, 'steps', () => []);
 */
export function varOf<K extends keyof RequestVariableMap>(
  request: Request,
  key: K,
  make: () => RequestVariableMap[K],
): RequestVariableMap[K] {
  const own = requestVariables(request);
  let value = own[key];
  if (value === undefined) own[key] = value = make();
  return value as RequestVariableMap[K];
}

/**
 * Makes `next` carry the values of `request`: a step that had to make a new request (it read the body) hands on the
 * one state, not a copy.
 */
export function handOnVariables(request: Request, next: Request): void {
  variables.set(next, requestVariables(request));
}
