import { CmsConfigError } from '../../../errors';
import { DEFAULT_EMAILS, type EmailName } from '../../../templates/emails';
import {
  developmentProvider,
  type EmailProvider,
  resendProvider,
  sendEmailBindingProvider,
  sendgridProvider,
} from './providers';

export type ProviderName = 'development' | 'send_email' | 'resend' | 'sendgrid';

/** The options of `emails(…)`: the sender, the provider, the links the emails hold, and delivery's bounds. */
export interface EmailOptions {
  /** The sender, an address (`cms@example.com`) or a name and address (`Edge CMS <cms@example.com>`). */
  from: string;
  replyTo?: string;
  /**
   * `development` (keeps mail in KV, refused in production), `send_email` (Cloudflare's `SEND_EMAIL` binding),
   * `resend`, `sendgrid`, or a provider object. The `EMAIL_PROVIDER` variable, when set, replaces a name given here.
   * Not chosen (neither): `development` in development, `send_email` elsewhere, and email is off there while the
   * worker has no `SEND_EMAIL` binding.
   */
  provider?: ProviderName | EmailProvider;
  /** The site the emails come from: its name and address (every email's `site.name`, `site.url`). */
  site?: { name?: string; url?: string };
  /** The pages the emails link to; the token or code is appended as `?token=` / `?code=`. Default: under `site.url`. */
  urls?: { resetPassword?: string; register?: string; login?: string; admin?: string };
  /** Per-email switches: `{ welcome: false }` sends no welcome email. Every email is on by default. */
  enabled?: Partial<Record<EmailName, boolean>>;
  /** Attempts per email before it is dead, 1 to 20 (default 5). */
  maxAttempts?: number;
  /** The first retry's delay in seconds; each next one doubles, up to an hour (default 30). */
  retryDelaySeconds?: number;
  /** Rows the delivery log keeps, the newest; older ones are deleted as new ones come (default 10 000). */
  maxLogRows?: number;
  /** The queue `EMAIL_QUEUE` sends to, which the worker consumes (default `edge-cms-email`). */
  queue?: string;
  /** The queue's dead-letter queue, which the worker consumes too: its messages' rows become `DEAD` (`<queue>-dlq`). */
  deadLetterQueue?: string;
}

export interface ResolvedEmailOptions {
  from: string;
  replyTo: string | null;
  /** Null when the config chose none: see `providerFor`. */
  provider: ProviderName | EmailProvider | null;
  site: { name: string; url: string };
  urls: { resetPassword: string; register: string; login: string; admin: string };
  enabled: Record<EmailName, boolean>;
  maxAttempts: number;
  retryDelaySeconds: number;
  maxLogRows: number;
  queue: string;
  deadLetterQueue: string;
}

