/** Who is calling: set once per request by the auth step, read by permissions and operations. */
export type Viewer =
  | { kind: 'anonymous' }
  /** A signed-in user; `tokenId` is the access token's `jti` (its session), `tokenExpiresAt` its `exp` in seconds. */
  | { kind: 'user'; id: string; role: string; email: string; tokenId: string; tokenExpiresAt: number }
  /**
   * A frontend's API token; `collections` are collection type names (`Post`), null for every collection; `drafts`
   * whether it may ask for the DRAFT stage (absent in viewers cached before the right existed: no drafts).
   */
  | {
      kind: 'apiToken';
      id: string;
      name?: string;
      access: 'read' | 'read-write';
      collections: string[] | null;
      drafts?: boolean;
    };

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
  /** Lifetime of an access token in minutes, 1 to 1440 (default 15). The `JWT_TTL` variable (seconds), when set, wins. */
  accessTokenMinutes?: number;
  /** Lifetime of a refresh token (and of the `auth_refresh` cookie) in days, longer than an access token, at most 365 (default 30). */
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
   * Called with each password-reset message (besides the email plugin's reset email, when it is installed).
   * @example
   * auth: { onPasswordReset: (message) => mailer.send(message) }
   */
  onPasswordReset?: (message: PasswordResetMessage, env: Env) => unknown;
}

/** A user as the API shows it: never the password hash or the token version. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  createdAt: Date;
  updatedAt: Date;
  /** When an admin deactivated the account; null while it is active. */
  deactivatedAt: Date | null;
}
