import { drizzle } from 'drizzle-orm/d1';
import type { Context } from '../types/context';
import { forbidden } from '../errors';
import { getVar, setVar } from '../request/state';
import { plugins } from '../system/tables';
import { isCore } from '../config/core';

declare module '../types/cms' {
  interface Cms {
    /** Where the plugins stand, as this isolate knows it (refreshed from D1). */
    pluginStates: PluginStates;
  }
}

export type PluginStatus = 'ACTIVE' | 'INACTIVE' | 'UNINSTALLED';
export type PluginRow = typeof plugins.$inferSelect & { status: PluginStatus };
export type Snapshot = ReadonlyMap<string, PluginRow>;

/**
 * Where the plugins stand, as this isolate knows it: read from D1 at most once per `refreshMs` (one small query,
 * shared by concurrent requests), and updated at once by a lifecycle change made here. Other isolates see a change
 * within `refreshMs`. Each request keeps the view it started with (`snapshotFor`).
 */
export class PluginStates {
  #snapshot?: { rows: Snapshot; at: number };
  #loading?: Promise<Snapshot>;

  constructor(private readonly refreshMs = 1000) {}

  async current(d1: D1Database): Promise<Snapshot> {
    if (this.#snapshot && Date.now() - this.#snapshot.at < this.refreshMs) return this.#snapshot.rows;
    this.#loading ??= drizzle(d1)
      .select()
      .from(plugins)
      .then((rows) => {
        const map = new Map(rows.map((row) => [row.name, row as PluginRow]));
        this.#snapshot = { rows: map, at: Date.now() };
        return map;
      })
      .finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  /** Forgets what this isolate knew: the next request reads D1 (after a change made here). */
  forget(): void {
    this.#snapshot = undefined;
  }
}

declare module '../request/state' {
  interface RequestVariableMap {
    /** The plugin states the request works with, read on first need. */
    pluginSnapshot: Promise<Snapshot>;
    /** The same, once read. */
    pluginSnapshotRead: Snapshot;
  }
}

/** The plugin states one request works with, read on first need and kept for the rest of the request. */
export function snapshotFor(ctx: Pick<Context, 'cms' | 'env' | 'request'>): Promise<Snapshot> {
  let snapshot = getVar(ctx.request, 'pluginSnapshot');
  if (!snapshot) {
    snapshot = ctx.cms.pluginStates.current(ctx.env.DB).then((rows) => {
      setVar(ctx.request, 'pluginSnapshotRead', rows);
      return rows;
    });
    setVar(ctx.request, 'pluginSnapshot', snapshot);
  }
  return snapshot;
}

/** The snapshot of a request once read (envelop hooks such as `onParse` must decide without waiting). */
export const knownSnapshot = (request: Request): Snapshot | undefined => getVar(request, 'pluginSnapshotRead');

export async function isActive(ctx: Pick<Context, 'cms' | 'env' | 'request'>, plugin: string): Promise<boolean> {
  if (isCore(ctx.cms.plugins.find((p) => p.name === plugin))) return true;
  return (await snapshotFor(ctx)).get(plugin)?.status === 'ACTIVE';
}

/**
 * Refuses what belongs to a plugin that is not active: `FORBIDDEN`, with the plugin's name in `extensions.plugin`.
 * @example
 * await requireActive(ctx, 'faq', 'faqs');
 */
export async function requireActive(
  ctx: Pick<Context, 'cms' | 'env' | 'request'>,
  plugin: string,
  what: string,
): Promise<void> {
  if (await isActive(ctx, plugin)) return;
  const error = forbidden(`${what} belongs to the plugin "${plugin}", which is not active`);
  error.extensions.plugin = plugin;
  throw error;
}
