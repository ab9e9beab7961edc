import { CmsConfigError } from '../errors';
import { BUILT_IN_ROLES } from './viewer';

/** Who may create an account with `register`. */
export type RegistrationMode = 'open' | 'invite' | 'off';

/** What a password-reset request hands to the mailer (the email itself is sent by whoever consumes it). */
export interface PasswordResetMessage {
  type: 'password_reset';
  email: string;
  /** The one-time secret to put in the reset link; shown nowhere else. */
  token: string;
  expiresAt: string;
}

/** The `auth` key of `defineConfig`. Every setting is optional. */
export interface AuthConfig {
  /** `off` (default): no self-service accounts; `invite`: `register` needs an invite code from `createInvite`; `open`: anyone. */
  registration?: RegistrationMode;
  /** The role of accounts made by open registration (default `viewer`; never `admin`). */
  defaultRole?: string;
  /** Lifetime of a refresh token in days (default 30). */
  refreshTokenDays?: number;
  /** Lifetime of a password-reset token in minutes (default 30). */
  resetTokenMinutes?: number;
  /** Lifetime of an invite code in days (default 7). */
  inviteDays?: number;
  /** Sign-in limits (docs/auth.md). Counted in the `LOGIN_LIMITER` Durable Object. */
  lockout?: {
    /** Failed sign-ins of one client (its known-client proof, else its address) at one account before that client is locked out of it (default 5). */
    maxFailures?: number;
    /** Failed sign-ins from one address, across accounts, by clients without a proof, before the address is locked for them (default 50). */
    maxIpFailures?: number;
    /** Failed sign-ins at one account per hour by clients without a proof, before they are all locked out of it (default 20). */
    maxAccountFailures?: number;
    /** How long client and address locks last, and how long their failures are counted, in seconds (default 900). */
    lockSeconds?: number;
  };
  /**
   * Called with each password-reset message (besides the `EMAIL_QUEUE` queue when that binding exists).
   * @example
   * auth: { onPasswordReset: (message) => mailer.send(message) }
   */
  onPasswordReset?: (message: PasswordResetMessage, env: Env) => unknown;
}

export type AuthSettings = Required<Omit<AuthConfig, 'lockout' | 'onPasswordReset'>> & {
  lockout: Required<NonNullable<AuthConfig['lockout']>>;
  onPasswordReset?: AuthConfig['onPasswordReset'];
};

const MODES: RegistrationMode[] = ['open', 'invite', 'off'];

/** Validates the `auth` config and fills in the defaults; throws CmsConfigError at build time. */
export function authSettings(config: AuthConfig = {}): AuthSettings {
  const settings: AuthSettings = {
    registration: config.registration ?? 'off',
    defaultRole: config.defaultRole ?? 'viewer',
    refreshTokenDays: config.refreshTokenDays ?? 30,
    resetTokenMinutes: config.resetTokenMinutes ?? 30,
    inviteDays: config.inviteDays ?? 7,
    lockout: { maxFailures: 5, maxIpFailures: 50, maxAccountFailures: 20, lockSeconds: 900, ...config.lockout },
    onPasswordReset: config.onPasswordReset,
  };
  if (!MODES.includes(settings.registration))
    throw new CmsConfigError(`auth.registration must be one of ${MODES.join(', ')}, not "${settings.registration}"`);
  if (settings.defaultRole === 'admin') throw new CmsConfigError('auth.defaultRole can not be admin');
  const positive = {
    refreshTokenDays: settings.refreshTokenDays,
    resetTokenMinutes: settings.resetTokenMinutes,
    inviteDays: settings.inviteDays,
    ...settings.lockout,
  };
  for (const [key, value] of Object.entries(positive))
    if (!(typeof value === 'number' && value > 0)) throw new CmsConfigError(`auth.${key} must be a positive number`);
  const known = ['maxFailures', 'maxIpFailures', 'maxAccountFailures', 'lockSeconds'];
  for (const key of Object.keys(settings.lockout))
    if (!known.includes(key))
      throw new CmsConfigError(`auth.lockout.${key} is not a setting; the settings are ${known.join(', ')}`);
  for (const key of ['maxFailures', 'maxIpFailures', 'maxAccountFailures'] as const)
    if (!Number.isInteger(settings.lockout[key]))
      throw new CmsConfigError(`auth.lockout.${key} must be a whole number`);
  // The reset throttle (account.ts) keeps its window in KV, whose shortest TTL is 60 seconds.
  if (settings.lockout.lockSeconds < 60) throw new CmsConfigError('auth.lockout.lockSeconds must be at least 60');
  return settings;
}

export const isBuiltInRole = (role: string) => (BUILT_IN_ROLES as readonly string[]).includes(role);

const resolved = new WeakMap<object, AuthSettings>();

/** The settings of a built config (resolved once per config). */
export function settingsOf(config: { auth?: AuthConfig }): AuthSettings {
  let settings = resolved.get(config);
  if (!settings) resolved.set(config, (settings = authSettings(config.auth)));
  return settings;
}
