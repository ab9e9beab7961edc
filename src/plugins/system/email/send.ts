import type { Context } from '../../../types/context';
import { badUserInput } from '../../../errors';
import type { EmailName } from '../../../templates/emails';
import type { MessageTemplates } from '../../../templates/message';
import { deliverInline, type EmailJob, MAX_JOB_BYTES } from './deliver';
import { emailOff, isAddress, type ResolvedEmailOptions } from './options';

// Emails that carry a one-time secret: their data is never kept in the log, so an admin can't read or resend it.
const SECRET_EMAILS = new Set<string>(['password-reset', 'invitation']);

export interface SendEmailArgs {
  /** A default email by name, or a plugin's own email's name (with `templates`). */
  email: EmailName | string;
  to: string;
  data?: Record<string, unknown>;
  /** A plugin's own templates; a default email's name without them. */
  templates?: MessageTemplates;
  /** Data the log must not keep (a token, a code): no payload is stored, and an admin can't retry it. */
  secret?: boolean;
}

/**
 * Logs an email as `QUEUED` (the log keeps its newest `maxLogRows`) and hands it to `EMAIL_QUEUE`, or, without the
 * binding, to `waitUntil`. Returns the delivery's id, or null when the email (or all email) is off. A recipient that is
 * not one address on one line, or a job over `MAX_JOB_BYTES`, is refused (`BAD_USER_INPUT`).
 */
export async function queueEmail(
  ctx: Pick<Context, 'env' | 'waitUntil'>,
  options: ResolvedEmailOptions,
  args: SendEmailArgs,
): Promise<string | null> {
  if (options.enabled[args.email as EmailName] === false || emailOff(options, ctx.env)) return null;
  if (typeof args.to !== 'string' || !isAddress(args.to)) throw badUserInput('`to` must be one email address');
  if (!args.templates && !(args.email in options.enabled))
    throw badUserInput(`There is no email "${String(args.email).slice(0, 60)}"; give its templates`);
  const job: EmailJob = {
    id: crypto.randomUUID(),
    email: String(args.email).slice(0, 100),
    to: args.to,
    data: args.data ?? {},
    ...(args.templates ? { templates: args.templates } : {}),
  };
  const json = JSON.stringify(job);
  if (new TextEncoder().encode(json).byteLength > MAX_JOB_BYTES)
    throw badUserInput(`An email's data and templates may take at most ${MAX_JOB_BYTES} bytes`);
  const secret = args.secret || SECRET_EMAILS.has(job.email);
  const now = Date.now();
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(
      `insert into cms_email_deliveries (id, email, recipient, status, attempts, payload, created_at, updated_at)
        values (?, ?, ?, 'QUEUED', 0, ?, ?, ?)`,
    ).bind(job.id, job.email, job.to, secret ? null : json, now, now),
    // Bounded: beyond the newest rows, the oldest go.
    ctx.env.DB.prepare(
      `delete from cms_email_deliveries where id in (select id from cms_email_deliveries
        order by created_at desc, id desc limit -1 offset ?)`,
    ).bind(options.maxLogRows),
  ]);
  await dispatch(ctx, options, job);
  return job.id;
}

/** Hands a logged job to the queue, or runs it in `waitUntil` without one. */
export async function dispatch(ctx: Pick<Context, 'env' | 'waitUntil'>, options: ResolvedEmailOptions, job: EmailJob) {
  if (ctx.env.EMAIL_QUEUE) await ctx.env.EMAIL_QUEUE.send(job, { contentType: 'json' });
  else
    ctx.waitUntil(
      deliverInline(job, ctx.env, options).catch((error) =>
        console.error(
          JSON.stringify({ level: 'error', event: 'email_attempt_failed', id: job.id, error: String(error) }),
        ),
      ),
    );
}
