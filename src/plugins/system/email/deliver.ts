import type { DeliveryStatus } from './tables';
import { DEFAULT_EMAIL_LAYOUT, DEFAULT_EMAILS } from '../../../templates/emails';
import { type MessageTemplates, renderMessage } from '../../../templates/message';
import { isAddress, providerFor, type ResolvedEmailOptions } from './options';
import { isEmailName, overrideForSend } from './overrides';

/** What goes on `EMAIL_QUEUE`: the delivery's id (its log row) and what to render. */
export interface EmailJob {
  id: string;
  email: string;
  to: string;
  data: Record<string, unknown>;
  /** A plugin's own templates (`sendEmail` with `templates`); the default email's otherwise. */
  templates?: MessageTemplates;
}

/** The largest job, as JSON: far below a queue message's 128 KB, and what a log row's payload may hold. */
export const MAX_JOB_BYTES = 32 * 1024;
const MAX_ERROR_CHARS = 500;
// A row left SENDING this long (its worker died mid-send) may be claimed again: a send at most twice, never lost.
const STALE_SENDING_MS = 10 * 60_000;
const MAX_DELAY_SECONDS = 3600;

/** The delay before attempt `attempts + 1`: the configured first delay, doubled each time, at most an hour. */
export const backoffSeconds = (options: ResolvedEmailOptions, attempts: number) =>
  Math.min(options.retryDelaySeconds * 2 ** Math.max(0, attempts - 1), MAX_DELAY_SECONDS);

export type AttemptResult = { outcome: 'sent' | 'dead' | 'skipped' } | { outcome: 'retry'; delaySeconds: number };

/** An error as the log keeps it: one line, bounded, never a key (a provider's error never holds one). */
const errorText = (error: unknown) =>
  String(error instanceof Error ? error.message : error)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: one line in the log
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .slice(0, MAX_ERROR_CHARS);

function log(level: 'info' | 'error', event: string, fields: Record<string, unknown>) {
  const line = JSON.stringify({ level, at: new Date().toISOString(), event, ...fields });
  (level === 'error' ? console.error : console.log)(line);
}

async function setStatus(db: D1Database, id: string, status: DeliveryStatus, fields: Record<string, unknown> = {}) {
  await db
    .prepare(
      `update cms_email_deliveries set status = ?, provider = coalesce(?, provider), provider_id = ?,
        last_error = ?, updated_at = ? where id = ?`,
    )
    .bind(status, fields.provider ?? null, fields.providerId ?? null, fields.lastError ?? null, Date.now(), id)
    .run();
}

/**
 * The templates and data of a job, rendered: a plugin's own templates, or a default email's (an admin's override
 * when one is saved) inside the default layout. Saving checks an override, so it should render; if it still fails
 * (data it was not checked against), the default is sent and the failure logged, rather than no email at all.
 */
async function render(job: EmailJob, options: ResolvedEmailOptions, db: D1Database) {
  const data = { site: options.site, ...job.data, recipient: { email: job.to, ...(job.data.recipient as object) } };
  if (job.templates) return renderMessage(job.templates, data, { name: job.email });
  if (!isEmailName(job.email)) throw new Error(`there is no email "${job.email.slice(0, 60)}"`);
  const email = DEFAULT_EMAILS[job.email];
  const override = await overrideForSend(db, job.email);
  if (override) {
    try {
      return renderMessage(override, data, { name: job.email, layout: DEFAULT_EMAIL_LAYOUT });
    } catch (error) {
      log('error', 'email_template_override_failed', {
        id: job.id,
        email: job.email,
        version: override.version,
        error: errorText(error),
      });
    }
  }
  return renderMessage(email, data, { name: job.email, layout: DEFAULT_EMAIL_LAYOUT });
}

/**
 * One attempt at a job. The row is claimed in one statement (`QUEUED`/`RETRYING` → `SENDING`, the attempt counted),
 * so a message delivered twice, or two consumers at once, send it once: the loser finds nothing to claim. A failure
 * leaves `RETRYING` with the error and the delay before the next attempt, or `DEAD` when no attempt is left; a job that
 * can't render is dead at once (a retry would fail the same way).
 */
