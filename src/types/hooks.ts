import type { Collection } from './collection';
import type { Context } from './context';

/** The content hook vocabulary: the same names for collections and, later, plugins. */
export type HookName =
  | 'beforeCreate'
  | 'afterCreate'
  | 'beforeUpdate'
  | 'afterUpdate'
  | 'beforeDelete'
  | 'afterDelete'
  | 'beforePublish'
  | 'afterPublish'
  | 'beforeRead'
  | 'afterRead';

export type Item = Record<string, unknown> & { id: string };
export type Data = Record<string, unknown>;

interface Base {
  collection: Collection;
  ctx: Context;
}

/**
 * What each hook receives. A `beforeCreate`/`beforeUpdate` hook may return new `data`; it runs before validation, so
 * what it returns is validated like client input. Any before hook may throw to reject the write, which then writes
 * nothing: throw the error factories exported from the package (`forbidden()`, `badUserInput()`, `conflict()`…), whose
 * code and message reach the client; any other error is masked. Bulk operations run the hooks once per item.
 * After hooks run once the write is committed: a throw there is reported but does not undo it.
 * Publish hooks run for publish (`publish: true`) and unpublish (`publish: false`).
 */
export interface HookArgs {
  beforeCreate: Base & { data: Data };
  afterCreate: Base & { item: Item };
  beforeUpdate: Base & { data: Data; previous: Item };
  afterUpdate: Base & { item: Item; previous: Item };
  beforeDelete: Base & { item: Item };
  afterDelete: Base & { item: Item };
  beforePublish: Base & { item: Item; publish: boolean; at: Date | null };
  afterPublish: Base & { item: Item; publish: boolean };
  beforeRead: Base & { where: Data };
  afterRead: Base & { items: Item[] };
}

/** Hooks that may replace the value they are given by returning a new one. */
export interface HookResult {
  beforeCreate: Data;
  beforeUpdate: Data;
  beforeRead: Data;
}

export type HookHandler<N extends HookName> = (
  args: HookArgs[N],
) =>
  | (N extends keyof HookResult ? HookResult[N] | void : void)
  | Promise<N extends keyof HookResult ? HookResult[N] | void : void>;

/**
 * A handler with a priority: lower numbers run first, the default is 100; ties run in registration order.
 * @example
 * beforeCreate: { priority: 10, handler: ({ data }) => ({ ...data, title: String(data.title).trim() }) }
 */
export interface HookRegistration<N extends HookName> {
  handler: HookHandler<N>;
  priority?: number;
  /** Shown in errors and logs. */
  name?: string;
}

export type HookInput<N extends HookName> =
  | HookHandler<N>
  | HookRegistration<N>
  | Array<HookHandler<N> | HookRegistration<N>>;

export type CollectionHooks = { [N in HookName]?: HookInput<N> };
