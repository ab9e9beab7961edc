import { lt, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { eventLog } from '../system/tables';

/** What the event log keeps: slow operations and security events. */
export type EventKind = 'slow' | 'security';

export interface LoggedEvent {
  kind: EventKind;
  /** A stable name, e.g. `login_failed`, `token_rejected`, `document_rejected`, `slow_operation`. */
  event: string;
  requestId?: string;
  operation?: string | null;
  durationMs?: number;
  userId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/** The event log keeps at most this many rows; older ones are pruned as new ones arrive. */
export const EVENT_LOG_LIMIT = 10_000;

/** Where an event is written: the D1 binding and a way to keep the write alive past the response. */
export interface EventSink {
  env: Pick<Env, 'DB'>;
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Logs an event as one JSON line and persists it to `cms_event_log` (bounded) after the response is sent. A failed
 * write is logged, never thrown: the request that caused the event must not fail because of its logging.
 * @example
 * recordEvent(ctx, { kind: 'security', event: 'login_failed', requestId: ctx.requestId, detail: { email } });
 */
export function recordEvent(sink: EventSink, event: LoggedEvent): void {
  console.log(
    JSON.stringify({ level: event.kind === 'security' ? 'warn' : 'info', at: new Date().toISOString(), ...event }),
  );
  sink.waitUntil(
    persist(sink.env.DB, event).catch((error) =>
      console.error(JSON.stringify({ level: 'error', event: 'event_log_write_failed', message: String(error) })),
    ),
  );
}

async function persist(d1: D1Database, event: LoggedEvent) {
  const db = drizzle(d1);
  const row = {
    at: new Date(),
    kind: event.kind,
    event: event.event,
    requestId: event.requestId ?? null,
    operation: event.operation ?? null,
    durationMs: event.durationMs === undefined ? null : Math.round(event.durationMs),
    userId: event.userId ?? null,
    ip: event.ip ?? null,
    detail: event.detail ?? null,
  };
  // Insert and prune in one batch: the table never holds more than EVENT_LOG_LIMIT rows for long.
  await db.batch([
    db.insert(eventLog).values(row),
    db
      .delete(eventLog)
      .where(lt(eventLog.id, sql`(select coalesce(max(id), 0) - ${EVENT_LOG_LIMIT} + 1 from ${eventLog})`)),
  ]);
}

/**
 * The caller's address, only where Cloudflare set it: Cloudflare's edge overwrites `CF-Connecting-IP` and gives the
 * request its `cf` object. A request without `cf` (a direct call, a test) reports none, and so does a worker run with
 * `TRUST_CF_CONNECTING_IP=off`: `wrangler dev` invents a `cf` object and keeps a client's own `CF-Connecting-IP`
 * (filling it from the socket only when absent), so `.dev.vars.example` sets it off for local runs.
 */
export function clientIp(request: Request, env: Pick<Env, 'TRUST_CF_CONNECTING_IP'>): string | null {
  if (!request.cf || env.TRUST_CF_CONNECTING_IP === 'off') return null;
  const address = request.headers.get('cf-connecting-ip');
  // An IPv4 or IPv6 address is at most 45 characters; anything else is not an address we count under.
  return address && address.length <= 45 && /^[0-9a-fA-F:.]+$/.test(address) ? address : null;
}
