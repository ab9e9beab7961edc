import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { conflict, defineConfig, definePlugin, forbidden } from '../src';
import { userWithPassword } from './auth-helpers';
import { codes, testWorker } from './helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const order: string[] = [];

/** A plugin using every part of the API: a dependency, hooks, a field, middleware, its own table, settings. */
const audit = definePlugin({
  name: 'audit',
  version: '2.1.0',
  description: 'Counts the tags created while it is active.',
  dependencies: { 'reading-time': '^1.0.0' },
  settings: {
    suffix: { type: 'string', default: '!', maxLength: 3 },
    level: { type: 'select', options: ['low', 'high'], default: 'low' },
  },
  migrations: [
    {
      name: '0001_audit_log',
      up: ['create table plugin_audit_log (tag text not null)'],
      down: ['drop table plugin_audit_log'],
    },
  ],
  hooks: {
    Tag: {
      beforeCreate: [
        {
          priority: 20,
          handler: ({ data }) => {
            order.push('audit:20');
            return { ...data, name: `${data.name}!` };
          },
        },
        {
          priority: 5,
          handler: ({ data }) => {
            order.push('audit:5');
            return { ...data, name: String(data.name).trim() };
          },
        },
        {
          priority: 1,
          handler: ({ data }) => {
            if (String(data.name).includes('forbidden')) throw conflict('Tags may not say that');
          },
        },
      ],
      afterCreate: ({ ctx, item }) =>
        ctx.env.DB.prepare('insert into plugin_audit_log (tag) values (?)')
          .bind(item.id)
          .run()
          .then(() => undefined),
    },
  },
  schema(builder) {
    builder.queryField('auditCount', (t) =>
      t.int({
        nullable: true,
        resolve: async (_root, _args, ctx) =>
          (await ctx.env.DB.prepare('select count(*) as n from plugin_audit_log').first<{ n: number }>())!.n,
      }),
    );
  },
  envelop: [{ onResponse: ({ response }) => response.headers.set('X-Audited', 'yes') }],
});

const config = defineConfig({
  ...fixture,
  collections: fixture.collections.map((c) =>
    c.name === 'Tag'
      ? {
          ...c,
          hooks: {
            beforeCreate: {
              priority: 10,
              handler: ({ data }: any) => {
                order.push('tag:10');
                return { ...data, name: `${data.name}?` };
              },
            },
          },
        }
      : c,
  ),
  plugins: [audit, ...(fixture.plugins ?? [])],
});

beforeAll(async () => {
  await seedBlog();
});

