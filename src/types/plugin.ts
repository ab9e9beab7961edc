import type { Plugin as EnvelopPlugin } from 'graphql-yoga';
import type { PublicUser } from './auth';
import type { Builder } from './builder';
import type { Model } from './cms';
import type { CollectionDefinition } from './config';
import type { Context } from './context';
import type { CollectionHooks, Item } from './hooks';

/** One setting of a plugin: its type, default and bounds. Admins change values with `updatePluginSettings`. */
export type SettingDefinition =
  | { type: 'string'; default?: string; required?: boolean; maxLength?: number; description?: string }
  | {
      type: 'number' | 'integer';
      default?: number;
      required?: boolean;
      min?: number;
      max?: number;
      description?: string;
    }
  | { type: 'boolean'; default?: boolean; required?: boolean; description?: string }
  | { type: 'select'; options: readonly string[]; default?: string; required?: boolean; description?: string }
  | { type: 'json'; default?: unknown; required?: boolean; description?: string };

export type SettingsSchema = Record<string, SettingDefinition>;

/** The values of a settings schema, as plugin code reads them. */
export type SettingsOf<S extends SettingsSchema> = {
  [K in keyof S]: S[K] extends { type: 'string' | 'select' }
    ? string
    : S[K] extends { type: 'number' | 'integer' }
      ? number
      : S[K] extends { type: 'boolean' }
        ? boolean
        : unknown;
};

/** SQL a plugin runs when it is installed (`up`) and uninstalled (`down`), for tables that are not collections. */
export interface PluginMigration {
  name: string;
  up: string[];
  down: string[];
}

/** What a plugin's `schema` and `services` are given besides the builder. */
export interface PluginApi {
  /** The plugin's name. */
  name: string;
  /** The content model: the config, the collections and each by type name. */
  model: Model;
  /**
   * The GraphQL object type of a collection, to add fields to it: `builder.drizzleObjectField(plugin.type('Post'), …)`.
   * Such a field's `select` loads the columns its resolver needs in the same query as the item.
   */
  type(collection: string): any;
}

/**
 * A CMS plugin: a plain object (CONVENTIONS §6). Built-in features and third parties use the same shape.
 * Its collections join the content model (tables by `npm run db:generate`), its hooks the hook registry, its
 * `schema` adds GraphQL types and fields to the one builder, its `envelop` plugins run in the pipeline's plugin
 * middleware slot. An inactive plugin's hooks, middleware and fields stop acting at once (docs/plugins.md).
 */
export interface PluginDefinition<S extends SettingsSchema = SettingsSchema> {
  /** kebab-case, unique: `workflow`, `acme-seo`. */
  name: string;
  /** Semantic version: `1.2.0`. */
  version: string;
  description?: string;
  /** Plugins this one needs, by name, with a semver range: `{ auth: '^1.0.0' }`. They are set up first. */
  dependencies?: Record<string, string>;
  collections?: CollectionDefinition[];
  /** Content hooks by collection type name, or `'*'` for every collection. */
  hooks?: Record<string, CollectionHooks>;
  /** Hooks beyond content: sign-in, registration, cache invalidation, request start and end (see `PluginEvents`). */
  events?: PluginEventHooks;
  /** Adds GraphQL types and fields; every field added to `Query`, `Mutation` or an existing type is the plugin's. */
  schema?: (builder: Builder, plugin: PluginApi) => void;
  /** Envelop/Yoga plugins for the pipeline's plugin middleware slot (hooks from `onContextBuilding` on; see docs/plugins.md). */
  envelop?: EnvelopPlugin<Context>[];
  /** Per-request services other code reads with `pluginService(ctx, name)`; made on first use in a request. */
  services?: (ctx: Context, settings: SettingsOf<S>) => Record<string, unknown>;
  /** The typed settings schema; values live in D1 and change without a redeploy. */
  settings?: S;
  /** SQL for tables that are not collections, run at install and uninstall. */
  migrations?: PluginMigration[];
  /** HTTP routes by path prefix (`/media/`), answered while the plugin is active (a 404 otherwise). */
  routes?: Record<string, PluginRoute>;
  /** The largest upload (multipart body) the plugin accepts, in bytes: the security step lets such bodies through. */
  maxUploadBytes?: number;
  /** Consumers of Cloudflare Queues by queue name: the worker's `queue()` hands each batch to its queue's consumer. */
  queues?: Record<string, PluginQueueConsumer>;
  /** Why the production profile must refuse to start with this plugin (e.g. a provider without its key); [] if fine. */
  productionProblems?: (env: Env) => string[];
}

/** A plugin's consumer of one queue: acks or retries each message itself (an error thrown retries the batch). */
export type PluginQueueConsumer = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;

/** An HTTP route of a plugin: a plain fetch handler, outside GraphQL (e.g. file delivery). */
export type PluginRoute = (request: Request, env: Env, ctx?: ExecutionContext) => Promise<Response>;

/**
 * The hooks a plugin may have beyond content ones (`definePlugin({ events: { … } })`). A `before` hook may throw one of
 * the error factories to refuse (the sign-in fails with its code and message); the others observe, and an error they
 * throw is logged, never passed to the client.
 */
export interface PluginEvents {
  /** Before the password is checked. */
  beforeLogin: { ctx: Context; email: string };
  afterLogin: { ctx: Context; user: PublicUser };
  afterRegister: { ctx: Context; user: PublicUser };
  /**
   * A password reset was asked for an existing account: its one-time token (valid until `expiresAt`), for the email
   * that carries it. Runs after the caller's answer, which is the same for unknown addresses.
   */
  passwordResetRequested: { ctx: Context; user: PublicUser; token: string; expiresAt: Date };
  /** An admin made an invite code for an address (`createInvite(email:)`); `inviter` is the admin's email. */
  afterInvite: {
    ctx: Context;
    invite: { code: string; role: string; email: string; expiresAt: Date };
    inviter: string;
  };
  /**
   * The workflow moved an item (`from` → `to`, with the mover's comment); `reviewerRoles` may approve items in review.
   * `item` holds what the mover could read; `createdBy` is the item's creator's user id.
   */
  afterWorkflowTransition: {
    ctx: Context;
    collection: string;
    item: Item;
    from: string;
    to: string;
    comment: string | null;
    reviewerRoles: readonly string[];
  };
  /** A file was uploaded and its media item created (the media plugin). */
  afterUpload: { ctx: Context; item: Item };
  /** Cached responses were invalidated: by a write (`event`), a permission change, a purge or a plugin change. */
  afterInvalidate: { ctx: Context; event: string; tags: readonly string[] };
  /** A GraphQL operation is about to run (after authentication and permissions). */
  requestStart: { ctx: Context };
  requestEnd: { ctx: Context; durationMs: number; errors: number };
}

export type PluginEventName = keyof PluginEvents;

export type PluginEventHandler<E extends PluginEventName> = (args: PluginEvents[E]) => void | Promise<void>;
export type PluginEventInput<E extends PluginEventName> =
  | PluginEventHandler<E>
  | { handler: PluginEventHandler<E>; priority?: number };
export type PluginEventHooks = { [E in PluginEventName]?: PluginEventInput<E> };
