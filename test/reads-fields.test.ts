import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { seedBlog, seedWidgets } from './reads-seed';

const w = testWorker();

beforeAll(async () => {
  await seedBlog();
  await seedWidgets();
});

const WIDGET = `id createdAt updatedAt status publishedAt version label code notes summary count ratio active launchAt size meta
  contact homepage handle owner { id name } parts(orderBy: [{name: asc}]) { totalCount nodes { id } }`;

describe('every field type reads back', () => {
  it('reads a widget with every value set', async () => {
    const d = await w.data(`{ widget(where: {id: "w1"}) { ${WIDGET} } }`);
    expect(d.widget).toEqual({
      id: 'w1',
      createdAt: '1970-01-01T00:00:01.000Z',
      updatedAt: '1970-01-01T00:00:01.500Z',
      status: 'PUBLISHED',
      publishedAt: '1970-01-01T00:00:01.200Z',
      version: 3,
      label: 'Widget One',
      code: 'ABC-123',
      notes: 'Line 1\nLine 2',
      summary: { type: 'doc', content: [{ type: 'p', text: 'Hi “there”' }] },
      count: 5,
      ratio: 0.25,
      active: true,
      launchAt: '2023-11-14T22:13:20.000Z',
      size: 'LARGE',
      meta: { a: 1, b: [true, null], c: 'x' },
      contact: 'one@example.com',
      homepage: 'https://one.example',
      handle: 'widget-one',
      owner: { id: 'a1', name: 'Ada' },
      parts: { totalCount: 2, nodes: [{ id: 't2' }, { id: 't1' }] },
    });
  });

  it('reads other values: false, zero, negative, arrays', async () => {
    const d = await w.data(`{ widget(where: {id: "w2"}) { ${WIDGET} } }`);
    expect(d.widget).toMatchObject({
      status: 'DRAFT',
      publishedAt: null,
      code: null,
      notes: null,
      summary: null,
      count: 0,
      ratio: -0.5,
      active: false,
      launchAt: '2000-01-01T00:00:00.000Z',
      size: 'SMALL',
      meta: [1, 2],
      contact: null,
      homepage: null,
      owner: null,
      parts: { totalCount: 0, nodes: [] },
    });
  });

  it('reads JSON values exactly as stored, a string that looks like JSON included', async () => {
    const d = await w.data(`{ widget(where: {id: "w3"}) { summary meta ratio launchAt count } }`);
    expect(d.widget).toEqual({
      summary: [{ type: 'p' }],
      meta: '[draft',
      ratio: 1,
      launchAt: '1970-01-01T00:00:00.000Z',
      count: 1000,
    });
  });

  it('reads JSON of related items decoded, at every level', async () => {
    const d = await w.data(`{
      author(where: {id: "a1"}) { posts(orderBy: [{createdAt: asc}]) { nodes { body author { posts(first: 1, orderBy: [{createdAt: desc}]) { nodes { body } } } } } }
      tag(where: {id: "t3"}) { posts(orderBy: [{createdAt: asc}]) { nodes { body } } }
      widgets(where: {id: {in: ["w1", "w3"]}}, orderBy: [{createdAt: asc}]) { nodes { owner { posts(first: 1, orderBy: [{createdAt: asc}]) { nodes { body } } } } }
    }`);
    expect(d.author.posts.nodes).toEqual([
      { body: { type: 'doc', id: 'p1' }, author: { posts: { nodes: [{ body: { type: 'doc', id: 'p2' } }] } } },
      { body: { type: 'doc', id: 'p2' }, author: { posts: { nodes: [{ body: { type: 'doc', id: 'p2' } }] } } },
    ]);
    expect(d.tag.posts.nodes).toEqual([{ body: { type: 'doc', id: 'p3' } }, { body: { type: 'doc', id: 'p5' } }]);
    expect(d.widgets.nodes).toEqual([
      { owner: { posts: { nodes: [{ body: { type: 'doc', id: 'p1' } }] } } },
      { owner: { posts: { nodes: [{ body: { type: 'doc', id: 'p3' } }] } } },
    ]);
  });

  // w4 is a row written straight to D1 with no values: fields with a default or a derived slug are non-null in the
  // schema, so such a row (e.g. from before writes refused null for them) reads as the default, or the id for a slug.
  it('reads an item with no optional values; a non-null field without a stored value reads its default', async () => {
    const d = await w.data(`{ widget(where: {id: "w4"}) { ${WIDGET} } }`);
    expect(d.widget).toEqual({
      id: 'w4',
      createdAt: '1970-01-01T00:00:04.000Z',
      updatedAt: '1970-01-01T00:00:04.000Z',
      status: 'DRAFT',
      publishedAt: null,
      version: 1,
      label: 'Bare',
      code: null,
      notes: null,
      summary: null,
      count: 1,
      ratio: null,
      active: true,
      launchAt: null,
      size: 'MEDIUM',
      meta: null,
      contact: null,
      homepage: null,
      handle: 'w4',
      owner: null,
      parts: { totalCount: 0, nodes: [] },
    });
    const row = await env.DB.prepare('select count, active, size, handle from widgets where id = ?').bind('w4').first();
    expect(row).toEqual({ count: null, active: null, size: null, handle: null });
  });

  it('reads the demo model: rich text body, numbers and booleans of posts', async () => {
    const d = await w.data(
      `{ post(where: {id: "p1"}) { title slug body excerpt views rating featured status publishedAt version author { name bio } } }`,
    );
    expect(d.post).toEqual({
      title: 'Alpha',
      slug: 'alpha',
      body: { type: 'doc', id: 'p1' },
      excerpt: 'First post',
      views: 10,
      rating: 4.5,
      featured: true,
      status: 'PUBLISHED',
      publishedAt: '1970-01-01T00:00:01.500Z',
      version: 1,
      author: { name: 'Ada', bio: 'Mathematician' },
    });
  });
});

