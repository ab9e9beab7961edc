import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BootstrapOptions } from '../src/bootstrap/bootstrap';
import { statementsOf } from '../src/bootstrap/migrate';
import { buildCms } from '../src/build';
import { type CmsConfig, defineCollection, defineConfig, text } from '../src';
import { createHandler } from '../src/server/handler';
import fixture from './fixtures/config';

/** A fresh isolate's handler (its own bootstrap) for a config and bootstrap options, under an ENVIRONMENT. */
function isolate(
  options: BootstrapOptions = {},
  config: CmsConfig = fixture,
  bindings: Record<string, string | undefined> = {},
) {
  const handler = createHandler(buildCms(config), options);
  const environment = { ...env, ...bindings } as Env;
  return (query = '{ __typename }', path = '/graphql') =>
    handler.fetch(
      new Request(new URL(path, 'http://cms.test'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
      }),
      environment,
    );
}

const tableExists = async (name: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .bind(name)
    .first<{ n: number }>())!.n === 1;
const timesApplied = async (name: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM d1_migrations WHERE name = ?').bind(name).first<{ n: number }>())!.n;

describe('bootstrap: migrations', () => {
  it('applies a pending migration once, records it like wrangler, and never again in another isolate', async () => {
    const migrations = [
      {
        name: '9001_probe.sql',
        sql: '-- a probe\nCREATE TABLE `probe_items` (\n\t`id` text PRIMARY KEY\n);\nCREATE INDEX `probe_items_id_idx` ON `probe_items` (`id`);\n',
      },
    ];
    expect(await tableExists('probe_items')).toBe(false);
    // Concurrent first requests share one bootstrap: a second run would fail on CREATE TABLE and answer 503.
    const first = isolate({ migrations });
    const responses = await Promise.all(Array.from({ length: 8 }, () => first()));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await tableExists('probe_items')).toBe(true);
    expect(await timesApplied('9001_probe.sql')).toBe(1);
    expect((await isolate({ migrations })()).status).toBe(200);
    expect(await timesApplied('9001_probe.sql')).toBe(1);
  });

  it('rolls a failing migration back whole, reports it, and retries on the next request', async () => {
    await env.DB.prepare('CREATE TABLE probe_conflict (id text)').run();
    const migrations = [
      {
        name: '9002_conflict.sql',
        sql: 'CREATE TABLE `probe_partial` (`id` text);\nCREATE TABLE `probe_conflict` (`id` text);\n',
      },
    ];
    const request = isolate({ migrations });
    const failed = await request();
    expect(failed.status).toBe(503);
    const body = (await failed.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(body.errors[0]!.message).toContain('9002_conflict.sql');
    // Nothing of the failed migration stayed: its first statement was rolled back with the failing one.
    expect(await tableExists('probe_partial')).toBe(false);
    expect(await timesApplied('9002_conflict.sql')).toBe(0);

    await env.DB.prepare('DROP TABLE probe_conflict').run();
    expect((await request()).status).toBe(200);
    expect(await tableExists('probe_partial')).toBe(true);
    expect(await timesApplied('9002_conflict.sql')).toBe(1);
  });

  it('splits a generated migration into its statements', () => {
    expect(statementsOf('-- header\nCREATE TABLE `a` (\n\t`id` text\n);\nCREATE INDEX `i` ON `a` (`id`);\n')).toEqual([
      'CREATE TABLE `a` (\n\t`id` text\n)',
      'CREATE INDEX `i` ON `a` (`id`)',
    ]);
  });
});

describe('bootstrap: the model against the database', () => {
  const note = defineCollection({ name: 'Note', fields: { body: text() } });
  const ahead = defineConfig({ ...fixture, collections: [...fixture.collections, note] });

  it('refuses to serve a collection no migration created, and says what to run', async () => {
    const response = await isolate({}, ahead)();
    expect(response.status).toBe(503);
    const { errors } = (await response.json()) as { errors: Array<{ message: string }> };
    expect(errors[0]!.message).toMatch(/table "notes" \(collection Note\)/);
    expect(errors[0]!.message).toContain('npm run db:generate');
  });

  it('names a missing column', async () => {
    const tagWithColour = {
      ...fixture.collections.find((c) => c.name === 'Tag')!,
      fields: { ...fixture.collections.find((c) => c.name === 'Tag')!.fields, colour: text() },
    };
    const config = defineConfig({
      ...fixture,
      collections: fixture.collections.map((c) => (c.name === 'Tag' ? tagWithColour : c)),
    });
    const { errors } = (await (await isolate({}, config)()).json()) as { errors: Array<{ message: string }> };
    expect(errors[0]!.message).toMatch(/column "tags\.colour" \(collection Tag\)/);
  });

  it('keeps the reason out of production responses', async () => {
    const response = await isolate({}, ahead, { ENVIRONMENT: 'production' })();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toMatch(/notes|db:generate|table/);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('does not hold up /health', async () => {
    const response = await isolate({}, ahead)('', '/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('bootstrap: once per isolate', () => {
  it('runs its steps once for concurrent first requests and not again', async () => {
    let runs = 0;
    const request = isolate({ steps: [async () => void runs++] });
    await Promise.all(Array.from({ length: 10 }, () => request()));
    await request();
    expect(runs).toBe(1);
  });

  it('reports a failing step to every waiting request, then retries', async () => {
    let runs = 0;
    const request = isolate({
      steps: [
        async () => {
          if (++runs === 1) throw new Error('the admin could not be created');
        },
      ],
    });
    const statuses = (await Promise.all([request(), request(), request()])).map((r) => r.status);
    expect(statuses).toEqual([503, 503, 503]);
    expect((await request()).status).toBe(200);
    expect(runs).toBe(2);
  });
});

describe('bootstrap: the production profile', () => {
  const production = { ENVIRONMENT: 'production' };
  it.each([
    ['the development JWT secret', { JWT_SECRET: 'dev-only-insecure-jwt-secret-do-not-use-in-production' }],
    ['a short JWT secret', { JWT_SECRET: 'too-short' }],
    ['no JWT secret', { JWT_SECRET: undefined }],
    ['the development admin password', { ADMIN_PASSWORD: 'admin-dev-password' }],
  ])('refuses to start with %s', async (_, bindings) => {
    const response = await isolate({}, fixture, { ...production, ...bindings })();
    expect(response.status).toBe(503);
  });

  it('starts with real secrets, and development accepts the defaults', async () => {
    expect(
      (
        await isolate({}, fixture, {
          ...production,
          JWT_SECRET: 'x'.repeat(40),
          ADMIN_PASSWORD: 'a-real-long-password',
        })()
      ).status,
    ).toBe(200);
    expect(
      (await isolate({}, fixture, { ENVIRONMENT: 'development', ADMIN_PASSWORD: 'admin-dev-password' })()).status,
    ).toBe(200);
  });
});

describe('bootstrap: the first admin', () => {
  it('is created from ADMIN_EMAIL and ADMIN_PASSWORD, once, and can sign in', async () => {
    const admins = async () =>
      (await env.DB.prepare(`SELECT email FROM cms_users WHERE role = 'admin'`).all<{ email: string }>()).results;
    const request = isolate();
    await Promise.all([request(), request(), request()]);
    expect(await admins()).toEqual([{ email: env.ADMIN_EMAIL }]);
    await isolate()(); // another isolate finds it and adds none
    expect(await admins()).toHaveLength(1);
    const login = await request(
      `mutation { login(email: "${env.ADMIN_EMAIL}", password: "${env.ADMIN_PASSWORD}") { user { email role } } }`,
    );
    expect(((await login.json()) as any).data.login.user).toEqual({ email: env.ADMIN_EMAIL, role: 'admin' });
  });

  it('refuses to start without a way to create one', async () => {
    await env.DB.prepare(`UPDATE cms_users SET role = 'editor' WHERE role = 'admin'`).run();
    try {
      const response = await isolate({}, fixture, { ADMIN_PASSWORD: undefined })();
      expect(response.status).toBe(503);
      expect(((await response.json()) as any).errors[0].message).toContain('ADMIN_PASSWORD');
    } finally {
      await env.DB.prepare(`UPDATE cms_users SET role = 'admin' WHERE email = ?`).bind(env.ADMIN_EMAIL).run();
    }
  });
});
