import type { PublicUser } from '../auth/users';
import type { Context } from '../context';
import type { Item } from '../hooks/types';
import { withinBudget } from '../hooks/budget';
import { isCore } from './core';
import { snapshotFor } from './state';

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
  /** A file was uploaded and its media item created (the media plugin). */
  afterUpload: { ctx: Context; item: Item };
  /** Cached responses were invalidated: by a write (`event`), a permission change, a purge or a plugin change. */
  afterInvalidate: { ctx: Context; event: string; tags: readonly string[] };
  /** A GraphQL operation is about to run (after authentication and permissions). */
  requestStart: { ctx: Context };
  requestEnd: { ctx: Context; durationMs: number; errors: number };
}

export type PluginEventName = keyof PluginEvents;
export const PLUGIN_EVENTS: readonly PluginEventName[] = [
  'beforeLogin',
  'afterLogin',
  'afterRegister',
  'afterUpload',
  'afterInvalidate',
  'requestStart',
  'requestEnd',
];

export type PluginEventHandler<E extends PluginEventName> = (args: PluginEvents[E]) => void | Promise<void>;
export type PluginEventInput<E extends PluginEventName> =
  | PluginEventHandler<E>
  | { handler: PluginEventHandler<E>; priority?: number };
export type PluginEventHooks = { [E in PluginEventName]?: PluginEventInput<E> };

/**
 * Runs the active plugins' handlers of an event, by priority (lower first, default 100), each within the hook time
 * budget. Cheap when no plugin listens: nothing is read.
 * @example
 * await emitPluginEvent(ctx, 'afterLogin', { ctx, user });
 */
export async function emitPluginEvent<E extends PluginEventName>(
  ctx: Context,
  event: E,
  args: PluginEvents[E],
): Promise<void> {
  const listening = ctx.cms.plugins.flatMap((plugin) => {
    const input = plugin.events?.[event] as PluginEventInput<E> | undefined;
    if (!input) return [];
    const core = isCore(plugin);
    return [
      typeof input === 'function'
        ? { plugin: plugin.name, core, handler: input, priority: 100 }
        : { plugin: plugin.name, core, priority: 100, ...input },
    ];
  });
  if (listening.length === 0) return;
  const states = await snapshotFor(ctx);
  for (const { plugin, core, handler } of listening.sort((a, b) => a.priority - b.priority)) {
    if (!core && states.get(plugin)?.status !== 'ACTIVE') continue;
    const run = () => withinBudget(ctx, event, `${plugin}.${event}`, () => handler(args));
    if (event.startsWith('before')) await run();
    else
      await run().catch((error) =>
        console.error(
          JSON.stringify({
            level: 'error',
            event: 'plugin_hook_failed',
            at: new Date().toISOString(),
            plugin,
            hook: event,
            message: String(error),
          }),
        ),
      );
  }
}