describe('plugins through GraphQL', () => {
  const w = testWorker(config);

  it('are installed and active on the first start, core plugins and dependencies first, with their default settings', async () => {
    const { plugins } = await w.data(
      `{ plugins { name version status core dependencies settings collections installedAt } }`,
    );
    expect(plugins.map((p: any) => [p.name, p.status, p.core])).toEqual([
      ['auth', 'ACTIVE', true],
      ['cache', 'ACTIVE', true],
      ['reading-time', 'ACTIVE', false],
      ['audit', 'ACTIVE', false],
      ['faq', 'ACTIVE', false],
      ['database-tools', 'ACTIVE', false],
      ['workflow', 'ACTIVE', false],
      ['media', 'ACTIVE', false],
    ]);
    const byName = new Map(plugins.map((p: any) => [p.name, p]));
    expect(byName.get('audit')).toMatchObject({
      version: '2.1.0',
      dependencies: ['reading-time@^1.0.0'],
      settings: { suffix: '!', level: 'low' },
      collections: [],
    });
    expect((byName.get('reading-time') as any).collections).toEqual(['ReadingList']);
  });

  it('core plugins (auth, cache) are always on: plugins may depend on them, nobody switches them off or reuses their names', async () => {
    for (const mutation of ['deactivatePlugin', 'uninstallPlugin', 'installPlugin'])
      expect(codes((await w.gql(`mutation { ${mutation}(name: "auth") { status } }`)).body)).toEqual(['CONFLICT']);
    expect(
      codes((await w.gql(`mutation { updatePluginSettings(name: "cache", settings: {}) { status } }`)).body),
    ).toEqual(['CONFLICT']);
    const needsAuth = definePlugin({
      name: 'needs-auth',
      version: '1.0.0',
      dependencies: { auth: '^1.0.0', cache: '1.x' },
    });
    expect(() => testWorker(defineConfig({ ...config, plugins: [...config.plugins, needsAuth] }))).not.toThrow();
    expect(() =>
      testWorker(defineConfig({ ...config, plugins: [definePlugin({ name: 'cache', version: '1.0.0' })] })),
    ).toThrow(/Plugin "cache" has the name of a core plugin/);
  });

  it('hooks of plugins and collections run by priority, each transforming what the one before returned', async () => {
    order.length = 0;
    const { createTag } = await w.data(`mutation { createTag(data: { name: "  Chain  " }) { name } }`);
    expect(order).toEqual(['audit:5', 'tag:10', 'audit:20']);
    expect(createTag.name).toBe('Chain?!');
    expect((await w.data(`{ auditCount }`)).auditCount).toBe(1);
  });

  it('a rejecting hook aborts the write with its error, and nothing is written', async () => {
    const before = await env.DB.prepare('select count(*) as n from tags').first<{ n: number }>();
    const { body } = await w.gql(`mutation { createTag(data: { name: "forbidden word" }) { id } }`);
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0]!.message).toBe('Tags may not say that');
    expect(await env.DB.prepare('select count(*) as n from tags').first()).toEqual(before);
    expect((await w.data(`{ auditCount }`)).auditCount).toBe(1);
  });

  it('middleware acts while the plugin is active', async () => {
    expect((await w.gql(`{ __typename }`)).response.headers.get('x-audited')).toBe('yes');
  });

  it('a deactivated plugin stops acting at once: fields FORBIDDEN, hooks and middleware off, collections refused', async () => {
    expect(codes((await w.gql(`mutation { deactivatePlugin(name: "reading-time") { status } }`)).body)).toEqual([
      'CONFLICT',
    ]); // audit needs it
    expect((await w.data(`mutation { deactivatePlugin(name: "audit") { status } }`)).deactivatePlugin.status).toBe(
      'INACTIVE',
    );
    const field = await w.gql(`{ auditCount tags(first: 1) { totalCount } }`);
    expect([field.body.data?.auditCount, codes(field.body), field.body.errors![0]!.extensions!.plugin]).toEqual([
      null,
      ['FORBIDDEN'],
      'audit',
    ]);
    expect(field.body.data!.tags.totalCount).toBeGreaterThan(0); // the rest of the document is answered
    expect(field.response.headers.get('x-audited')).toBeNull();
    const { createTag } = await w.data(`mutation { createTag(data: { name: "Plain" }) { name } }`);
    expect(createTag.name).toBe('Plain?'); // only the collection's own hook

    expect(
      (await w.data(`mutation { deactivatePlugin(name: "reading-time") { status } }`)).deactivatePlugin.status,
    ).toBe('INACTIVE');
    const post = await w.gql(`{ post(where: { id: "p1" }) { title readingMinutes } }`);
    expect([post.body.data?.post, codes(post.body)]).toEqual([{ title: 'Alpha', readingMinutes: null }, ['FORBIDDEN']]);
    expect(codes((await w.gql(`mutation { createReadingList(data: { name: "Later" }) { id } }`)).body)).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes((await w.gql(`mutation { activatePlugin(name: "audit") { status } }`)).body)).toEqual(['CONFLICT']); // its dependency is off

    await w.data(`mutation { activatePlugin(name: "reading-time") { status } }`);
    await w.data(`mutation { activatePlugin(name: "audit") { status } }`);
    expect((await w.data(`{ post(where: { id: "p1" }) { readingMinutes } }`)).post.readingMinutes).toBe(1);
    expect((await w.gql(`{ __typename }`)).response.headers.get('x-audited')).toBe('yes');
  });

  it('settings are checked against the plugin’s schema; a good change is merged', async () => {
    const bad = await w.gql(
      `mutation { updatePluginSettings(name: "audit", settings: { suffix: "!!!!", level: "medium", colour: "red" }) { settings } }`,
    );
    expect(codes(bad.body)).toEqual(['VALIDATION_FAILED']);
    expect(bad.body.errors![0]!.extensions!.fieldErrors.map((e: any) => [e.path.join('.'), e.code])).toEqual([
      ['settings.suffix', 'INVALID'],
      ['settings.level', 'INVALID'],
      ['settings.colour', 'UNKNOWN_SETTING'],
    ]);
    const { updatePluginSettings } = await w.data(
      `mutation { updatePluginSettings(name: "audit", settings: { level: "high" }) { settings } }`,
    );
    expect(updatePluginSettings.settings).toEqual({ suffix: '!', level: 'high' });
  });

  it('install → activate → deactivate → uninstall leaves no residue, and a reinstall starts afresh', async () => {
    await w.data(`mutation { createReadingList(data: { name: "Keep" }) { id } }`);
    expect(codes((await w.gql(`mutation { uninstallPlugin(name: "audit") { status } }`)).body)).toEqual(['CONFLICT']); // active
    await w.data(`mutation { deactivatePlugin(name: "audit") { status } }`);
    expect(
      (await w.data(`mutation { uninstallPlugin(name: "audit") { status settings installedAt } }`)).uninstallPlugin,
    ).toEqual({ status: 'UNINSTALLED', settings: null, installedAt: null });
    const table = await env.DB.prepare(`select name from sqlite_master where name = 'plugin_audit_log'`).first();
    expect(table).toBeNull();
    // reading-time: its reading lists and their links to posts go with it
    await w.data(`mutation { deactivatePlugin(name: "reading-time") { status } }`);
    await w.data(`mutation { uninstallPlugin(name: "reading-time") { status } }`);
    for (const t of ['reading_lists', 'reading_lists_posts'])
      expect(await env.DB.prepare(`select count(*) as n from ${t}`).first()).toEqual({ n: 0 });
    expect(codes((await w.gql(`mutation { activatePlugin(name: "audit") { status } }`)).body)).toEqual(['CONFLICT']); // install first

    // A new isolate's bootstrap does not bring it back.
    expect((await testWorker(config).data(`{ plugin(name: "audit") { status } }`)).plugin.status).toBe('UNINSTALLED');
    await w.data(`mutation { installPlugin(name: "reading-time") { status } }`);
    expect((await w.data(`mutation { installPlugin(name: "audit") { status settings } }`)).installPlugin).toEqual({
      status: 'INACTIVE',
      settings: { suffix: '!', level: 'low' },
    });
    await w.data(`mutation { activatePlugin(name: "reading-time") { status } }`);
    await w.data(`mutation { activatePlugin(name: "audit") { status } }`);
    expect((await w.data(`{ auditCount }`)).auditCount).toBe(0);
  });

  it('are for admins only', async () => {
    const editor = testWorker(config, { as: 'editor' });
    expect(codes((await editor.gql(`{ plugins { name } }`)).body)).toEqual(['FORBIDDEN']);
    expect(codes((await editor.gql(`mutation { deactivatePlugin(name: "audit") { status } }`)).body)).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      codes(
        (await testWorker(config, { as: 'anonymous' }).gql(`mutation { installPlugin(name: "audit") { status } }`))
          .body,
      ),
    ).toEqual(['UNAUTHENTICATED']);
    expect(codes((await testWorker(config).gql(`mutation { activatePlugin(name: "nope") { status } }`)).body)).toEqual([
      'NOT_FOUND',
    ]);
  });
});

