import type { PluginEventInput, PluginEventName, PluginEvents } from '../types/plugin';
import type { Context } from '../types/context';
import { withinBudget } from '../log/hook-budget';
import { isCore } from '../config/core';
import { snapshotFor } from './state';

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
