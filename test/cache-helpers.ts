import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import type { Cms } from '../src/types/cms';
import { createHandler } from '../src/server/handler';
import { countingD1 } from './d1-counter';

/** A JSON POST as an HTTP client sends it, with its Content-Length (a Request made in a worker has none). */
export function jsonPost(body: string, headers: Record<string, string> = {}) {
  const length = String(new TextEncoder().encode(body).byteLength);
  return new Request('http://cms.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': length, ...headers },
    body,
  });
}

export interface IsolateOptions {
  /** GET sends the document in the URL (as browsers and CDNs see it); POST by default. */
  method?: 'GET' | 'POST';
  /** Bindings to override, e.g. `{ ENVIRONMENT: 'staging' }`. */
  bindings?: Partial<Omit<Env, 'ENVIRONMENT'>> & { ENVIRONMENT?: string };
}

/**
 * One isolate: a handler with its own memory tier (KV is shared by every isolate of the file, as in production).
 * Each request runs with a real ExecutionContext whose waitUntil work (KV writes) is awaited, and a counting D1.
 * @example
 * const request = isolate(cms);
 * const { status, source, body } = await request(`{ tags { totalCount } }`);
 */
export function isolate(cms: Cms, handler = createHandler(cms), options: IsolateOptions = {}) {
  return async (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) => {
    const { db, statements } = countingD1(options.bindings?.DB ?? env.DB);
    const ctx = createExecutionContext();
    const request =
      options.method === 'GET'
        ? new Request(
            `http://cms.test/graphql?${new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) })}`,
            {
              headers: { accept: 'application/json', ...headers },
            },
          )
        : jsonPost(JSON.stringify({ query, variables }), headers);
    const response = await handler.fetch(request, { ...env, ...options.bindings, DB: db } as Env, ctx);
    const text = await response.text();
    // Parsed natively (not with the global JSON.parse, which a test may watch), and null for a bodiless 304.
    const body = (text ? await new Response(text).json() : null) as { data?: any; errors?: any[]; extensions?: any };
    await waitOnExecutionContext(ctx);
    const header = (name: string) => response.headers.get(name);
    return {
      body,
      statements,
      response,
      header,
      status: header('x-cache-status'),
      source: header('x-cache-source'),
      ttl: header('x-cache-ttl'),
    };
  };
}

/**
 * A response entry as KV holds it (`rc:b:<key>`), read directly: its header (computing time, expiry, tags) and the
 * response text that follows it after a newline; null when there is none.
 */
export async function storedEntry(name: string) {
  const text = await env.KV.get(name, 'text');
  if (text === null) return null;
  const split = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, split)) as { at: number; exp: number; tags: string[] };
  return { v: text.slice(split + 1), ...header };
}
