import { CmsConfigError } from '../errors';
import type { AuthConfig, RegistrationMode } from '../types/auth';
import { BUILT_IN_ROLES } from './viewer';

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
    accessTokenMinutes: config.accessTokenMinutes ?? 15,
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
    accessTokenMinutes: settings.accessTokenMinutes,
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
  // An access token lives long enough to be used and short enough that revocation is rarely needed (a day at most);
  // a refresh token outlives it (else a client can never refresh) and lives a year at most.
  const { accessTokenMinutes, refreshTokenDays } = settings;
  if (!Number.isInteger(accessTokenMinutes) || accessTokenMinutes > 1440)
    throw new CmsConfigError('auth.accessTokenMinutes must be a whole number of minutes from 1 to 1440');
  if (refreshTokenDays > 365) throw new CmsConfigError('auth.refreshTokenDays must be at most 365');
  if (refreshTokenDays * 1440 <= accessTokenMinutes)
    throw new CmsConfigError('auth.refreshTokenDays must be longer than auth.accessTokenMinutes');
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
