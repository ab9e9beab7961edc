import { drizzle } from 'drizzle-orm/d1';
import { requireAdmin } from '../auth/require';
import type { Context } from '../types/context';
import { notFound, validationFailed } from '../errors';
import { isCore } from '../config/core';
import type { PluginDefinition } from '../types/plugin';
import {
  activatePlugin,
  deactivatePlugin,
  installPlugin,
  uninstallPlugin,
  updatePluginSettings,
} from '../plugins/lifecycle';
import type { PluginRow } from '../plugins/state';
import { plugins as pluginTable } from '../system/tables';
import type { Builder } from '../types/builder';

interface PluginView {
  def: PluginDefinition;
  row?: PluginRow;
}

/** Reads the plugins' rows (never cached: the answer must reflect a change made a moment ago). */
async function views(ctx: Context, defs: readonly PluginDefinition[]): Promise<PluginView[]> {
  requireAdmin(ctx);
  const rows = new Map(
    (await drizzle(ctx.env.DB).select().from(pluginTable)).map((row) => [row.name, row as PluginRow]),
  );
  return defs.map((def) => ({ def, row: rows.get(def.name) }));
}

/** `plugins`, `plugin(name)` and the lifecycle mutations: what admins see and switch of the config's plugins. */
export function createPluginSchema(builder: Builder, defs: readonly PluginDefinition[]) {
  const status = builder.enumType('PluginStatus', {
    description:
      'ACTIVE: its hooks, middleware and fields act. INACTIVE: installed, switched off. UNINSTALLED: its data removed.',
    values: ['ACTIVE', 'INACTIVE', 'UNINSTALLED'] as const,
  });
  const plugin = builder.objectRef<PluginView>('CmsPlugin').implement({
    description: 'A CMS plugin of the config, and where it stands.',
    fields: (t) => ({
      name: t.string({ resolve: (p) => p.def.name }),
      version: t.string({ resolve: (p) => p.def.version }),
      description: t.string({ nullable: true, resolve: (p) => p.def.description ?? null }),
      status: t.field({ type: status, resolve: (p) => (isCore(p.def) ? 'ACTIVE' : (p.row?.status ?? 'UNINSTALLED')) }),
      core: t.boolean({
        description: 'A built-in feature’s plugin (auth, cache): always active, never switched off.',
        resolve: (p) => isCore(p.def),
      }),
      dependencies: t.stringList({
        description: 'The plugins it needs, as `name@range`.',
        resolve: (p) => Object.entries(p.def.dependencies ?? {}).map(([n, r]) => `${n}@${r}`),
      }),
      collections: t.stringList({
        description: 'The type names of the collections it brings.',
        resolve: (p) => (p.def.collections ?? []).map((c) => c.name),
      }),
      settings: t.field({
        type: 'JSON',
        nullable: true,
        description: 'Its current settings (null when uninstalled).',
        resolve: (p) => p.row?.settings ?? null,
      }),
      settingsSchema: t.field({
        type: 'JSON',
        description: 'What each setting may hold: type, default, bounds.',
        resolve: (p) => p.def.settings ?? {},
      }),
      installedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.row?.installedAt ?? null }),
      updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.row?.updatedAt ?? null }),
    }),
  });
  const one = async (ctx: Context, name: string) => {
    const found = (await views(ctx, defs)).find((p) => p.def.name === name);
    if (!found) throw notFound(`Plugin "${name}"`);
    return found;
  };
  builder.queryFields((t) => ({
    plugins: t.field({
      type: [plugin],
      description: 'The config’s plugins, dependencies first. Admins only.',
      resolve: (_r, _a, ctx: Context) => views(ctx, defs),
    }),
    plugin: t.field({
      type: plugin,
      nullable: true,
      description: 'One plugin by name. Admins only.',
      args: { name: t.arg.string({ required: true }) },
      resolve: async (_r, args, ctx: Context) => (await views(ctx, defs)).find((p) => p.def.name === args.name) ?? null,
    }),
  }));
  const lifecycle = {
    activatePlugin: [
      'Switches an installed plugin on; the plugins it needs must be active. Admins only.',
      activatePlugin,
    ],
    deactivatePlugin: [
      'Switches a plugin off: its hooks, middleware and fields stop acting at once. Refused while an active plugin needs it. Admins only.',
      deactivatePlugin,
    ],
    installPlugin: [
      'Installs an uninstalled plugin (its migrations, default settings), inactive. Admins only.',
      installPlugin,
    ],
    uninstallPlugin: [
      'Removes an inactive plugin’s data: its collections’ items, settings and tables. Admins only.',
      uninstallPlugin,
    ],
  } as const;
  builder.mutationFields((t) => ({
    ...Object.fromEntries(
      Object.entries(lifecycle).map(([field, [description, run]]) => [
        field,
        t.field({
          type: plugin,
          description,
          args: { name: t.arg.string({ required: true }) },
          resolve: async (_r, args, ctx: Context) => {
            requireAdmin(ctx);
            await run(ctx, args.name);
            return one(ctx, args.name);
          },
        }),
      ]),
    ),
    updatePluginSettings: t.field({
      type: plugin,
      description: 'Merges values into a plugin’s settings; each is checked against its settings schema. Admins only.',
      args: { name: t.arg.string({ required: true }), settings: t.arg({ type: 'JSON', required: true }) },
      resolve: async (_r, args, ctx: Context) => {
        requireAdmin(ctx);
        const settings = args.settings;
        if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw badSettings();
        await updatePluginSettings(ctx, args.name, settings as Record<string, unknown>);
        return one(ctx, args.name);
      },
    }),
  }));
}

const badSettings = () =>
  validationFailed([{ path: ['settings'], code: 'INVALID', message: 'settings must be an object of values by name' }]);
