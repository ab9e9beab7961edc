import { type FieldError, validationFailed } from '../errors';

/** Passwords: at least this many characters… */
export const PASSWORD_MIN_LENGTH = 10;
/** …and at most this many, which bounds the PBKDF2 work one request can cause. */
export const PASSWORD_MAX_LENGTH = 256;

// Deliberately modest, like the email field type: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails are stored and compared trimmed and lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function emailProblems(path: string, email: string): FieldError[] {
  return EMAIL.test(email) && email.length <= 254
    ? []
    : [{ path: [path], code: 'INVALID_EMAIL', message: 'must be an email address' }];
}

export function passwordProblems(path: string, password: string): FieldError[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return [{ path: [path], code: 'TOO_SHORT', message: `must be at least ${PASSWORD_MIN_LENGTH} characters` }];
  if (length > PASSWORD_MAX_LENGTH)
    return [{ path: [path], code: 'TOO_LONG', message: `must be at most ${PASSWORD_MAX_LENGTH} characters` }];
  return [];
}

/** Throws VALIDATION_FAILED listing every problem, if there are any. */
export function assertNoProblems(problems: FieldError[]): void {
  if (problems.length) throw validationFailed(problems);
}