describe('filters by field type (widgets)', () => {
  const ids = async (where: unknown) => {
    const d = await w.data(
      `query ($w: WidgetWhereInput) { widgets(where: $w, orderBy: [{createdAt: asc}]) { totalCount nodes { id } } }`,
      { w: where },
    );
    expect(d.widgets.totalCount).toBe(d.widgets.nodes.length);
    return d.widgets.nodes.map((n: { id: string }) => n.id);
  };

  it.each([
    // float
    [{ ratio: { equals: 0.25 } }, ['w1']],
    [{ ratio: { not: 0.25 } }, ['w2', 'w3', 'w4']],
    [{ ratio: { in: [-0.5, 1] } }, ['w2', 'w3']],
    [{ ratio: { notIn: [-0.5, 1] } }, ['w1', 'w4']],
    [{ ratio: { lt: 0.25 } }, ['w2']],
    [{ ratio: { lte: 0.25 } }, ['w1', 'w2']],
    [{ ratio: { gt: 0.25 } }, ['w3']],
    [{ ratio: { gte: -0.5 } }, ['w1', 'w2', 'w3']],
    [{ ratio: { isNull: true } }, ['w4']],
    // integer
    [{ count: { equals: 0 } }, ['w2']],
    [{ count: { gt: 0 } }, ['w1', 'w3']],
    [{ count: { lte: 5 } }, ['w1', 'w2']],
    [{ count: { isNull: true } }, ['w4']],
    [{ count: { isNull: false } }, ['w1', 'w2', 'w3']],
    // datetime
    [{ launchAt: { equals: '2023-11-14T22:13:20.000Z' } }, ['w1']],
    [{ launchAt: { equals: '2023-11-14T23:13:20+01:00' } }, ['w1']],
    [{ launchAt: { not: '2000-01-01T00:00:00Z' } }, ['w1', 'w3', 'w4']],
    [{ launchAt: { in: ['2000-01-01T00:00:00Z', '1970-01-01T00:00:00Z'] } }, ['w2', 'w3']],
    [{ launchAt: { notIn: ['2000-01-01T00:00:00Z'] } }, ['w1', 'w3', 'w4']],
    [{ launchAt: { gt: '2010-01-01T00:00:00Z' } }, ['w1']],
    [{ launchAt: { gte: '2000-01-01T00:00:00Z' } }, ['w1', 'w2']],
    [{ launchAt: { lt: '2000-01-01T00:00:00Z' } }, ['w3']],
    [{ launchAt: { lte: '2000-01-01T00:00:00.000Z' } }, ['w2', 'w3']],
    [{ launchAt: { isNull: true } }, ['w4']],
    // boolean
    [{ active: { equals: true } }, ['w1', 'w3']],
    [{ active: { equals: false } }, ['w2']],
    [{ active: { not: true } }, ['w2', 'w4']],
    [{ active: { isNull: true } }, ['w4']],
    // select (enum)
    [{ size: { equals: 'LARGE' } }, ['w1']],
    [{ size: { not: 'SMALL' } }, ['w1', 'w3', 'w4']],
    [{ size: { in: ['SMALL', 'MEDIUM'] } }, ['w2', 'w3']],
    [{ size: { notIn: ['LARGE'] } }, ['w2', 'w3', 'w4']],
    [{ size: { isNull: true } }, ['w4']],
    // json and rich text: presence only
    [{ meta: { isNull: true } }, ['w4']],
    [{ meta: { isNull: false } }, ['w1', 'w2', 'w3']],
    [{ summary: { isNull: true } }, ['w2', 'w4']],
    // email, url, slug, textarea, unique text
    [{ contact: { endsWith: '@example.com' } }, ['w1']],
    [{ contact: { endsWith: '@example.com', mode: 'insensitive' } }, ['w1', 'w3']],
    [{ contact: { equals: 'three@example.com', mode: 'insensitive' } }, ['w3']],
    [{ contact: { isNull: true } }, ['w2', 'w4']],
    [{ homepage: { startsWith: 'https://' } }, ['w1']],
    [{ homepage: { contains: '?q=' } }, ['w3']],
    [{ handle: { endsWith: '-two' } }, ['w2']],
    [{ handle: { in: ['third', 'widget-one'] } }, ['w1', 'w3']],
    [{ notes: { contains: '\n' } }, ['w1']],
    [{ notes: { contains: 'notes', mode: 'insensitive' } }, ['w3']],
    [{ code: { equals: 'ABC-123' } }, ['w1']],
    [{ code: { gte: 'M' } }, ['w3']],
    [{ label: { startsWith: 'widget', mode: 'insensitive' } }, ['w1', 'w2']],
    // relations of the widget
    [{ owner: { name: { equals: 'Ada' } } }, ['w1']],
    [{ parts: { some: { name: { equals: 'Drizzle' } } } }, ['w3']],
    [{ parts: { every: { name: { in: ['Edge', 'GraphQL'] } } } }, ['w1', 'w2', 'w4']],
    [{ parts: { none: {} } }, ['w2', 'w4']],
    // system fields
    [{ version: { gt: 1 } }, ['w1']],
    [{ status: { equals: 'DRAFT' } }, ['w2', 'w4']],
    [{ publishedAt: { isNull: false } }, ['w1']],
    [{ updatedAt: { gt: '1970-01-01T00:00:01.000Z', lt: '1970-01-01T00:00:03.000Z' } }, ['w1', 'w2']],
  ])('%j → %j', async (where, expected) => {
    expect(await ids(where)).toEqual(expected);
  });

  it('orders by each orderable type', async () => {
    const order = async (orderBy: unknown) =>
      (
        await w.data(`query ($o: [WidgetOrderByInput!]) { widgets(orderBy: $o) { nodes { id } } }`, { o: orderBy })
      ).widgets.nodes.map((n: any) => n.id);
    expect(await order([{ launchAt: 'desc' }])).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(await order([{ ratio: 'asc' }])).toEqual(['w4', 'w2', 'w1', 'w3']);
    expect(await order([{ size: 'asc' }])).toEqual(['w4', 'w1', 'w3', 'w2']);
    expect(await order([{ active: 'desc' }, { label: 'asc' }])).toEqual(['w3', 'w1', 'w2', 'w4']);
    expect(await order([{ count: 'desc' }])).toEqual(['w3', 'w1', 'w2', 'w4']);
    expect(await order([{ handle: 'asc' }])).toEqual(['w4', 'w3', 'w1', 'w2']);
  });
});

