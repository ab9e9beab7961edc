import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { buildCms } from '../src/config/build';
import type { CmsConfig } from '../src/config/define';
import { createHandler } from '../src/server/handler';
import fixture from './fixtures/config';

export interface GqlResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
}

/** A worker for a config (the test fixture by default), driven through its real fetch handler. */
export function testWorker(config: CmsConfig = fixture) {
  const handler = createHandler(buildCms(config));
  const fetch = (input: string, init?: RequestInit) => handler.fetch(new Request(new URL(input, 'http://cms.test'), init), env);
  async function gql<T = any>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
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
