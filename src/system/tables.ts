import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { timestampColumn } from '../fields/shared';

// The CMS's own tables, beside the collections' tables. Collection tables may not use the `cms_` prefix.
// Secrets (passwords, refresh, reset and API tokens) are stored only as hashes.

/** People who sign in. `tokenVersion` is bumped to revoke every token of a user at once (password or role change). */
export const users = sqliteTable(
  'cms_users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role').notNull().default('viewer'),
    passwordHash: text('password_hash').notNull(),
    tokenVersion: integer('token_version').notNull().default(1),
    createdAt: timestampColumn('created_at').notNull(),
    updatedAt: timestampColumn('updated_at').notNull(),
    /** Set while an admin has deactivated the account: it can't sign in, and its tokens were revoked. */
    deactivatedAt: timestampColumn('deactivated_at'),
  },
  (t) => [uniqueIndex('cms_users_email_unique').on(t.email)],
);

/** Rotating refresh tokens: each use replaces the token; reuse of a replaced one revokes its whole family. */
export const refreshTokens = sqliteTable(
  'cms_refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    familyId: text('family_id').notNull(),
    expiresAt: timestampColumn('expires_at').notNull(),
    revokedAt: timestampColumn('revoked_at'),
    replacedBy: text('replaced_by'),
    createdAt: timestampColumn('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('cms_refresh_tokens_hash_unique').on(t.tokenHash),
    index('cms_refresh_tokens_user_idx').on(t.userId),
  ],
);

/**
 * Issued access tokens (one row per JWT, `id` = its `jti`): what a cache miss checks, and the hashes whose cache
 * entries are purged when they are revoked. `familyId` ties a token to the refresh-token family it came from.
 */
export const sessions = sqliteTable(
  'cms_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    familyId: text('family_id'),
    expiresAt: timestampColumn('expires_at').notNull(),
    revokedAt: timestampColumn('revoked_at'),
    createdAt: timestampColumn('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('cms_sessions_hash_unique').on(t.tokenHash),
    index('cms_sessions_user_idx').on(t.userId),
    index('cms_sessions_family_idx').on(t.familyId),
  ],
);

/** Invite codes for invite-only registration: one-time, short-lived, stored hashed; the role the new user gets. */
export const invites = sqliteTable(
  'cms_invites',
  {
    id: text('id').primaryKey(),
    codeHash: text('code_hash').notNull(),
    role: text('role').notNull(),
    /** When set, only this email may use the code. */
    email: text('email'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestampColumn('expires_at').notNull(),
    usedAt: timestampColumn('used_at'),
    usedBy: text('used_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestampColumn('created_at').notNull(),
  },
  (t) => [uniqueIndex('cms_invites_code_hash_unique').on(t.codeHash)],
);

/** One-time password reset tokens. */
export const passwordResets = sqliteTable(
  'cms_password_resets',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestampColumn('expires_at').notNull(),
    usedAt: timestampColumn('used_at'),
    createdAt: timestampColumn('created_at').notNull(),
  },
  (t) => [uniqueIndex('cms_password_resets_hash_unique').on(t.tokenHash)],
);

/** Tokens for frontends: read-only or read-write, optionally scoped to collections (a JSON array of names). */
export const apiTokens = sqliteTable(
  'cms_api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    access: text('access', { enum: ['read', 'read-write'] }).notNull(),
    collections: text('collections', { mode: 'json' }).$type<string[] | null>(),
    /** Whether the token may read drafts when a request asks for them (the DRAFT stage). */
    drafts: integer('drafts', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestampColumn('created_at').notNull(),
    lastUsedAt: timestampColumn('last_used_at'),
    revokedAt: timestampColumn('revoked_at'),
  },
  (t) => [uniqueIndex('cms_api_tokens_hash_unique').on(t.tokenHash)],
);

/** Roles beyond the built-in ones (admin, editor, author, viewer are always there). */
export const roles = sqliteTable('cms_roles', {
  name: text('name').primaryKey(),
  description: text('description'),
  createdAt: timestampColumn('created_at').notNull(),
});

/**
 * The permission matrix: role × collection × action. `scope` is `all` or `own` (items whose owner is the caller).
 * A missing row means the role's built-in default applies.
 */
export const permissions = sqliteTable(
  'cms_permissions',
  {
    role: text('role').notNull(),
    collection: text('collection').notNull(),
    action: text('action', { enum: ['read', 'create', 'update', 'delete', 'publish'] }).notNull(),
    allowed: integer('allowed', { mode: 'boolean' }).notNull(),
    scope: text('scope', { enum: ['all', 'own'] })
      .notNull()
      .default('all'),
    updatedAt: timestampColumn('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.role, t.collection, t.action] })],
);

/** Slow operations and security events, kept bounded (oldest rows pruned). */
export const eventLog = sqliteTable(
  'cms_event_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: timestampColumn('at').notNull(),
    kind: text('kind', { enum: ['slow', 'security'] }).notNull(),
    event: text('event').notNull(),
    requestId: text('request_id'),
    operation: text('operation'),
    durationMs: integer('duration_ms'),
    userId: text('user_id'),
    ip: text('ip'),
    detail: text('detail', { mode: 'json' }),
  },
  (t) => [index('cms_event_log_at_idx').on(t.at), index('cms_event_log_kind_idx').on(t.kind, t.at)],
);

// Keyed with a `cms` prefix so they can never collide with a collection's key (whose table may not start with cms_).
/**
 * The plugins of the config and where each stands: `ACTIVE`, `INACTIVE` (installed, switched off) or `UNINSTALLED`
 * (its data removed; kept so a bootstrap does not install it again). `settings` holds the admin-set values.
 */
export const plugins = sqliteTable('cms_plugins', {
  name: text('name').primaryKey(),
  version: text('version').notNull(),
  status: text('status').notNull(),
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown> | null>(),
  /** The names of the plugin's own migrations applied at install, undone at uninstall. */
  migrations: text('migrations', { mode: 'json' }).$type<string[]>(),
  installedAt: timestampColumn('installed_at'),
  updatedAt: timestampColumn('updated_at').notNull(),
});

export const systemTables = {
  cmsUsers: users,
  cmsRefreshTokens: refreshTokens,
  cmsSessions: sessions,
  cmsInvites: invites,
  cmsPasswordResets: passwordResets,
  cmsApiTokens: apiTokens,
  cmsRoles: roles,
  cmsPermissions: permissions,
  cmsEventLog: eventLog,
  cmsPlugins: plugins,
};
