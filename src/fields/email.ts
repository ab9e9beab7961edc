import { stringType } from './text';
import type { TextOptions } from '../types/fields';

// Deliberately modest: one @, no spaces, a dot in the domain. Deliverability is the mailer's problem.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailType = stringType((value) =>
  EMAIL.test(value) && value.length <= 254 ? undefined : { code: 'INVALID_EMAIL', message: 'must be an email address' },
);

/**
 * An email address.
 * @example
 * email: email({ unique: true, private: true })
 */
export const email = (options: TextOptions = {}) => ({ type: 'email' as const, ...options });
