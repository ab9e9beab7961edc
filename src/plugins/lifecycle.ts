import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { Cms } from '../types/cms';
import type { Context } from '../types/context';
import { conflict, notFound, validationFailed } from '../errors';
import { recordEvent } from '../log/events';
import { plugins } from '../system/tables';
import { isCore } from '../config/core';
import type { PluginDefinition } from '../types/plugin';
import { emitPluginEvent } from './events';
import { applySettings, defaultSettings } from '../config/plugin-settings';
import type { PluginRow, PluginStatus } from './state';

/** D1 statements that install a plugin: its own migrations, then its row (all in one batch: all or nothing). */
function installStatements(d1: D1Database, plugin: PluginDefinition, status: PluginStatus, applied: string[] = []) {
  const pending = (plugin.migrations ?? []).filter((m) => !applied.includes(m.name));
  const now = Date.now();
  const row = [
    plugin.name,
    plugin.version,
    status,
    JSON.stringify(defaultSettings(plugin.settings)),
    JSON.stringify([...applied, ...pending.map((m) => m.name)]),
    now,
    now,
  ];
  return [
    ...pending.flatMap((m) => m.up.map((sql) => d1.prepare(sql))),
    d1
      .prepare(
        `insert into cms_plugins (name, version, status, settings, migrations, installed_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
         on conflict (name) do update set version = excluded.version, status = excluded.status, settings = excluded.settings,
         migrations = excluded.migrations, installed_at = excluded.installed_at, updated_at = excluded.updated_at`,
      )
      .bind(...row),
  ];
}

/**
 * The bootstrap step: a plugin of the config that D1 has never seen is installed and activated, so adding a plugin to
 * the config is enough. One seen before keeps its state (an admin may have switched it off or uninstalled it); a new
 * version is recorded and runs the migrations it added.
 */
export async function installNewPlugins(env: Pick<Env, 'DB'>, cms: Cms): Promise<string[]> {
  if (cms.plugins.every(isCore)) return [];
  const rows = new Map((await drizzle(env.DB).select().from(plugins)).map((row) => [row.name, row]));
  const installed: string[] = [];
  for (const plugin of cms.plugins.filter((p) => !isCore(p))) {
    const row = rows.get(plugin.name);
    if (!row) {
      await env.DB.batch(installStatements(env.DB, plugin, 'ACTIVE'));
      installed.push(plugin.name);
    } else if (row.version !== plugin.version && row.status !== 'UNINSTALLED') {
      const applied = row.migrations ?? [];
      const pending = (plugin.migrations ?? []).filter((m) => !applied.includes(m.name));
      await env.DB.batch([
        ...pending.flatMap((m) => m.up.map((sql) => env.DB.prepare(sql))),
        env.DB.prepare('update cms_plugins set version = ?, migrations = ?, updated_at = ? where name = ?').bind(
          plugin.version,
          JSON.stringify([...applied, ...pending.map((m) => m.name)]),
          Date.now(),
          plugin.name,
        ),
      ]);
    }
  }
  cms.pluginStates.forget();
  return installed;
}

/** A plugin of the config, its row, and every plugin's status: one read of the (small) plugins table. */
async function rowOf(
  ctx: Context,
  name: string,
): Promise<{ plugin: PluginDefinition; row: PluginRow; all: Map<string, PluginStatus> }> {
  const plugin = ctx.cms.plugins.find((p) => p.name === name);
  if (!plugin) throw notFound(`Plugin "${name}"`);
  if (isCore(plugin))
    throw conflict(`"${name}" is a core plugin of the CMS: it is always active and has no settings to change`);
  const rows = await drizzle(ctx.env.DB).select().from(plugins);
  const row = rows.find((r) => r.name === name);
  if (!row) throw notFound(`Plugin "${name}"`);
  return { plugin, row: row as PluginRow, all: new Map(rows.map((r) => [r.name, r.status as PluginStatus])) };
}

/** Every change of a plugin is logged, reaches this isolate at once, and drops every cached response. */
function changed(ctx: Context, event: string, name: string, detail: Record<string, unknown> = {}) {
  ctx.cms.pluginStates.forget();
  ctx.waitUntil(ctx.responseCache.purge());
  ctx.waitUntil(emitPluginEvent(ctx, 'afterInvalidate', { ctx, event: 'plugins', tags: ['cms:everything'] }));
  recordEvent(ctx, {
    kind: 'security',
    event,
    requestId: ctx.requestId,
    userId: ctx.viewer.kind === 'user' ? ctx.viewer.id : null,
    detail: { plugin: name, ...detail },
  });
}

async function setStatus(ctx: Context, name: string, status: PluginStatus) {
  await drizzle(ctx.env.DB).update(plugins).set({ status, updatedAt: new Date() }).where(eq(plugins.name, name));
}

