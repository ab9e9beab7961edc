import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Context } from '../types/context';
import { badUserInput } from '../errors';
import { requireAdmin } from '../auth/require';
import { eventLog } from '../system/tables';
import type { Builder } from '../types/builder';

type EventRow = typeof eventLog.$inferSelect;

const MAX_EVENTS = 100;

/** `eventLog`: the slow operations and security events the logging step keeps, newest first; admins only. */
export function createEventLogQuery(builder: Builder) {
  const kind = builder.enumType('EventKind', {
    description: 'What the event log keeps.',
    values: {
      SLOW: { value: 'slow', description: 'An operation slower than the threshold' },
      SECURITY: { value: 'security', description: 'A security event' },
    } as const,
  });
  const event = builder.objectRef<EventRow>('LoggedEvent').implement({
    description: 'A slow operation or a security event.',
    fields: (t) => ({
      id: t.id({ resolve: (row) => String(row.id) }),
      at: t.field({ type: 'DateTime', resolve: (row) => row.at }),
      kind: t.field({ type: kind, resolve: (row) => row.kind }),
      event: t.exposeString('event', { description: 'A stable name, e.g. `login_failed` or `slow_operation`.' }),
      requestId: t.exposeString('requestId', { nullable: true }),
      operation: t.exposeString('operation', { nullable: true }),
      durationMs: t.exposeInt('durationMs', { nullable: true }),
      userId: t.exposeString('userId', { nullable: true }),
      ip: t.exposeString('ip', { nullable: true }),
      detail: t.field({ type: 'JSON', nullable: true, resolve: (row) => row.detail }),
    }),
  });
  builder.queryField('eventLog', (t) =>
    t.field({
      type: [event],
      description: `Logged events, newest first (admins only). At most ${MAX_EVENTS} a page; pass the last id as \`before\` for the next.`,
      args: {
        kind: t.arg({ type: kind }),
        event: t.arg.string(),
        first: t.arg.int({ defaultValue: 50 }),
        before: t.arg.id(),
      },
      resolve: async (_root, args, ctx: Context) => {
        requireAdmin(ctx);
        const first = args.first ?? 50;
        if (first < 0 || first > MAX_EVENTS) throw badUserInput(`first must be between 0 and ${MAX_EVENTS}`);
        const conditions: SQL[] = [];
        if (args.kind) conditions.push(eq(eventLog.kind, args.kind));
        if (args.event) conditions.push(eq(eventLog.event, args.event));
        if (args.before != null) {
          const before = Number(args.before);
          if (!Number.isSafeInteger(before)) throw badUserInput('before must be an event id');
          conditions.push(lt(eventLog.id, before));
        }
        return ctx.db
          .select()
          .from(eventLog)
          .where(and(...conditions))
          .orderBy(desc(eventLog.id))
          .limit(first);
      },
    }),
  );
}
