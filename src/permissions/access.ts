import { eq } from 'drizzle-orm';
import type { Viewer } from '../types/auth';
import type { Collection } from '../types/collection';
import type { Database } from '../types/db';
import { forbidden, unauthenticated } from '../errors';
import type { Field } from '../types/fields';
import type { Filter } from '../types/query';
import { permissions } from '../system/tables';
import { NOTHING } from '../db/filters';
import { canRead } from './fields';
import { type Action, type ContentStage, DENIED, defaultRule, PUBLISHED, type Rule, tokenRole } from './rules';

/** What a read's filters and relations need of the caller's rules, at one stage (see `Access.at`). */
export interface StagedAccess {
  readonly stage: ContentStage;
  checkField(collection: Collection, field: Field): void;
  readable(collection: Collection): Filter | undefined;
}

/**
 * What the caller of one request may do, built by the permissions step (`ctx.access`). Signed-in users other than
 * admins have their role's rows of the permission matrix loaded on first need: one D1 query per request, at most.
 * Admins, API tokens and anonymous callers need no query.
 *
 * The rules are applied as SQL filters (`readable`, `scopeFilter`), merged into the queries that read or change
 * items, so a caller never gets an item they may not see and a bulk write never touches one.
 */
export class Access {
  /** One clock per request, so every filter of a request agrees on what is published. */
  readonly now = new Date();
  #rows?: Map<string, Rule>;
  /** The stage of each root field read so far, by its response key (see `enterStage`). */
  readonly #stages = new Map<string, ContentStage>();
  #loading?: Promise<void>;

  constructor(
    readonly viewer: Viewer,
    private readonly db: Database,
    /** Refuses a collection that is switched off (one brought by a plugin that is not active). */
    private readonly gate?: (collection: Collection) => Promise<void>,
  ) {}

  /** Whether the rules are known without waiting (always, but for a user whose matrix rows aren't loaded yet). */
  get ready(): boolean {
    return !this.#usesMatrix || this.#rows !== undefined;
  }

  /** Loads the role's matrix rows when the viewer needs them; later calls share the one query. */
  load(): Promise<void> {
    if (this.ready) return Promise.resolve();
    const role = (this.viewer as Extract<Viewer, { kind: 'user' }>).role;
    this.#loading ??= this.db
      .select()
      .from(permissions)
      .where(eq(permissions.role, role))
      .then((rows) => {
        this.#rows = new Map(rows.map((r) => [`${r.collection}:${r.action}`, { allowed: r.allowed, scope: r.scope }]));
      });
    return this.#loading;
  }

  /** The role whose built-in rules and private fields apply; undefined for anonymous callers. */
  get role(): string | undefined {
    const viewer = this.viewer;
    if (viewer.kind === 'user') return viewer.role;
    if (viewer.kind === 'apiToken') return tokenRole(viewer);
    return undefined;
  }

  /** The user an item created now belongs to (its `created_by`); null for API tokens. */
  get ownerId(): string | null {
    return this.viewer.kind === 'user' ? this.viewer.id : null;
  }