/** INACTIVE → ACTIVE. Every plugin it depends on must be active. */
export async function activatePlugin(ctx: Context, name: string): Promise<void> {
  const { plugin, row, all } = await rowOf(ctx, name);
  if (row.status === 'ACTIVE') return;
  if (row.status === 'UNINSTALLED') throw conflict(`Plugin "${name}" is uninstalled: install it first`);
  const off = Object.keys(plugin.dependencies ?? {}).filter(
    (dep) => !isCore(ctx.cms.plugins.find((p) => p.name === dep)) && all.get(dep) !== 'ACTIVE',
  );
  if (off.length) throw conflict(`Plugin "${name}" needs ${off.map((d) => `"${d}"`).join(', ')} active first`);
  await setStatus(ctx, name, 'ACTIVE');
  changed(ctx, 'plugin_activated', name);
}

/** The plugins of the config that depend on `name` and are in one of `states`. */
function dependents(ctx: Context, name: string, all: Map<string, PluginStatus>, states: PluginStatus[]): string[] {
  return ctx.cms.plugins
    .filter((p) => name in (p.dependencies ?? {}) && states.includes(all.get(p.name)!))
    .map((p) => p.name);
}

/** ACTIVE → INACTIVE; refused while an active plugin depends on it. */
export async function deactivatePlugin(ctx: Context, name: string): Promise<void> {
  const { row, all } = await rowOf(ctx, name);
  if (row.status !== 'ACTIVE') return;
  const needed = dependents(ctx, name, all, ['ACTIVE']);
  if (needed.length)
    throw conflict(`Plugin "${name}" can't be deactivated: ${needed.map((d) => `"${d}"`).join(', ')} depend on it`);
  await setStatus(ctx, name, 'INACTIVE');
  changed(ctx, 'plugin_deactivated', name);
}

/** UNINSTALLED → INACTIVE, with its migrations and default settings; `activatePlugin` then switches it on. */
export async function installPlugin(ctx: Context, name: string): Promise<void> {
  const { plugin, row } = await rowOf(ctx, name);
  if (row.status !== 'UNINSTALLED') throw conflict(`Plugin "${name}" is installed already`);
  await ctx.env.DB.batch(installStatements(ctx.env.DB, plugin, 'INACTIVE'));
  changed(ctx, 'plugin_installed', name);
}

/**
 * INACTIVE → UNINSTALLED: removes what the plugin kept (the items of its collections, its settings, the tables of its
 * own migrations) in one batch. Its row stays, as UNINSTALLED, so the next bootstrap does not install it again.
 * Refused while it is active (deactivate first) or another installed plugin depends on it.
 */
export async function uninstallPlugin(ctx: Context, name: string): Promise<void> {
  const { plugin, row, all } = await rowOf(ctx, name);
  if (row.status === 'UNINSTALLED') return;
  if (row.status === 'ACTIVE') throw conflict(`Plugin "${name}" is active: deactivate it first`);
  const needed = dependents(ctx, name, all, ['ACTIVE', 'INACTIVE']);
  if (needed.length)
    throw conflict(`Plugin "${name}" can't be uninstalled: ${needed.map((d) => `"${d}"`).join(', ')} depend on it`);
  const d1 = ctx.env.DB;
  const own = ctx.cms.collections.filter((c) => c.plugin === name);
  const applied = new Set(row.migrations ?? []);
  await d1.batch([
    ...own.flatMap((c) =>
      [...c.joinTables.values(), c.names.table].map((table) => d1.prepare(`delete from "${table}"`)),
    ),
    ...(plugin.migrations ?? [])
      .filter((m) => applied.has(m.name))
      .reverse()
      .flatMap((m) => m.down.map((sql) => d1.prepare(sql))),
    d1
      .prepare(
        `update cms_plugins set status = 'UNINSTALLED', settings = null, migrations = '[]', installed_at = null, updated_at = ? where name = ?`,
      )
      .bind(Date.now(), name),
  ]);
  changed(ctx, 'plugin_uninstalled', name);
}

/** Merges new values into an installed plugin's settings, each checked against its schema (VALIDATION_FAILED). */
export async function updatePluginSettings(ctx: Context, name: string, change: Record<string, unknown>): Promise<void> {
  const { plugin, row } = await rowOf(ctx, name);
  if (row.status === 'UNINSTALLED') throw conflict(`Plugin "${name}" is uninstalled: install it first`);
  const result = applySettings(plugin.settings, row.settings ?? defaultSettings(plugin.settings), change);
  if (result.errors) throw validationFailed(result.errors);
  await drizzle(ctx.env.DB)
    .update(plugins)
    .set({ settings: result.settings, updatedAt: new Date() })
    .where(eq(plugins.name, name));
  changed(ctx, 'plugin_settings_updated', name, { keys: Object.keys(change) });
}
