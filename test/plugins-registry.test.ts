import { describe, expect, it } from 'vitest';
import { defineConfig, definePlugin, type PluginDefinition } from '../src';
import { buildCms } from '../src/build';
import { resolvePlugins } from '../src/config/plugins';

const plugin = (name: string, extra: Partial<PluginDefinition> = {}) =>
  definePlugin({ name, version: '1.0.0', ...extra });
const build =
  (...plugins: PluginDefinition[]) =>
  () =>
    buildCms(defineConfig({ collections: [{ name: 'Post', fields: {} }], plugins }));

describe('the plugin registry', () => {
  it('sets plugins up with their dependencies first, keeping the config’s order otherwise', () => {
    const sorted = resolvePlugins([
      plugin('workflow', { dependencies: { auth: '^1.0.0', media: '>=1.2.0' } }),
      plugin('media', { version: '1.3.0', dependencies: { auth: '1.x' } }),
      plugin('seo'),
      plugin('auth', { version: '1.4.2' }),
    ]);
    expect(sorted.map((p) => p.name)).toEqual(['auth', 'media', 'workflow', 'seo']);
  });

  it.each([
    [
      [
        plugin('a', { dependencies: { b: '*' } }),
        plugin('b', { dependencies: { c: '*' } }),
        plugin('c', { dependencies: { a: '*' } }),
      ],
      /Plugin dependency cycle: a → b → c → a/,
    ],
    [
      [plugin('a', { dependencies: { ghost: '^1.0.0' } })],
      /Plugin "a" depends on "ghost", which is not in the config's plugins/,
    ],
    [[plugin('a', { dependencies: { b: '^2.0.0' } }), plugin('b')], /Plugin "a" needs b \^2.0.0, but b is 1.0.0/],
    [[plugin('a', { dependencies: { a: '*' } })], /Plugin "a" depends on itself/],
    [[plugin('a', { dependencies: { b: 'soon' } }), plugin('b')], /dependency b has an invalid range "soon"/],
    [[plugin('a'), plugin('a')], /Plugin "a" is listed twice/],
    [[plugin('Bad_Name')], /Plugin "Bad_Name": the name must be kebab-case/],
    [[plugin('a', { version: '1.0' })], /Plugin "a": version "1.0" is not a semantic version/],
    [[{ ...plugin('a'), hook: {} } as PluginDefinition], /Plugin "a": unknown key "hook"/],
    [
      [plugin('a', { envelop: [{ onRequest: () => {} } as never] })],
      /envelop hook "onRequest" can't be switched off with the plugin/,
    ],
    [
      [plugin('a', { settings: { mode: { type: 'select', options: [] } } })],
      /setting "mode" is a select without options/,
    ],
    [
      [plugin('a', { settings: { n: { type: 'integer', default: 5, min: 10 } } })],
      /the default of setting "n" must be at least 10/,
    ],
    [[plugin('a', { settings: { n: { type: 'colour' } as never } })], /setting "n" has an unknown type "colour"/],
  ])('refuses mistakes at build time, naming the plugin (%#)', (plugins, message) => {
    expect(build(...(plugins as PluginDefinition[]))).toThrow(message);
  });

  it('refuses hooks for a collection that does not exist, and fields on existing types that cannot be null', () => {
    expect(build(plugin('a', { hooks: { Page: { beforeCreate: () => {} } } }))).toThrow(
      /Plugin "a": hooks for unknown collection "Page"/,
    );
    const strict = plugin('a', {
      schema: (builder, api) =>
        builder.drizzleObjectField(api.type('Post'), 'score', (t: any) => t.int({ resolve: () => 1 })),
    });
    expect(build(strict)).toThrow(/Plugin "a": Post.score must be nullable/);
    expect(build(plugin('a', { schema: (_builder, api) => api.type('Page') }))).toThrow(
      /there is no collection "Page"/,
    );
  });

  it('a plugin’s collection or type clashing with another is a config error', () => {
    expect(build(plugin('a', { collections: [{ name: 'Post', fields: {} }] }))).toThrow(
      /Two collections are named "Post"/,
    );
    const clash = plugin('a', {
      schema: (builder) => void builder.objectRef('Post').implement({ fields: () => ({}) }),
    });
    expect(build(clash)).toThrow(/The GraphQL type name "Post" is taken twice/);
  });
});
