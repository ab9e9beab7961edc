import type { RenderedMessage } from '../../../templates/message';

/** An email ready for a provider: addresses checked (one line each), every part rendered. */
export interface OutgoingEmail extends RenderedMessage {
  /** The delivery's id: providers that take an idempotency key get it. */
  id: string;
  from: string;
  replyTo: string | null;
  to: string;
}

/**
 * What sends: one interface for every provider. `send` resolves with the provider's id for the message (or null) and
 * throws when the provider refused or could not be reached; the error's message is logged, so it must carry no key.
 */
export interface EmailProvider {
  name: string;
  send(email: OutgoingEmail, env: Env): Promise<{ providerId: string | null }>;
  /** Why this provider can't run in production with this env (a missing key or binding); [] when it can. */
  productionProblems?(env: Env): string[];
}

/** Where the development provider keeps what it "sent", in KV, for a week. */
export const DEV_OUTBOX_PREFIX = 'email:outbox:';
const DEV_OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Sends nothing: keeps each email in KV (`email:outbox:<recipient>:<id>`, a week) and logs a line (recipient and
 * subject, not the body, which may hold a token). Refused in production.
 */
export const developmentProvider: EmailProvider = {
  name: 'development',
  async send(email, env) {
    const sentAt = new Date().toISOString();
    await env.KV.put(`${DEV_OUTBOX_PREFIX}${email.to}:${sentAt}:${email.id}`, JSON.stringify({ ...email, sentAt }), {
      expirationTtl: DEV_OUTBOX_TTL_SECONDS,
    });
    console.log(
      JSON.stringify({ level: 'info', event: 'email_dev_outbox', id: email.id, to: email.to, subject: email.subject }),
    );
    return { providerId: null };
  },
  productionProblems: () => ['the email provider is "development", which sends nothing'],
};

// "Name <address>" or a bare address (both checked as one line by the options): the binding's structured form.
function mailbox(value: string): string | EmailAddress {
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (!named) return value;
  const name = named[1]!.replace(/^"(.*)"$/, '$1').trim();
  return name ? { name, email: named[2]! } : named[2]!;
}

/**
 * Cloudflare's `send_email` binding (`SEND_EMAIL`, `[[send_email]]` in wrangler.toml), in its structured form: the
 * platform builds the MIME message (multipart text and HTML, encoded headers), so no header is ever assembled here.
 * Locally `wrangler dev` and the tests simulate it: each message is logged and its parts written under the temp folder.
 */
export const sendEmailBindingProvider: EmailProvider = {
  name: 'send_email',
  async send(email, env) {
    if (!env.SEND_EMAIL) throw new Error('the SEND_EMAIL binding is not set (add [[send_email]] to wrangler.toml)');
    const result = await env.SEND_EMAIL.send({
      from: mailbox(email.from),
      to: mailbox(email.to),
      // One line already: renderMessage makes it so (a newline in a header value would start another header).
      subject: email.subject,
      text: email.text,
      html: email.html,
      ...(email.replyTo ? { replyTo: mailbox(email.replyTo) } : {}),
    });
    return { providerId: typeof result?.messageId === 'string' ? result.messageId.slice(0, 200) : null };
  },
  productionProblems: (env) =>
    env.SEND_EMAIL ? [] : ['the SEND_EMAIL binding is not set (the email provider is send_email)'],
};

async function failUnlessOk(response: Response, provider: string): Promise<void> {
  if (response.ok) return;
  // The provider's own words, cut short: they name the problem and never echo the key.
  const detail = (await response.text().catch(() => '')).slice(0, 200);
  throw new Error(`${provider} answered ${response.status}${detail ? `: ${detail}` : ''}`);
}

/** Where an HTTP provider sends: its API's address, and a `fetch` (a stand-in's, in tests). */
export interface HttpProviderOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Resend's HTTP API (`RESEND_API_KEY`, a secret). */
export function resendProvider({
  baseUrl = 'https://api.resend.com',
  fetch = globalThis.fetch,
}: HttpProviderOptions = {}): EmailProvider {
  return {
    name: 'resend',
    async send(email, env) {
      if (!env.RESEND_API_KEY) throw new Error('RESEND_API_KEY is not set');
      const response = await fetch(`${baseUrl}/emails`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${env.RESEND_API_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': email.id,
        },
        body: JSON.stringify({
          from: email.from,
          to: [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
          ...(email.replyTo ? { reply_to: email.replyTo } : {}),
        }),
      });
      await failUnlessOk(response, 'Resend');
      const body = (await response.json().catch(() => ({}))) as { id?: unknown };
      return { providerId: typeof body.id === 'string' ? body.id.slice(0, 200) : null };
    },
    productionProblems: (env) =>
      env.RESEND_API_KEY ? [] : ['RESEND_API_KEY is not set (the email provider is resend)'],
  };
}

/** SendGrid's v3 HTTP API (`SENDGRID_API_KEY`, a secret). */
export function sendgridProvider({
  baseUrl = 'https://api.sendgrid.com',
  fetch = globalThis.fetch,
}: HttpProviderOptions = {}): EmailProvider {
  return {
    name: 'sendgrid',
    async send(email, env) {
      if (!env.SENDGRID_API_KEY) throw new Error('SENDGRID_API_KEY is not set');
      const response = await fetch(`${baseUrl}/v3/mail/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.SENDGRID_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: email.to }] }],
          from: { email: email.from },
          ...(email.replyTo ? { reply_to: { email: email.replyTo } } : {}),
          subject: email.subject,
          content: [
            { type: 'text/plain', value: email.text },
            { type: 'text/html', value: email.html },
          ],
          custom_args: { delivery_id: email.id },
        }),
      });
      await failUnlessOk(response, 'SendGrid');
      return { providerId: response.headers.get('x-message-id')?.slice(0, 200) ?? null };
    },
    productionProblems: (env) =>
      env.SENDGRID_API_KEY ? [] : ['SENDGRID_API_KEY is not set (the email provider is sendgrid)'],
  };
}
