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
