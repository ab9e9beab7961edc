import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { buildCms } from '../src/build';
import type { CmsConfig } from '../src/types/config';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import fixture from './fixtures/config';

export interface GqlResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
}

/** Who a test worker's `gql` and `data` act as: a built-in or custom role (a real signed-in user), or nobody. */
export type Caller = 'anonymous' | string;

// One signed-in user per role and test file (D1 storage is per file), made on first use.
const callers = new Map<string, Promise<Record<string, string>>>();
const headersOf = (caller: Caller): Promise<Record<string, string>> => {
  if (caller === 'anonymous') return Promise.resolve({});
  let headers = callers.get(caller);
  if (!headers) callers.set(caller, (headers = signedIn(caller).then((user) => user.headers)));
  return headers;
};

/**
 * A worker for a config (the test fixture by default), driven through its real fetch handler. `gql` and `data`
 * act as a signed-in admin unless `as` says otherwise (`'anonymous'`, or a role); headers passed to `gql` win, so
 * `{ authorization: … }` there acts as someone else. `fetch` sends exactly what it is given.
 * @example
 * const w = testWorker(); // an admin
 * const visitor = testWorker(undefined, { as: 'anonymous' });
 */
export function testWorker(config: CmsConfig = fixture, options: { as?: Caller } = {}) {
  const handler = createHandler(buildCms(config));
  const as = options.as ?? 'admin';
  // Waits for the work a request hands to `waitUntil` (e.g. a password reset's delivery), as workerIn does.
  const fetch = async (input: string, init?: RequestInit) => {
    const ctx = createExecutionContext();
    const response = await handler.fetch(new Request(new URL(input, 'http://cms.test'), init), env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
  async function gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(await headersOf(as)), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { response, body: (await response.json()) as GqlResult<T> };
  }
  /** Runs a document that must succeed; fails the test with the errors otherwise. */
  async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const { body } = await gql<T>(query, variables);
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`);
    return body.data as T;
  }
  return { fetch, gql, data };
}

/**
 * A handler for a config under a given ENVIRONMENT, driven like the worker (the test env says development). Each fetch
 * waits for the work the request handed to `waitUntil` (event log writes), so a test can read its effects.
 */
export function workerIn(ENVIRONMENT: string, config: CmsConfig = fixture, bindings: Partial<Env> = {}) {
  const handler = createHandler(buildCms(config));
  const environment = { ...env, ...bindings, ENVIRONMENT } as Env;
  return async (path: string, init?: RequestInit) => {
    const ctx = createExecutionContext();
    const response = await handler.fetch(new Request(new URL(path, 'http://cms.test'), init), environment, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

/** The error codes of a response, in order. */
export const codes = (result: GqlResult) => (result.errors ?? []).map((e) => e.extensions?.code);
