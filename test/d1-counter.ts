import { env } from 'cloudflare:test';
import type { createHandler } from '../src/server/handler';

/**
 * The real D1 binding behind a Proxy that forwards every call and records each statement D1 runs.
 * Nothing is faked: the real database answers every query.
 */
export function countingD1(db: D1Database) {
  const statements: string[] = [];
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const wrapStatement = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === 'bind') return (...args: unknown[]) => wrapStatement(value.apply(target, args), sql);
        if (key === 'all' || key === 'first' || key === 'run' || key === 'raw') {
          return (...args: unknown[]) => {
            statements.push(sql);
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    real.set(proxy, statement);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  // A D1 session (the Sessions API, see src/server/d1-session.ts) counts the same way: its statements run on D1 too.
  const counting = <T extends D1Database | D1DatabaseSession>(binding: T): T =>
    new Proxy(binding, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === 'withSession') return (constraint?: string) => counting(value.call(target, constraint));
        if (key === 'prepare') return (sql: string) => wrapStatement(value.call(target, sql), sql);
        if (key === 'batch') {
          return (list: D1PreparedStatement[]) => {
            // the real batch needs the real statements; each one is a statement D1 runs
            const unwrapped = list.map((s) => {
              statements.push(`[batch] ${sqlOf.get(s as object) ?? ''}`);
              return real.get(s as object) ?? s;
            });
            return value.call(target, unwrapped);
          };
        }
        if (key === 'exec') {
          return (sql: string) => {
            statements.push(sql);
            return value.call(target, sql);
          };
        }
        return value.bind(target);
      },
    });
  return { db: counting(db), statements };
}

/** Sends a document to a handler whose D1 binding counts statements; returns the response body and the statements. */
export async function countedRun(
  handler: ReturnType<typeof createHandler>,
  query: string,
  headers: Record<string, string> = {},
) {
  const { db, statements } = countingD1(env.DB);
  const response = await handler.fetch(
    new Request('http://cms.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query }),
    }),
    { ...env, DB: db },
  );
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  return { body, statements };
}

/**
 * One uncounted request through a handler, so that what a later counted request measures is the read itself: the
 * isolate's one-time bootstrap has run, and a caller's token is in the verified-token cache (the first request of a
 * token checks its session in D1, later ones don't).
 */
export async function warmUp(handler: ReturnType<typeof createHandler>, headers: Record<string, string> = {}) {
  const response = await handler.fetch(
    new Request('http://cms.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    }),
    env,
  );
  if (response.status !== 200) throw new Error(`warm-up failed: ${response.status} ${await response.text()}`);
}
