import type { Context } from '../types/context';
import { notFound } from '../errors';
import { defaultSettings } from '../config/plugin-settings';
import { requireActive, snapshotFor } from './state';

const made = new WeakMap<Context, Map<string, Record<string, unknown>>>();

/**
 * A plugin's current settings, as the request's snapshot has them (defaults where an admin set nothing).
 * @example
 * const { wordsPerMinute } = await pluginSettings(ctx, 'reading-time');
 */
export async function pluginSettings(ctx: Context, name: string): Promise<Record<string, unknown>> {
  const plugin = ctx.cms.plugins.find((p) => p.name === name);
  if (!plugin) throw notFound(`Plugin "${name}"`);
  const row = (await snapshotFor(ctx)).get(name);
  return { ...defaultSettings(plugin.settings), ...(row?.settings ?? {}) };
}

/**
 * A plugin's services for this request, made on first use (CONVENTIONS §10); FORBIDDEN while it is not active.
 * @example
 * const { transition } = await pluginService(ctx, 'workflow');
 */
export async function pluginService<T extends Record<string, unknown> = Record<string, unknown>>(
  ctx: Context,
  name: string,
): Promise<T> {
  const plugin = ctx.cms.plugins.find((p) => p.name === name);
  if (!plugin?.services) throw notFound(`Services of plugin "${name}"`);
  await requireActive(ctx, name, `The services of "${name}"`);
  let byName = made.get(ctx);
  if (!byName) made.set(ctx, (byName = new Map()));
  let services = byName.get(name);
  if (!services) byName.set(name, (services = plugin.services(ctx, (await pluginSettings(ctx, name)) as never)));
  return services as T;
}