describe('event hooks and the hook time budget', () => {
  const seen: string[] = [];
  const watcher = definePlugin({
    name: 'watcher',
    version: '1.0.0',
    events: {
      beforeLogin: ({ email }) => {
        if (email.startsWith('blocked')) throw forbidden('Sign-in is closed for this account');
      },
      afterLogin: ({ user }) => void seen.push(`login:${user.role}`),
      afterInvalidate: {
        priority: 5,
        handler: ({ event, tags }) => void seen.push(`invalidate:${event}:${tags.includes('TagConnection')}`),
      },
      requestStart: () => void seen.push('start'),
      requestEnd: ({ errors }) => void seen.push(`end:${errors}`),
    },
    hooks: {
      Tag: {
        beforeUpdate: {
          name: 'watcher.slowCheck',
          handler: () => new Promise<void>((resolve) => setTimeout(resolve, 60)),
        },
      },
    },
  });
  const watched = defineConfig({ ...config, plugins: [...config.plugins, watcher], logging: { hookBudgetMs: 20 } });

  it('sign-in hooks can refuse or observe; invalidation and request hooks observe', async () => {
    const w = testWorker(watched, { as: 'anonymous' });
    const blocked = await userWithPassword('editor', { email: `blocked-${Date.now()}@example.com` });
    const refused = await w.gql(`mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: blocked.email,
      p: blocked.password,
    });
    expect([codes(refused.body), refused.body.errors![0]!.message]).toEqual([
      ['FORBIDDEN'],
      'Sign-in is closed for this account',
    ]);
    const ok = await userWithPassword('editor');
    seen.length = 0;
    await w.gql(`mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: ok.email,
      p: ok.password,
    });
    expect(seen).toEqual(['start', 'login:editor', 'end:0']);
    seen.length = 0;
    await testWorker(watched).data(`mutation { createTag(data: { name: "Watched" }) { id } }`);
    await new Promise((resolve) => setTimeout(resolve, 20)); // after hooks outlive the response
    expect(seen[0]).toBe('start');
    expect(seen.slice(1).sort()).toEqual(['end:0', 'invalidate:create:true']); // both after the response, in either order
  });

  it('a handler over its time budget is logged with the hook and handler names, and still completes', async () => {
    const w = testWorker(watched);
    const { updateTag } = await w.data(
      `mutation { updateTag(where: { id: "t4" }, data: { name: "Slowly" }) { name } }`,
    );
    expect(updateTag.name).toBe('Slowly');
    let row: Record<string, unknown> | null = null;
    for (let i = 0; i < 50 && !row; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      row = await env.DB.prepare(
        `select kind, detail, duration_ms as ms from cms_event_log where event = 'hook_over_budget' order by id desc`,
      ).first();
    }
    expect(row).toMatchObject({ kind: 'slow' });
    expect(JSON.parse(String(row!.detail))).toEqual({
      hook: 'Tag.beforeUpdate',
      handler: 'watcher.slowCheck',
      budgetMs: 20,
    });
    expect(Number(row!.ms)).toBeGreaterThanOrEqual(50);
  });

  it('unknown event hooks are config errors', () => {
    expect(() =>
      testWorker(
        defineConfig({
          ...config,
          plugins: [
            ...config.plugins,
            definePlugin({ name: 'x', version: '1.0.0', events: { onLogin: () => {} } as never }),
          ],
        }),
      ),
    ).toThrow(/Plugin "x": unknown event hook "onLogin"/);
  });
});
