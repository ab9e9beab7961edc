// D1 read replication through the Sessions API (src/server/d1-session.ts). Locally D1 has no replicas: these tests
// prove the plumbing — which session each statement runs on, the bookmark leaving in `X-D1-Bookmark` and coming back,
// a bookmark skipping the cache, hostile headers handled — not a replica's lag, which only production shows.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { isolate } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const cms = buildCms(fixture);
let admin: Record<string, string>;

/**
 * The real binding, recording the constraint or bookmark of every session a request starts and the SQL each session
 * (`[constraint] sql`) and the binding itself (`[binding] sql`) prepare.
 */
function recordingSessions() {
  const constraints: string[] = [];
  const prepared: string[] = [];
  const preparing = <T extends D1Database | D1DatabaseSession>(binding: T, label: string): T =>
    new Proxy(binding, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === 'prepare')
          return (sql: string) => {
            prepared.push(`[${label}] ${sql}`);
            return value.call(target, sql);
          };
        if (key === 'withSession')
          return (constraint: string) => {
            constraints.push(constraint);
            return preparing(value.call(target, constraint), constraint);
          };
        return value.bind(target);
      },
    });
  return { constraints, prepared, bindings: { DB: preparing(env.DB, 'binding') } };
}

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('X-D1-Bookmark', () => {
  it('comes back on reads and writes', async () => {
    const request = isolate(cms);
    const read = await request(`{ tags { nodes { name } } }`, admin);
    expect(read.header('x-d1-bookmark')).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
    const write = await request(
      `mutation { updateTag(where: { id: "t3" }, data: { name: "Drizzle ORM" }) { name } }`,
      admin,
    );
    expect(write.body.data.updateTag.name).toBe('Drizzle ORM');
    expect(write.header('x-d1-bookmark')).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
  });

  it("round-trips: a write's bookmark sent with the next read returns the written data", async () => {
    const handler = createHandler(cms);
    const warm = isolate(cms, handler);
    const query = `{ tag(where: { id: "t4" }) { name } }`;
    const before = (await warm(query)).body.data.tag.name;
    const write = await warm(
      `mutation { updateTag(where: { id: "t4" }, data: { name: "Read your writes" }) { name } }`,
      admin,
    );
    const bookmark = write.header('x-d1-bookmark');
    expect(bookmark).toBeTruthy();
    const { constraints, bindings } = recordingSessions();
    const read = await isolate(cms, handler, { bindings })(query, { 'x-d1-bookmark': bookmark! });
    expect([before, read.body.data.tag.name]).toEqual([
      expect.not.stringMatching('Read your writes'),
      'Read your writes',
    ]);
    // The read started its session at the client's bookmark, and skipped the cache (an entry may predate the write).
    expect(constraints).toEqual([bookmark]);
    expect(read.status).toBe('BYPASS');
    expect(read.header('x-d1-bookmark')).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
  });

  it('a mutation runs on the primary; a signed-in read may go to a replica; a read for the cache stays on the primary', async () => {
    const handler = createHandler(cms);
    const mutation = recordingSessions();
    await isolate(cms, handler, { bindings: mutation.bindings })(
      `mutation { updateTag(where: { id: "t1" }, data: { name: "GraphQL" }) { name } }`,
      admin,
    );
    expect(mutation.constraints).toEqual(['first-primary']);
    const signedInRead = recordingSessions();
    const uncached = await isolate(cms, handler, { bindings: signedInRead.bindings })(
      `{ me { email } posts { totalCount } }`,
      admin,
    );
    expect(uncached.body.errors).toBeUndefined();
    expect(signedInRead.constraints).toEqual(['first-unconstrained']);
    // A miss whose answer goes into the shared cache reads the primary: a lagging replica must not refill an entry a
    // write just invalidated.
    const anonymous = recordingSessions();
    const miss = await isolate(cms, handler, { bindings: anonymous.bindings })(`{ tag(where: { id: "t1" }) { name } }`);
    expect([miss.status, miss.body.data.tag.name]).toEqual(['MISS', 'GraphQL']);
    expect(anonymous.constraints).toEqual(['first-primary']);
  });

  it("reads a user's role matrix and the token's session from the primary, the content from the read session", async () => {
    const editor = (await signedIn('editor')).headers;
    const { constraints, prepared, bindings } = recordingSessions();
    const result = await isolate(cms, createHandler(cms), { bindings })(
      `{ me { email } posts { totalCount } }`,
      editor,
    );
    expect(result.body.errors).toBeUndefined();
    expect(constraints).toEqual(['first-unconstrained']);
    const matrix = prepared.filter((sql) => /from "cms_permissions"/i.test(sql));
    expect(matrix.length).toBeGreaterThan(0);
    expect(matrix.every((sql) => sql.startsWith('[binding]'))).toBe(true);
    expect(prepared.some((sql) => sql.startsWith('[first-unconstrained]') && /from "posts"/i.test(sql))).toBe(true);
  });

  it('ignores a malformed or huge bookmark: no 5xx, no session at it, and the cache answers as without it', async () => {
    const handler = createHandler(cms);
    const request = isolate(cms, handler);
    const query = `{ tag(where: { id: "t2" }) { name } }`;
    const stored = await request(query);
    const hostile = [
      'x'.repeat(10_000),
      `${'0'.repeat(8)}-${'f'.repeat(300)}`,
      "00000001-00000002'; drop table posts; --",
      'first-primary',
      'first-unconstrained',
      '../../etc/passwd',
      '00000001-0000000g',
      '-',
    ];
    for (const value of hostile) {
      const { constraints, bindings } = recordingSessions();
      const result = await isolate(cms, handler, { bindings })(query, { 'x-d1-bookmark': value });
      expect(result.response.status).toBe(200);
      expect(result.body.data).toEqual(stored.body.data);
      expect(result.status).toBe('HIT');
      expect(constraints).toEqual([]);
      expect(result.header('x-d1-bookmark')).not.toBe(value);
    }
  });

  it('a well-formed bookmark D1 does not know is answered without a 5xx or a leak', async () => {
    const result = await isolate(cms)(`{ tags { totalCount } }`, {
      ...admin,
      'x-d1-bookmark': 'ffffffff-ffffffff-ffffffff-0',
    });
    expect(result.response.status).toBeLessThan(500);
    expect(JSON.stringify(result.body)).not.toMatch(/D1_|sqlite|stack/i);
    expect(result.body.data).toEqual({ tags: { totalCount: 4 } });
  });

  it('may be sent and read cross-origin', async () => {
    const response = await createHandler(cms).fetch(
      new Request('http://cms.test/graphql', {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-d1-bookmark',
        },
      }),
      { ...env, ENVIRONMENT: 'development' } as Env,
    );
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-d1-bookmark');
    const read = await isolate(cms)(`{ tags { totalCount } }`, { origin: 'http://localhost:5173' });
    expect(read.header('access-control-expose-headers')?.toLowerCase()).toContain('x-d1-bookmark');
  });
});
