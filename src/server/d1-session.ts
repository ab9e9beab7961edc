// D1 read replication (the Sessions API): a GraphQL request's content reads may be served by a read replica, and the
// session's bookmark goes back to the client in `X-D1-Bookmark`, so a client that echoes it reads its own writes.
// Which statements may leave the primary is decided here, per request (see docs/deployment.md, "Read replicas and
// consistency"): only a query's content reads during execution, and only when the answer is not going into the
// response cache (a lagging replica must not refill an entry that a write just invalidated). Everything else — the
// token and session lookups before execution, a user's role matrix, plugins' statements on `env.DB`, and every
// statement of a mutation — runs on the primary.
import { getVar, requestVariables } from '../request/state';

declare module '../request/state' {
  interface RequestVariableMap {
    /** The request's D1 sessions (see `RequestSessions`); undefined outside the GraphQL pipeline. */
    d1Sessions: RequestSessions;
  }
}

/** The header a response's bookmark leaves in and a client's comes back in. */
export const BOOKMARK_HEADER = 'X-D1-Bookmark';

// D1's bookmarks are hex fields joined by dashes (`0000000c-00000001-00004f6f-<hash>`). A header that is not of that
// shape, or longer than any bookmark, is ignored: it never reaches D1 (which would reject it with an error) and never
// changes how the request is cached.
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){1,7}$/i;
const MAX_BOOKMARK_LENGTH = 256;

/** The client's bookmark when the header holds a well-formed one, else undefined. */
export function bookmarkOf(request: Request): string | undefined {
  const value = request.headers.get(BOOKMARK_HEADER)?.trim();
  if (!value || value.length > MAX_BOOKMARK_LENGTH || !BOOKMARK.test(value)) return undefined;
  return value;
}

/** What the operation is, once execution begins: before that every statement is on the primary. */
type Phase = 'before' | 'read' | 'write';

/**
 * A request's D1 sessions, made on first use: one on the primary (`first-primary`) and one for a query's content
 * reads (the client's bookmark, else `first-unconstrained`). At most one of them runs statements in a request.
 * @example
 * const sessions = startSessions(env.DB, request);
 * const DB = sessions.binding(); // for env.DB: the primary
 * const reads = sessions.binding('reads'); // for the context's Drizzle client
 */
export class RequestSessions {
  private phase: Phase = 'before';
  private primary?: D1DatabaseSession;
  private reads?: D1DatabaseSession;

  constructor(
    private readonly d1: D1Database,
    private readonly bookmark: string | undefined,
    /** Whether a query's answer goes into the response cache (its reads then stay on the primary). */
    private readonly storing: () => boolean,
  ) {}

  /** Execution began: a query's content reads may go to a replica; a mutation's statements stay on the primary. */
  begin(operation: string | undefined): void {
    this.phase = operation === 'query' ? 'read' : 'write';
  }

  /**
   * The binding the request's code gets: `prepare` and `batch` go to the session this moment calls for (a statement
   * and its batch are made in the same phase); anything else (`exec`, `dump`) to the binding itself.
   */
  binding(kind: 'primary' | 'reads' = 'primary'): D1Database {
    const target = () => (kind === 'reads' ? this.forReads() : this.forPrimary());
    return new Proxy(this.d1, {
      get: (d1, key) => {
        if (key === 'prepare') return (sql: string) => target().prepare(sql);
        if (key === 'batch') return (statements: D1PreparedStatement[]) => target().batch(statements);
        const value = Reflect.get(d1, key, d1);
        return typeof value === 'function' ? value.bind(d1) : value;
      },
    });
  }

  /**
   * The bookmark to answer with: the session's that ran statements, else the client's own (the request saw nothing
   * newer), else null.
   */
  latestBookmark(): string | null {
    return this.primary?.getBookmark() ?? this.reads?.getBookmark() ?? this.bookmark ?? null;
  }

  /** `env.DB`: the plain binding (the primary) before execution and in a query, the primary's session in a write. */
  private forPrimary(): D1Database | D1DatabaseSession {
    return this.phase === 'write' ? this.primarySession() : this.d1;
  }

  /** The content reads: a replica only while a query executes and its answer is not going into the shared cache. */
  private forReads(): D1Database | D1DatabaseSession {
    if (this.phase === 'before') return this.d1;
    if (this.phase === 'write' || this.storing()) return this.primarySession();
    this.reads ??= this.d1.withSession(this.bookmark ?? 'first-unconstrained');
    return this.reads;
  }

  private primarySession(): D1DatabaseSession {
    this.primary ??= this.d1.withSession('first-primary');
    return this.primary;
  }
}

/** The request's sessions over its binding, kept in its variables for the pipeline and the finishing step. */
export function startSessions(d1: D1Database, request: Request): RequestSessions {
  const variables = requestVariables(request);
  const sessions = new RequestSessions(d1, bookmarkOf(request), () => variables.cache?.status === 'MISS');
  variables.d1Sessions = sessions;
  return sessions;
}

/** The request's sessions; undefined for a request that did not enter the pipeline. */
export const sessionsOf = (request: Request) => getVar(request, 'd1Sessions');
