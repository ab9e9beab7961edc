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
import { type Action, DENIED, defaultRule, PUBLISHED, type Rule, tokenRole } from './rules';

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

  /** The items a rule covers, as a filter; undefined when it covers every item. */
  scopeFilter(rule: Rule): Filter | undefined {
    if (!rule.allowed) return NOTHING;
    switch (rule.scope) {
      case 'all':
        return undefined;
      case 'own':
        return this.ownerId === null ? NOTHING : { createdBy: this.ownerId };
      case 'published':
        // A future publishedAt schedules the item; one without a date (written outside the API) is public.
        return { status: 'PUBLISHED', OR: [{ publishedAt: { isNull: true } }, { publishedAt: { lte: this.now } }] };
    }
  }

  /** The items of a collection the caller may read (NOTHING when none): for relations and relation filters. */
  readable(collection: Collection): Filter | undefined {
    return this.scopeFilter(this.rule(collection, 'read'));
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
