import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { type CompiledReads, createCompiledReads } from '../src/compiled/reads';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, warmUp } from './d1-counter';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

// Compiled reads in the pipeline (src/server/plugins/use-compiled-reads.ts), against the same worker with them off.
// On whatever COMPILED_READS says (the suite runs in compare mode, where the resolvers answer).
const compiled = createHandler(buildCms(fixture), { compiledReads: true });
const resolvers = createHandler(buildCms(fixture), { compiledReads: false });
let admin: Promise<{ headers: Record<string, string> }>;

/** A document through both handlers, as an admin (or anonymous), with the statements each ran. */
async function both(query: string, as: 'admin' | 'anonymous' = 'admin') {
  const headers = as === 'admin' ? (await (admin ??= signedIn('admin'))).headers : {};
  // The response cache would answer a repeat: each run sends a document of its own (a trailing comment).
  const unique = `${query} # ${crypto.randomUUID()}`;
  await warmUp(compiled, headers);
  await warmUp(resolvers, headers);
  const fast = await countedRun(compiled, unique, headers);
  const slow = await countedRun(resolvers, unique, headers);
  return { compiled: fast, resolvers: slow };
}

beforeAll(seedBlog);

describe('compiled reads in the pipeline', () => {
  it('answers a 3-level nested read with totalCount and two root fields in one statement, as the resolvers do', async () => {
    const query = `{ posts(first: 10, orderBy: [{createdAt: asc}]) { totalCount nodes { title author { name posts { totalCount nodes { title } } } tags { nodes { name } } } } tags(first: 2) { nodes { name } } }`;
    const run = await both(query);
    expect(run.compiled.body.data).toEqual(run.resolvers.body.data);
    expect(run.compiled.body.errors).toBeUndefined();
    // The same tags (in another order: the resolvers note them as they resolve), so the same invalidations.
    const tags = (body: any) => [...body.extensions.cache.tags].sort();
    expect(tags(run.compiled.body)).toEqual(tags(run.resolvers.body));
    expect(run.compiled.statements).toHaveLength(1);
    expect(run.resolvers.statements.length).toBeGreaterThan(1);
  });

  it('says which path ran in Server-Timing: a compiled step', async () => {
    const response = await compiled.fetch(
      new Request('http://cms.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'http://cms.test' },
        body: JSON.stringify({ query: `{ posts(first: 1) { nodes { id } } } # ${crypto.randomUUID()}` }),
      }),
      env,
    );
    expect(response.headers.get('server-timing')).toMatch(/(^|, )compiled;dur=/);
  });

  it('answers root fields the compiler leaves (plugin fields, the CMS’s own) through the resolvers, the rest compiled', async () => {
    for (const query of [
      `{ posts(first: 2, orderBy: [{createdAt: asc}]) { nodes { id title } } me { email } }`,
      `{ a: posts(first: 2) { nodes { id readingMinutes } } b: posts(first: 2) { nodes { id title } } }`,
      `{ posts(first: 1) { nodes { id } } __schema { queryType { name } } }`,
    ]) {
      const run = await both(query);
      expect(run.compiled.body.errors).toBeUndefined();
      expect(run.compiled.body).toEqual(run.resolvers.body);
    }
  });

  it('leaves a refused read to the resolvers, whose error it gets', async () => {
    const run = await both(`{ widgets { nodes { id } } posts(first: 1) { nodes { id } } }`, 'anonymous');
    expect(run.compiled.body).toEqual(run.resolvers.body);
    expect((run.compiled.body.errors as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('keeps the resolvers’ answer for arguments they refuse (page sizes, private fields, drafts)', async () => {
    for (const query of [
      `{ posts(first: 1000) { nodes { id } } }`,
      `{ authors(where: { email: { contains: "a" } }) { nodes { id } } }`,
      `{ posts(stage: DRAFT) { nodes { id } } }`,
      `{ posts(after: "not a cursor") { nodes { id } } }`,
    ]) {
      const run = await both(query, 'anonymous');
      expect(run.compiled.body).toEqual(run.resolvers.body);
      expect(run.compiled.body.errors?.length).toBe(1);
    }
  });

  /** SQLite's plan of an anonymous read's compiled statement (its parameters null). */
  async function planOf(query: string): Promise<string> {
    const { statements } = await both(query, 'anonymous').then((r) => r.compiled);
    const sql = statements[0]!;
    const count = Math.max(...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
    const plan = await env.DB.prepare(`explain query plan ${sql}`)
      .bind(...Array.from({ length: count }, () => null))
      .all<{ detail: string }>();
    return plan.results.map((row) => row.detail).join('\n');
  }

  it('reads an anonymous first page through the status index, as the resolvers do', async () => {
    const details = await planOf(`{ posts(first: 10) { nodes { title } } }`);
    expect(details).toMatch(/posts_status_created_at_idx/);
    expect(details).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  it("reads an author's latest posts (the reverse relation) through the relation's index, in order", async () => {
    const details = await planOf(`{ authors(first: 5) { nodes { name posts(first: 3) { nodes { title } } } } }`);
    // Not the status index, which walks every published post in order until three of the author's turn up.
    expect(details).toMatch(/SEARCH \S+ USING INDEX posts_author_id_status_idx \(author_id=\? AND status=\?\)/);
    expect(details).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});

describe('compiled reads and the cache', () => {
  it('a compiled answer is cached with the tags of what it holds: renaming a nested item invalidates it', async () => {
    const w = createHandler(buildCms(fixture), { compiledReads: true });
    const { headers } = await (admin ??= signedIn('admin'));
    const send = async (query: string, variables?: Record<string, unknown>) => {
      const response = await w.fetch(
        new Request('http://cms.test/graphql', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            origin: 'http://cms.test',
            ...headers,
          },
          body: JSON.stringify({ query, variables }),
        }),
        env,
      );
      return { status: response.headers.get('x-cache-status'), body: (await response.json()) as any };
    };
    const list = `{ posts(first: 10, orderBy: [{createdAt: asc}]) { nodes { id author { name } tags { nodes { name } } } } }`;
    const first = await send(list);
    expect(first.status).toBe('MISS');
    expect((await send(list)).status).toBe('HIT');
    await send(`mutation { updateAuthor(where: {id: "a2"}, data: {name: "Grace Hopper"}) { id } }`);
    const renamed = await send(list);
    expect(renamed.status).toBe('MISS');
    expect(renamed.body.data.posts.nodes.find((p: any) => p.id === 'p3').author.name).toBe('Grace Hopper');
    expect((await send(list)).status).toBe('HIT');
    await send(`mutation { updateTag(where: {id: "t1"}, data: {name: "GraphQL!"}) { id } }`);
    const retagged = await send(list);
    expect(retagged.status).toBe('MISS');
    expect(retagged.body.data.posts.nodes.find((p: any) => p.id === 'p1').tags.nodes.map((t: any) => t.name)).toContain(
      'GraphQL!',
    );
  });
});

describe('compare mode (COMPILED_READS=compare, the whole suite runs in it)', () => {
  const cms = buildCms(fixture);
  const send = async (handler: ReturnType<typeof createHandler>, query: string) => {
    const response = await handler.fetch(
      new Request('http://cms.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'http://cms.test' },
        body: JSON.stringify({ query }),
      }),
      { ...env, COMPILED_READS: 'compare' },
    );
    return (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: any }> };
  };

  it('answers with the resolvers, and fails a read whose compiled JSON differs, saying where', async () => {
    const real = createCompiledReads(cms);
    // A compiled read that gets one title wrong.
    const wrong: CompiledReads = {
      ...real,
      runDocument: async (request) => {
        const roots = await real.runDocument(request);
        for (const field of roots?.fields ?? [])
          if ('json' in field) field.json = field.json.replace('"Alpha"', '"Alpha!"');
        return roots;
      },
    };
    const query = `{ posts(orderBy: [{createdAt: asc}], first: 2) { nodes { title } } }`;
    expect(await send(createHandler(cms), query)).toMatchObject({
      data: { posts: { nodes: [{ title: 'Alpha' }, { title: 'Gamma' }] } },
    });
    const body = await send(createHandler(cms, { compiled: wrong }), `${query} # wrong`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'COMPILED_MISMATCH' });
    expect(body.errors?.[0]?.message).toMatch(
      /posts at character \d+: the resolvers wrote .*Alpha.*the compiled read .*Alpha!/,
    );
  });

  it('fails a compiled read whose tags miss one the resolvers collected', async () => {
    const real = createCompiledReads(cms);
    const untagged: CompiledReads = {
      ...real,
      runDocument: async (request) => {
        const roots = await real.runDocument(request);
        roots?.tags.delete('Author:a1');
        return roots;
      },
    };
    const body = await send(
      createHandler(cms, { compiled: untagged }),
      `{ posts(orderBy: [{createdAt: asc}], first: 1) { nodes { author { name } } } } # tags`,
    );
    expect(body.errors?.[0]?.message).toMatch(/tags missing: Author:a1/);
  });
});
