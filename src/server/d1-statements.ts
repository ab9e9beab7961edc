// How many statements a request runs on D1, for `Server-Timing` and the request log: the number that decides a
// request's cost on D1 (each statement is a round trip and is billed), visible per request without a profiler.
import { getVar, requestVariables } from '../request/state';

declare module '../request/state' {
  interface RequestVariableMap {
    /** The D1 statements the request ran on its counted binding; undefined when it has none. */
    d1Statements: number;
  }
}

/**
 * The D1 binding for one request, counting every statement it runs (`first`/`all`/`run`/`raw`, each statement of a
 * `batch`, `exec`'s statements). Everything else goes to the real binding untouched.
 * @example
 * const DB = countStatements(env.DB, request);
 * await DB.prepare('SELECT 1').first();
 * statementsOf(request); // 1
 */
export function countStatements(db: D1Database, request: Request): D1Database {
  // The request's own values (its `d1Statements`), taken once: a statement adds to them without a lookup.
  const count = requestVariables(request);
  count.d1Statements = 0;
  // batch() needs the binding's own statement objects, not their wrappers.
  const unwrapped = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapper = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === 'bind') return (...args: unknown[]) => wrap(value.apply(target, args));
        if (key === 'first' || key === 'all' || key === 'run' || key === 'raw')
          return (...args: unknown[]) => {
            count.d1Statements = (count.d1Statements ?? 0) + 1;
            return value.apply(target, args);
          };
        return value.bind(target);
      },
    });
    unwrapped.set(wrapper, statement);
    return wrapper;
  };
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'prepare') return (sql: string) => wrap(value.call(target, sql));
      if (key === 'batch')
        return (statements: D1PreparedStatement[]) => {
          count.d1Statements = (count.d1Statements ?? 0) + statements.length;
          return value.call(
            target,
            statements.map((s) => unwrapped.get(s) ?? s),
          );
        };
      if (key === 'exec')
        return async (sql: string) => {
          const result = (await value.call(target, sql)) as D1ExecResult;
          count.d1Statements = (count.d1Statements ?? 0) + result.count;
          return result;
        };
      return value.bind(target);
    },
  });
}

/** The statements a request ran on its counted binding so far; `undefined` when it has none. */
export function statementsOf(request: Request): number | undefined {
  return getVar(request, 'd1Statements');
}
