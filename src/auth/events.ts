import type { Context } from '../types/context';
import { clientIp, recordEvent } from '../log/events';

/** The security events of authentication: `login_failed`, `login_locked`, `token_rejected`, `refresh_reuse`, … */
export function securityEvent(
  ctx: Pick<Context, 'env' | 'waitUntil' | 'requestId' | 'request'>,
  event: string,
  detail: Record<string, unknown>,
  userId?: string | null,
): void {
  recordEvent(ctx, {
    kind: 'security',
    event,
    requestId: ctx.requestId,
    ip: clientIp(ctx.request, ctx.env),
    userId: userId ?? null,
    detail,
  });
}