describe('single lookup', () => {
  it('finds an item by id or by any unique field', async () => {
    const d = await w.data(`{
      byId: post(where: {id: "p3"}) { id title }
      bySlug: post(where: {slug: "alpha-2"}) { id title }
      tagByName: tag(where: {name: "Edge"}) { id }
      tagBySlug: tag(where: {slug: "drizzle"}) { id }
      authorByEmail: author(where: {email: "ada@example.com"}) { id }
      widgetByCode: widget(where: {code: "XYZ-999"}) { id }
      widgetByHandle: widget(where: {handle: "widget-two"}) { id }
    }`);
    expect(d).toEqual({
      byId: { id: 'p3', title: 'Gamma' },
      bySlug: { id: 'p5', title: 'Alpha' },
      tagByName: { id: 't2' },
      tagBySlug: { id: 't3' },
      authorByEmail: { id: 'a1' },
      widgetByCode: { id: 'w3' },
      widgetByHandle: { id: 'w2' },
    });
  });

  it('returns null for an unknown item, without an error', async () => {
    const r = await w.gql(
      `{ a: post(where: {id: "nope"}) { id } b: post(where: {slug: "nope"}) { id } c: tag(where: {name: "edge"}) { id } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ a: null, b: null, c: null });
  });

  it('needs exactly one unique field (@oneOf): none, two or a null fail validation, in literals and variables', async () => {
    for (const where of ['{}', '{id: "p1", slug: "alpha"}', '{slug: null}']) {
      const r = await w.gql(`{ post(where: ${where}) { id } }`);
      expect(codes(r.body), where).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(r.body.data, where).toBeUndefined();
    }
    expect(codes((await w.gql(`{ widget(where: {code: "ABC-123", handle: "widget-one"}) { id } }`)).body)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    const byVariable = `query($where: PostWhereUniqueInput!) { post(where: $where) { id } }`;
    for (const where of [{}, { id: 'p1', slug: 'alpha' }, { slug: null }]) {
      const r = await w.gql(byVariable, { where });
      expect(codes(r.body), JSON.stringify(where)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors![0]!.message).toMatch(/PostWhereUniqueInput|exactly one key|must be non-null/i);
    }
    expect((await w.data(byVariable, { where: { slug: 'alpha' } })).post).toEqual({ id: 'p1' });
  });

  it('does not offer non-unique fields for lookup', async () => {
    const r = await w.gql(`{ post(where: {title: "Alpha"}) { id } }`);
    expect(r.body.errors?.[0]?.message).toMatch(/title/);
  });
});
