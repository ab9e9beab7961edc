import { invitation, passwordReset, welcome } from './account';
import type { DefaultEmail } from './email';
import { reviewApproved, reviewRejected, reviewSubmitted } from './workflow';

export { COMMON_EMAIL_SAMPLE, COMMON_EMAIL_VARIABLES, DEFAULT_EMAIL_LAYOUT, type DefaultEmail } from './email';

/**
 * The emails the CMS ships, by name: their subject, HTML and text templates, the variables each uses (documented in
 * docs/email.md) and sample data. Admins will override them; these are what an email falls back to.
 */
export const DEFAULT_EMAILS = Object.freeze({
  'password-reset': passwordReset,
  invitation,
  welcome,
  'review-submitted': reviewSubmitted,
  'review-approved': reviewApproved,
  'review-rejected': reviewRejected,
} satisfies Record<string, DefaultEmail>);

export type EmailName = keyof typeof DEFAULT_EMAILS;
