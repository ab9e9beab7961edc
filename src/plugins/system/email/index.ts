import type { Context } from '../../../types/context';
import { definePlugin } from '../../define';
import { deadLetterConsumer, emailConsumer } from './deliver';
import { devOutboxRoute } from './outbox';
import { type EmailOptions, emailOff, providerFor, resolveEmailOptions } from './options';
import { emailSchema } from './schema';
import { queueEmail, type SendEmailArgs } from './send';
import { emailMigrations } from './tables';
import { emailTemplateSchema } from './template-schema';
import { notifyTransition } from './workflow';

export type { EmailOptions } from './options';
export type { EmailProvider, HttpProviderOptions, OutgoingEmail } from './providers';
export { resendProvider, sendgridProvider } from './providers';
export type { SendEmailArgs } from './send';

/** Called from a flow's hook: a failed hand-over is logged, never passed to the caller (it could tell too much). */
const quietly = (id: string, send: () => Promise<unknown>): Promise<void> =>
  send().then(
    () => undefined,
    (error) =>
      console.error(JSON.stringify({ level: 'error', event: 'email_queue_failed', email: id, message: String(error) })),
  );

/**
 * Email (docs/email.md): the CMS's transactional emails (password reset, invitation, welcome, the workflow's
 * review notifications; `sendEmail` for plugins) rendered
 * from their templates and sent by a provider, through `EMAIL_QUEUE` when bound (else in `waitUntil`), each once,
 * with retries and backoff, and logged in D1 for admins (`emailDeliveries`, `retryEmailDelivery`).
 * @example
 * defineConfig({ collections, plugins: [emails({ from: 'Acme <cms@acme.dev>', provider: 'resend' })] });
 */
export function emails(input: EmailOptions) {
  const options = resolveEmailOptions(input);
  return definePlugin({
    name: 'email',
    version: '1.1.0',
    description: 'Transactional emails through a queue and a provider, with a delivery log.',
    migrations: emailMigrations,
    schema: (builder) => {
      emailSchema(options)(builder);
      emailTemplateSchema(options)(builder);
    },
    events: {
      passwordResetRequested: ({ ctx, user, token, expiresAt }) =>
        quietly('password-reset', () =>
          queueEmail(ctx, options, {
            email: 'password-reset',
            to: user.email,
            data: {
              recipient: { name: user.name },
              resetUrl: `${options.urls.resetPassword}?token=${encodeURIComponent(token)}`,
              token,
              expiresInMinutes: Math.round((expiresAt.getTime() - Date.now()) / 60_000),
            },
          }),
        ),
      afterInvite: ({ ctx, invite, inviter }) =>
        quietly('invitation', () =>
          queueEmail(ctx, options, {
            email: 'invitation',
            to: invite.email,
            data: {
              inviter: { name: inviter },
              role: invite.role,
              registerUrl: `${options.urls.register}?code=${encodeURIComponent(invite.code)}`,
              inviteCode: invite.code,
              expiresInDays: Math.round((invite.expiresAt.getTime() - Date.now()) / 86_400_000),
            },
          }),
        ),
      afterWorkflowTransition: (args) => quietly('review', () => notifyTransition(options, args)),
      afterRegister: ({ ctx, user }) =>
        quietly('welcome', () =>
          queueEmail(ctx, options, {
            email: 'welcome',
            to: user.email,
            data: { recipient: { name: user.name }, role: user.role, loginUrl: options.urls.login },
          }),
        ),
    },
    // For other plugins: `const { sendEmail } = await pluginService(ctx, 'email')`.
    services: (ctx: Context) => ({
      sendEmail: (args: SendEmailArgs) => queueEmail(ctx, options, args),
    }),
    routes: { '/email/': devOutboxRoute },
    queues: { [options.queue]: emailConsumer(options), [options.deadLetterQueue]: deadLetterConsumer() },
    productionProblems: (env) => {
      const off = emailOff(options, env);
      if (off) {
        // Run once per isolate at start: the one place a deployment hears that its emails go nowhere.
        console.warn(JSON.stringify({ level: 'warn', event: 'email_off', at: new Date().toISOString(), reason: off }));
        return [];
      }
      try {
        return providerFor(options, env).productionProblems?.(env) ?? [];
      } catch (error) {
        return [String((error as Error).message)];
      }
    },
  });
}
