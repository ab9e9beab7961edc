import type { Collection } from '../types/collection';
import { CmsConfigError } from '../errors';
import type { HookHandler, HookInput, HookName, HookRegistration } from '../types/hooks';

declare module '../types/cms' {
  interface Cms {
    /** Every content hook of the collections and plugins, by collection and name (built once with the schema). */
    hooks: HookRegistry;
  }
}

export const HOOK_NAMES: readonly HookName[] = [
  'beforeCreate',
  'afterCreate',
  'beforeUpdate',
  'afterUpdate',
  'beforeDelete',
  'afterDelete',
  'beforePublish',
  'afterPublish',
  'beforeRead',
  'afterRead',
];

interface Entry {
  handler: HookHandler<any>;
  priority: number;
  name: string;
  order: number;
  /** The plugin that registered it: it runs only while that plugin is active. */
  plugin?: string;
}

/** Collection ('*' for every collection) → hook name → handlers sorted by priority, then registration order. */
export class HookRegistry {
  private entries = new Map<string, Map<HookName, Entry[]>>();
  private count = 0;

  /**
   * @example
   * registry.register('Post', 'beforeCreate', { priority: 10, handler: ({ data }) => ({ ...data, views: 0 }) });
   */
  register<N extends HookName>(
    collection: string,
    name: N,
    input: HookInput<N>,
    source = collection,
    plugin?: string,
  ): void {
    if (!HOOK_NAMES.includes(name)) throw new CmsConfigError(`${source}: unknown hook "${String(name)}"`);
    for (const item of Array.isArray(input) ? input : [input]) {
      const reg: HookRegistration<N> = typeof item === 'function' ? { handler: item } : item;
      if (typeof reg?.handler !== 'function')
        throw new CmsConfigError(`${source}: hook ${name} needs a handler function`);
      if (reg.priority !== undefined && !Number.isFinite(reg.priority))
        throw new CmsConfigError(`${source}: hook ${name} has a priority that is not a number`);
      const byName = this.entries.get(collection) ?? new Map<HookName, Entry[]>();
      this.entries.set(collection, byName);
      const list = byName.get(name) ?? [];
      list.push({
        handler: reg.handler,
        priority: reg.priority ?? 100,
        name: reg.name ?? `${source}.${name}`,
        order: this.count++,
        plugin,
      });
      list.sort((a, b) => a.priority - b.priority || a.order - b.order);
      byName.set(name, list);
    }
  }

  /** Handlers for a collection: its own and the '*' ones, merged in priority order. */
  handlers(collection: string, name: HookName): Entry[] {
    const own = this.entries.get(collection)?.get(name) ?? [];
    const all = this.entries.get('*')?.get(name) ?? [];
    if (all.length === 0) return own;
    return [...own, ...all].sort((a, b) => a.priority - b.priority || a.order - b.order);
  }

  static fromCollections(collections: Collection[]): HookRegistry {
    const registry = new HookRegistry();
    for (const collection of collections) {
      for (const [name, input] of Object.entries(collection.def.hooks ?? {})) {
        registry.register(collection.names.type, name as HookName, input as HookInput<HookName>);
      }
    }
    return registry;
  }
}
