import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CollectionDefinition, CollectionHooks } from '../src';
import { badUserInput, conflict, defineConfig, forbidden } from '../src';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';

const log: unknown[][] = [];
let seq = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;
const count = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;
const named = (data: Record<string, unknown>, prefix: string) =>
  typeof data.name === 'string' && data.name.startsWith(prefix);

const tagHooks: CollectionHooks = {
  beforeCreate: [
    // Registered out of order on purpose: priority decides, then registration order.
    {
      priority: 20,
      handler: ({ data }) => (named(data, 'chain') ? { ...data, name: `${data.name}-second` } : undefined),
    },
    ({ data }) => {
      if (named(data, 'reject')) throw forbidden('Tags may not be called that');
      if (named(data, 'invalid')) return { ...data, name: 'x'.repeat(61) };
      if (named(data, 'chain')) return { ...data, name: `${data.name}-third` };
    },
    {
      priority: 10,
      name: 'first',
      handler: ({ data }) => (named(data, 'chain') ? { ...data, name: `${data.name}-first` } : undefined),
    },
  ],
  afterCreate: ({ item }) => void log.push(['afterCreate', item.id, item.name, item.version, item.status]),
  beforeUpdate: ({ data, previous }) => {
    if (data.name === 'reject') throw badUserInput('Renaming to "reject" is not allowed');
    if (data.slug === 'from-previous') return { ...data, slug: `${previous.slug}-renamed` };
  },
  afterUpdate: ({ item, previous }) =>
    void log.push(['afterUpdate', item.id, previous.version, item.version, item.name]),
  beforeDelete: ({ item }) => {
    if (String(item.name).startsWith('keep')) throw conflict('This tag is kept');
    log.push(['beforeDelete', item.id]);
  },
  afterDelete: ({ item }) => void log.push(['afterDelete', item.id, item.name]),
  beforePublish: ({ item, publish, at }) => {
    if (publish && String(item.name).startsWith('private')) throw forbidden('Private tags are never published');
    log.push(['beforePublish', item.id, publish, at]);
  },
  afterPublish: ({ item, publish }) => void log.push(['afterPublish', item.id, publish, item.status, item.version]),
};

const postHooks: CollectionHooks = {
  // Per item in bulk updates: each post gets its own excerpt from its own previous title.
  beforeUpdate: ({ data, previous }) =>
    data.excerpt === 'from-title' ? { ...data, excerpt: `was: ${previous.title}` } : undefined,
};

const widgetHooks: CollectionHooks = {
  // Gives each widget of a bulk update its own code (kept in its notes), e.g. to swap two codes.
  beforeUpdate: ({ data, previous }) => (data.code === 'NOT-123' ? { ...data, code: previous.notes } : undefined),
};

const hooks: Record<string, CollectionHooks> = { Tag: tagHooks, Post: postHooks, Widget: widgetHooks };
// The fixture's collections with hooks added: the tables are the fixture's own.
const config = defineConfig({
  ...fixture,
  collections: fixture.collections.map((c: CollectionDefinition) =>
    hooks[c.name] ? { ...c, hooks: hooks[c.name] } : c,
  ),
});
const w = testWorker(config);

beforeEach(() => {
  log.length = 0;
});

describe('create hooks', () => {
  it('run before-hooks in priority order, each transforming the data', async () => {
    const name = unique('chain');
    const d = await w.data(`mutation($name: String!) { createTag(data: {name: $name}) { id name slug } }`, { name });
    expect(d.createTag.name).toBe(`${name}-first-second-third`);
    // The slug is derived from what the hooks produced.
    expect(d.createTag.slug).toBe(`${name}-first-second-third`);
  });

  it('validate what a hook returns', async () => {
    const before = await count('tags');
    const { body } = await w.gql(`mutation($name: String!) { createTag(data: {name: $name}) { id } }`, {
      name: unique('invalid'),
    });
    expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'name'], code: 'TOO_LONG' }),
    ]);
    expect(await count('tags')).toBe(before);
  });

  it('a throwing before-hook aborts with its own error and writes nothing', async () => {
    const before = await count('tags');
    const { body } = await w.gql(`mutation($name: String!) { createTag(data: {name: $name}) { id } }`, {
      name: unique('reject'),
    });
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(body.errors![0]!.message).toBe('Tags may not be called that');
    expect(await count('tags')).toBe(before);
    expect(log).toEqual([]);
  });

  it('a rejection of one item aborts a whole bulk create', async () => {
    const before = await count('tags');
    const { body } = await w.gql(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id } }`, {
      data: [{ name: unique('fine') }, { name: unique('reject') }],
    });
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(await count('tags')).toBe(before);
    expect(log).toEqual([]);
  });

  it('after-hooks see each stored item, once per item in bulk', async () => {
    const names = [unique('after a '), unique('after b ')];
    const d = await w.data(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id } }`, {
      data: names.map((name) => ({ name })),
    });
    expect(log).toEqual(d.createTags.map((t: any, i: number) => ['afterCreate', t.id, names[i], 1, 'DRAFT']));
  });
});