  /** The rule for an action on a collection. Synchronous: call `load()` first. */
  rule(collection: Collection, action: Action): Rule {
    const viewer = this.viewer;
    switch (viewer.kind) {
      case 'anonymous':
        return action === 'read' && collection.def.access?.publicRead ? PUBLISHED : DENIED;
      case 'apiToken': {
        const scoped = viewer.collections;
        if (scoped && !scoped.includes(collection.names.type) && !scoped.includes(collection.names.list)) return DENIED;
        return defaultRule(tokenRole(viewer), action);
      }
      case 'user': {
        if (viewer.role === 'admin') return defaultRule('admin', action);
        if (!this.#rows) throw new Error('Access.rule() before load()');
        return this.#rows.get(`${collection.names.type}:${action}`) ?? defaultRule(viewer.role, action);
      }
    }
  }

  /** The rule for an action, which must be allowed: UNAUTHENTICATED for anonymous callers, FORBIDDEN otherwise. */
  async require(collection: Collection, action: Action): Promise<Rule> {
    if (collection.plugin) await this.gate?.(collection);
    await this.load();
    const rule = this.rule(collection, action);
    if (!rule.allowed) throw this.denied(`${action} ${collection.names.list}`);
    return rule;
  }

  /**
   * The items a rule covers, as a filter; undefined when it covers every item. At the `PUBLISHED` stage (reads
   * only) the published ones among them. Writes pass no stage: what a caller may change is not narrowed by it.
   */
  scopeFilter(rule: Rule, stage: ContentStage = 'DRAFT'): Filter | undefined {
    if (!rule.allowed) return NOTHING;
    switch (rule.scope) {
      case 'all':
        return stage === 'PUBLISHED' ? this.#published : undefined;
      case 'own': {
        const own = this.ownerId === null ? NOTHING : { createdBy: this.ownerId };
        return stage === 'PUBLISHED' ? { AND: [own, this.#published] } : own;
      }
      case 'published':
        return this.#published;
    }
  }

  /**
   * The items of a collection the caller may read (NOTHING when none), at a stage: for relations and relation
   * filters. Without a stage, every item the read rule covers (what a write may connect to or name).
   */
  readable(collection: Collection, stage: ContentStage = 'DRAFT'): Filter | undefined {
    return this.scopeFilter(this.rule(collection, 'read'), stage);
  }

  /**
   * The stage of a read when the caller names none: published content for anonymous callers and API tokens (a
   * token made for a public site never sees a draft), every item their rules cover for signed-in users.
   */
  get defaultStage(): ContentStage {
    return this.viewer.kind === 'user' ? 'DRAFT' : 'PUBLISHED';
  }

  /** Whether the caller may read at the `DRAFT` stage: signed-in users, and API tokens made with `drafts: true`. */
  get mayReadDrafts(): boolean {
    const viewer = this.viewer;
    return viewer.kind === 'user' || (viewer.kind === 'apiToken' && viewer.drafts === true);
  }

  /**
   * The stage of a read: the one asked for, else the caller's default. Asking for `DRAFT` without the right is
   * refused (UNAUTHENTICATED for anonymous callers, FORBIDDEN otherwise) rather than answered with published
   * content: a preview that silently showed the live site would hide the mistake.
   */
  stage(asked?: ContentStage | null): ContentStage {
    if (asked == null) return this.defaultStage;
    if (asked === 'DRAFT' && !this.mayReadDrafts)
      throw this.denied('read drafts', this.viewer.kind === 'apiToken' ? 'a token made without drafts' : undefined);
    return asked;
  }

  /** Checks and notes the stage of a root field, by its response key, for the relations planned beneath it. */
  enterStage(root: string, asked?: ContentStage | null): ContentStage {
    const stage = this.stage(asked);
    this.#stages.set(root, stage);
    return stage;
  }

  /**
   * The stage of the relations beneath a root field (by its response key). A relation loaded on its own, whose
   * root is not known (beneath a mutation's answer, or planned apart from its root), reads at the one stage every
   * root field of the request is at, else at PUBLISHED when they differ (the narrower), else at the default.
   */
  stageOf(root: string | undefined): ContentStage {
    const known = root === undefined ? undefined : this.#stages.get(root);
    if (known) return known;
    const stages = new Set(this.#stages.values());
    if (stages.size === 0) return this.defaultStage;
    return stages.size === 1 ? [...stages][0]! : 'PUBLISHED';
  }

  /** The caller's rules at one stage: what the filters, orders and relations of a read check against. */
  at(stage: ContentStage): StagedAccess {
    return {
      stage,
      checkField: (collection, field) => this.checkField(collection, field),
      readable: (collection) => this.readable(collection, stage),
    };
  }

  /** Whether the caller may read a field (see the `private` field option). */
  canReadField(field: Field): boolean {
    return canRead(field, this.role);
  }

  /** Refuses a filter or order on a field the caller can't read: it would tell the value by what matches. */
  checkField(collection: Collection, field: Field): void {
    if (!this.canReadField(field))
      throw this.denied(`filter or order ${collection.names.list} by ${field.name}`, 'private field');
  }

  /** A future publishedAt schedules the item; one without a date (written outside the API) is public. */
  get #published(): Filter {
    return { status: 'PUBLISHED', OR: [{ publishedAt: { isNull: true } }, { publishedAt: { lte: this.now } }] };
  }

  get #usesMatrix(): boolean {
    return this.viewer.kind === 'user' && this.viewer.role !== 'admin';
  }

  private denied(what: string, why?: string) {
    const reason = why ? ` (${why})` : '';
    return this.viewer.kind === 'anonymous'
      ? unauthenticated(`Sign in to ${what}${reason}`)
      : forbidden(`You may not ${what}${reason}`);
  }
}