export async function attempt(job: EmailJob, env: Env, options: ResolvedEmailOptions): Promise<AttemptResult> {
  const now = Date.now();
  const claimed = await env.DB.prepare(
    `update cms_email_deliveries set status = 'SENDING', attempts = attempts + 1, updated_at = ?
      where id = ? and (status in ('QUEUED', 'RETRYING') or (status = 'SENDING' and updated_at < ?))
      returning attempts`,
  )
    .bind(now, job.id, now - STALE_SENDING_MS)
    .first<{ attempts: number }>();
  if (!claimed) return { outcome: 'skipped' };
  let provider = 'unknown';
  try {
    const chosen = providerFor(options, env);
    provider = chosen.name;
    const message = await render(job, options, env.DB);
    const { providerId } = await chosen.send(
      { ...message, id: job.id, from: options.from, replyTo: options.replyTo, to: job.to },
      env,
    );
    await setStatus(env.DB, job.id, 'SENT', { provider, providerId });
    log('info', 'email_sent', { id: job.id, email: job.email, provider, attempts: claimed.attempts });
    return { outcome: 'sent' };
  } catch (error) {
    const lastError = errorText(error);
    const rendering = (error as { extensions?: { reason?: string } })?.extensions?.reason?.startsWith('TEMPLATE_');
    const dead = rendering || claimed.attempts >= options.maxAttempts;
    await setStatus(env.DB, job.id, dead ? 'DEAD' : 'RETRYING', { provider, lastError });
    log('error', dead ? 'email_dead' : 'email_retrying', {
      id: job.id,
      email: job.email,
      provider,
      attempts: claimed.attempts,
      error: lastError,
    });
    return dead ? { outcome: 'dead' } : { outcome: 'retry', delaySeconds: backoffSeconds(options, claimed.attempts) };
  }
}

/** Whether a queue message's body is a job this plugin made (anything else is acked and logged, never sent). */
export function asJob(body: unknown): EmailJob | null {
  const job = body as EmailJob;
  if (!job || typeof job !== 'object' || typeof job.id !== 'string' || typeof job.email !== 'string') return null;
  if (typeof job.to !== 'string' || !isAddress(job.to) || !job.data || typeof job.data !== 'object') return null;
  return job;
}

/** The consumer of `EMAIL_QUEUE`: each message once (see `attempt`), retried by the queue with the backoff. */
export function emailConsumer(options: ResolvedEmailOptions) {
  return async (batch: MessageBatch<unknown>, env: Env): Promise<void> => {
    for (const message of batch.messages) {
      const job = asJob(message.body);
      if (!job) {
        log('error', 'email_message_invalid', { queue: batch.queue, messageId: message.id });
        message.ack();
        continue;
      }
      const result = await attempt(job, env, options).catch((error) => {
        // D1 itself failed: the row is as it was, so the queue's own retry tries again.
        log('error', 'email_attempt_failed', { id: job.id, error: errorText(error) });
        return { outcome: 'retry', delaySeconds: backoffSeconds(options, 1) } as const;
      });
      if (result.outcome === 'retry') message.retry({ delaySeconds: result.delaySeconds });
      else message.ack();
    }
  };
}

/**
 * The consumer of the dead-letter queue: messages the queue gave up on (the consumer failed `max_retries` times
 * without settling them, say D1 was down). Their rows, unless already settled, become `DEAD` with that reason, so an
 * admin sees them and can retry; each message is acked (the dead-letter queue keeps nothing).
 */
export function deadLetterConsumer() {
  return async (batch: MessageBatch<unknown>, env: Env): Promise<void> => {
    for (const message of batch.messages) {
      const job = asJob(message.body);
      if (job) {
        const lastError = 'the queue gave up on it (dead-letter queue)';
        await env.DB.prepare(
          `update cms_email_deliveries set status = 'DEAD', last_error = ?, updated_at = ?
            where id = ? and status in ('QUEUED', 'RETRYING', 'SENDING')`,
        )
          .bind(lastError, Date.now(), job.id)
          .run();
        log('error', 'email_dead_lettered', { id: job.id, email: job.email });
      } else log('error', 'email_message_invalid', { queue: batch.queue, messageId: message.id });
      message.ack();
    }
  };
}

/**
 * Without a queue: the attempts run one after the other in `waitUntil`, with the same bound and backoff (each delay
 * cut to `maxInlineDelayMs`, since `waitUntil` has about 30 seconds after the response).
 */
export async function deliverInline(
  job: EmailJob,
  env: Env,
  options: ResolvedEmailOptions,
  maxInlineDelayMs = 2000,
): Promise<void> {
  for (let i = 0; i < options.maxAttempts; i++) {
    const result = await attempt(job, env, options);
    if (result.outcome !== 'retry') return;
    const delay = Math.min(result.delaySeconds * 1000, maxInlineDelayMs);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