const fail = (message: string) => new CmsConfigError(`Plugin "email": ${message}`);
// One line, an address inside: a header value must not carry CR/LF (it could add headers).
const ADDRESS = /^(?:[^\r\n<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

function integerIn(name: string, value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw fail(`\`${name}\` must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

function absoluteUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value;
  } catch {}
  throw fail(`\`${name}\` must be an http(s) address, got ${JSON.stringify(value)}`);
}

/** Checks `emails(…)`'s options when the config is built; each mistake is a `CmsConfigError` naming the plugin. */
export function resolveEmailOptions(options: EmailOptions): ResolvedEmailOptions {
  if (!options || typeof options.from !== 'string' || !ADDRESS.test(options.from))
    throw fail('`from` must be an address such as "cms@example.com" or "Edge CMS <cms@example.com>"');
  if (options.replyTo !== undefined && !ADDRESS.test(options.replyTo)) throw fail('`replyTo` must be an address');
  const provider = options.provider ?? null;
  if (
    provider !== null &&
    (typeof provider === 'string' ? !Object.hasOwn(PROVIDERS, provider) : typeof provider?.send !== 'function')
  )
    throw fail(
      '`provider` must be "development", "send_email", "resend", "sendgrid" or an object with a send function',
    );
  const siteUrl = absoluteUrl('site.url', options.site?.url ?? 'http://localhost:8787').replace(/\/$/, '');
  const url = (name: keyof ResolvedEmailOptions['urls'], path: string) =>
    absoluteUrl(`urls.${name}`, options.urls?.[name] ?? `${siteUrl}${path}`);
  const enabled = Object.fromEntries(Object.keys(DEFAULT_EMAILS).map((name) => [name, true])) as Record<
    EmailName,
    boolean
  >;
  for (const [name, on] of Object.entries(options.enabled ?? {})) {
    if (!(name in enabled)) throw fail(`\`enabled\` names an unknown email "${name}"`);
    if (typeof on !== 'boolean') throw fail(`\`enabled.${name}\` must be true or false`);
    enabled[name as EmailName] = on;
  }
  return {
    from: options.from,
    replyTo: options.replyTo ?? null,
    provider,
    site: { name: options.site?.name ?? 'Edge CMS', url: siteUrl },
    urls: {
      resetPassword: url('resetPassword', '/reset-password'),
      register: url('register', '/register'),
      login: url('login', '/login'),
      admin: url('admin', '/admin'),
    },
    enabled,
    maxAttempts: integerIn('maxAttempts', options.maxAttempts, 1, 20, 5),
    retryDelaySeconds: integerIn('retryDelaySeconds', options.retryDelaySeconds, 0, 3600, 30),
    maxLogRows: integerIn('maxLogRows', options.maxLogRows, 10, 1_000_000, 10_000),
    queue: options.queue ?? 'edge-cms-email',
    deadLetterQueue: options.deadLetterQueue ?? `${options.queue ?? 'edge-cms-email'}-dlq`,
  };
}

const PROVIDERS: Record<string, () => EmailProvider> = {
  development: () => developmentProvider,
  send_email: () => sendEmailBindingProvider,
  resend: () => resendProvider(),
  sendgrid: () => sendgridProvider(),
};

/** The provider's name when nobody chose one: development keeps mail to read, a deployment sends it. */
const unchosen = (env: Env): ProviderName => (env.ENVIRONMENT === 'development' ? 'development' : 'send_email');

/**
 * The provider for this env: `EMAIL_PROVIDER` replaces a configured name (not a configured provider object); with
 * neither, `development` in development and `send_email` elsewhere.
 */
export function providerFor(options: ResolvedEmailOptions, env: Env): EmailProvider {
  if (options.provider !== null && typeof options.provider !== 'string') return options.provider;
  const chosen = env.EMAIL_PROVIDER?.trim() || options.provider || unchosen(env);
  // Own keys only: `EMAIL_PROVIDER=constructor` must not find Object's.
  const make = Object.hasOwn(PROVIDERS, chosen) ? PROVIDERS[chosen] : undefined;
  if (!make)
    throw new Error(`EMAIL_PROVIDER "${chosen.slice(0, 40)}" is not development, send_email, resend or sendgrid`);
  return make();
}

/**
 * Why email is off in this env, or null when it is on: no provider was chosen (neither the config nor
 * `EMAIL_PROVIDER`) and the default, `send_email`, has no binding. A first deploy without an email setup then starts
 * and sends nothing, where a provider someone chose but can't send refuses to start (its `productionProblems`).
 */
export function emailOff(options: ResolvedEmailOptions, env: Env): string | null {
  if (options.provider !== null || env.EMAIL_PROVIDER?.trim() || unchosen(env) !== 'send_email' || env.SEND_EMAIL)
    return null;
  return 'no email provider is chosen and the worker has no SEND_EMAIL binding';
}

/** Whether an address is one header-safe line with an address in it. */
export const isAddress = (value: string) => value.length <= 320 && ADDRESS.test(value);