describe('update hooks', () => {
  it('see the previous item and may rewrite the data', async () => {
    const { createTag } = await w.data(`mutation($name: String!) { createTag(data: {name: $name}) { id slug } }`, {
      name: unique('Renamable '),
    });
    log.length = 0;
    const d = await w.data(
      `mutation($id: ID!) { updateTag(where: {id: $id}, data: {slug: "from-previous"}) { slug version } }`,
      { id: createTag.id },
    );
    expect(d.updateTag).toEqual({ slug: `${createTag.slug}-renamed`, version: 2 });
    expect(log).toEqual([['afterUpdate', createTag.id, 1, 2, expect.any(String)]]);
  });

  it('a throwing beforeUpdate writes nothing', async () => {
    const name = unique('Stays ');
    const { createTag } = await w.data(`mutation($name: String!) { createTag(data: {name: $name}) { id } }`, { name });
    log.length = 0;
    const { body } = await w.gql(`mutation($id: ID!) { updateTag(where: {id: $id}, data: {name: "reject"}) { id } }`, {
      id: createTag.id,
    });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(await env.DB.prepare('select name, version from tags where id = ?').bind(createTag.id).first()).toEqual({
      name,
      version: 1,
    });
    expect(log).toEqual([]);
  });

  it('run per item in a bulk update', async () => {
    const marker = unique('per-item-');
    const titles = [unique('First '), unique('Second ')];
    await w.data(`mutation($data: [PostCreateInput!]!) { createPosts(data: $data) { id } }`, {
      data: titles.map((title) => ({ title, excerpt: marker })),
    });
    const d = await w.data(
      `mutation($m: String!) { updatePosts(where: {excerpt: {equals: $m}}, data: {excerpt: "from-title"}) { count } }`,
      { m: marker },
    );
    expect(d.updatePosts.count).toBe(2);
    const rows = await env.DB.prepare('select excerpt, version from posts where title in (?, ?) order by title')
      .bind(...titles)
      .all();
    expect(rows.results).toEqual(titles.map((t) => ({ excerpt: `was: ${t}`, version: 2 })));
  });
});

describe('delete hooks', () => {
  it('run before and after, and a rejection keeps the item', async () => {
    const d = await w.data(
      `mutation($a: String!, $b: String!) { a: createTag(data: {name: $a}) { id } b: createTag(data: {name: $b}) { id } }`,
      {
        a: unique('gone '),
        b: unique('keep '),
      },
    );
    log.length = 0;
    await w.data(`mutation($id: ID!) { deleteTag(where: {id: $id}) { id } }`, { id: d.a.id });
    expect(log).toEqual([
      ['beforeDelete', d.a.id],
      ['afterDelete', d.a.id, expect.stringMatching(/^gone /)],
    ]);
    log.length = 0;
    const { body } = await w.gql(`mutation($id: ID!) { deleteTag(where: {id: $id}) { id } }`, { id: d.b.id });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(await env.DB.prepare('select id from tags where id = ?').bind(d.b.id).first()).toEqual({ id: d.b.id });
  });

  it('a rejection of one item aborts a bulk delete', async () => {
    const marker = unique('bulkdel');
    await w.data(
      `mutation($a: String!, $b: String!) { a: createTag(data: {name: $a}) { id } b: createTag(data: {name: $b}) { id } }`,
      {
        a: `${marker} gone`,
        b: `keep ${marker}`,
      },
    );
    const { body } = await w.gql(`mutation($m: String!) { deleteTags(where: {name: {contains: $m}}) { count } }`, {
      m: marker,
    });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(
      await env.DB.prepare('select count(*) as n from tags where name like ?').bind(`%${marker}%`).first(),
    ).toEqual({ n: 2 });
    expect(log.filter((e) => e[0] === 'afterDelete')).toEqual([]);
  });
});

describe('publish hooks', () => {
  it('run for publish and unpublish, and a rejection publishes nothing', async () => {
    const d = await w.data(
      `mutation($a: String!, $b: String!) { a: createTag(data: {name: $a}) { id } b: createTag(data: {name: $b}) { id } }`,
      {
        a: unique('public '),
        b: unique('private '),
      },
    );
    log.length = 0;
    const at = '2099-05-01T00:00:00.000Z';
    await w.data(`mutation($id: ID!, $at: DateTime) { publishTag(where: {id: $id}, at: $at) { id } }`, {
      id: d.a.id,
      at,
    });
    await w.data(`mutation($id: ID!) { unpublishTag(where: {id: $id}) { id } }`, { id: d.a.id });
    expect(log).toEqual([
      ['beforePublish', d.a.id, true, new Date(at)],
      ['afterPublish', d.a.id, true, 'PUBLISHED', 2],
      ['beforePublish', d.a.id, false, null],
      ['afterPublish', d.a.id, false, 'DRAFT', 3],
    ]);
    const { body } = await w.gql(`mutation($id: ID!) { publishTag(where: {id: $id}) { id } }`, { id: d.b.id });
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(await env.DB.prepare('select status, version from tags where id = ?').bind(d.b.id).first()).toEqual({
      status: 'DRAFT',
      version: 1,
    });
  });
});

describe('a write the database refuses', () => {
  it('leaves every row as it was, and is a CONFLICT', async () => {
    // Swapping two unique codes passes the pre-check (each value is freed by the other item) but the first UPDATE of
    // the batch hits the unique index: the batch is atomic, so nothing of it stays.
    const n = String(100 + (Date.now() % 800) + seq).slice(-3);
    const [a, b] = [`SWA-${n}`, `SWB-${n}`];
    const marker = unique('swap ');
    const d = await w.data(
      `mutation($a: String!, $b: String!, $m: String!) {
        x: createWidget(data: {label: $m, code: $a, notes: $b}) { id } y: createWidget(data: {label: $m, code: $b, notes: $a}) { id } }`,
      { a, b, m: marker },
    );
    const { body } = await w.gql(
      `mutation($m: String!) { updateWidgets(where: {label: {equals: $m}}, data: {code: "NOT-123"}) { count } }`,
      { m: marker },
    );
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'code'], code: 'UNIQUE' }),
    ]);
    const rows = await env.DB.prepare('select id, code, version from widgets where label = ? order by id')
      .bind(marker)
      .all();
    expect(rows.results).toEqual([
      { id: d.x.id, code: a, version: 1 },
      { id: d.y.id, code: b, version: 1 },
    ]);
  });
});
