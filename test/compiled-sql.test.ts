import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { createCompiledReads } from '../src/compiled/reads';
import { filterShapeStats } from '../src/compiled/statement';
import { createDb } from '../src/db/client';
import { Access } from '../src/permissions/access';
import type { Viewer } from '../src/types/auth';
import fixture from './fixtures/config';
import { testWorker } from './helpers';
import { seedBlog, seedWidgets } from './reads-seed';

const cms = buildCms(fixture);
const compiled = createCompiledReads(cms);
const admin = testWorker();
const anonymous = testWorker(undefined, { as: 'anonymous' });
beforeAll(async () => {
  await seedBlog();
  await seedWidgets();
});

const viewers: Record<string, Viewer> = {
  anonymous: { kind: 'anonymous' },
  admin: { kind: 'user', id: 'u-admin', role: 'admin', email: 'a@example.com', tokenId: 't', tokenExpiresAt: 0 },
};

const DOCUMENTS: Array<[string, Record<string, unknown>?]> = [
  ['{ posts { nodes { id title } } }'],
  [
    '{ posts(first: 2) { totalCount nodes { id title slug views rating featured createdAt publishedAt status version body excerpt } pageInfo { hasNextPage hasPreviousPage } } }',
  ],
  ['{ posts(orderBy: [{createdAt: asc}]) { nodes { id author { id name email bio } } } }'],
  [
    '{ post(where: {id: "p1"}) { tags { totalCount edges { node { id name } } nodes { id } pageInfo { hasNextPage hasPreviousPage } } } }',
  ],
  [
    '{ posts(orderBy: [{createdAt: asc}]) { nodes { id tags(first: 1, orderBy: [{name: desc}]) { totalCount nodes { name } pageInfo { hasNextPage } } } } }',
  ],
  [
    'query ($first: Int!, $miss: ID!) { posts(first: $first, where: { id: { not: $miss } }) { nodes { title author { name } tags { nodes { name } } } } }',
    { first: 10, miss: 'x' },
  ],
  ['{ posts(last: 2) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } }'],
  [
    '{ posts(last: 2, skip: 1, orderBy: [{rating: desc}]) { nodes { id rating } pageInfo { hasNextPage hasPreviousPage } } }',
  ],
  [
    '{ posts(where: { title: { contains: "a", mode: insensitive } }, orderBy: [{title: asc}]) { totalCount nodes { __typename id title } __typename } }',
  ],
  [
    '{ authors(first: 3) { nodes { name posts(first: 3) { totalCount nodes { title tags(first: 3) { nodes { name posts(first: 2) { totalCount } } } } } } } }',
  ],
  [
    '{ widgets(orderBy: [{createdAt: asc}]) { nodes { id label code notes summary count ratio active launchAt size meta contact homepage handle secret owner { name } parts { nodes { name } } } } }',
  ],
  [
    '{ widgets(orderBy: [{ratio: desc}]) { nodes { id ratio } } w: widgets(orderBy: [{launchAt: asc}], last: 3) { nodes { id launchAt } pageInfo { hasPreviousPage hasNextPage } } }',
  ],
  [
    'query Q { ...F posts(first: 1) { ... on PostConnection { nodes { ...P } } } } fragment F on Query { tags(first: 2) { nodes { name } } } fragment P on Post { id title author { ... on Author { name } } }',
  ],
  ['{ posts(stage: PUBLISHED) { nodes { id status } } }'],
  ['{ posts(where: { author: { name: { equals: "Ada" } } }) { totalCount nodes { id } } }'],
  [
    '{ posts(where: { tags: { some: { name: { in: ["Edge", "Drizzle"] } } } }, orderBy: [{views: desc}, {title: asc}]) { nodes { id views } } }',
  ],
  ['{ posts { edges { __typename node { id } } pageInfo { __typename hasNextPage } } }'],
  ['{ post(where: {slug: "beta"}) { id title author { posts { nodes { id } } } } }'],
  ['{ posts { nodes { id } nodes { title } n: nodes { slug } } }'],
  [
    'query ($w: PostWhereInput, $o: [PostOrderByInput!]) { posts(where: $w, orderBy: $o, first: 3) { totalCount nodes { id } } }',
    { w: { OR: [{ views: { gte: 15 } }, { featured: { equals: true } }] }, o: [{ publishedAt: 'desc' }] },
  ],
  ['{ a: post(where: {slug: "alpha"}) { id } b: post(where: {id: "nope"}) { id } __typename }'],
  ['{ tags(first: 0) { nodes { id } pageInfo { hasNextPage } } }'],
  ['{ post(where: {id: "p1"}) { tags { edges { cursor node { id name } } pageInfo { startCursor endCursor } } } }'],
  [
    '{ posts(first: 2, orderBy: [{rating: desc}]) { edges { cursor } pageInfo { startCursor endCursor hasNextPage } } }',
  ],
  [
    '{ posts(last: 2, orderBy: [{publishedAt: asc}, {title: desc}]) { edges { cursor node { id } } pageInfo { startCursor endCursor hasPreviousPage } } }',
  ],
  ['{ widgets(orderBy: [{active: asc}, {launchAt: desc}]) { edges { cursor } pageInfo { endCursor } } }'],
  ['{ posts(first: 0) { pageInfo { startCursor endCursor } } }'],
  [
    'query ($a: Boolean!, $b: Boolean!) { posts { nodes { id title @include(if: $a) author @skip(if: $b) { name } ... @include(if: $b) { slug } } } }',
    { a: true, b: false },
  ],
  [
    'query ($a: Boolean!, $b: Boolean!) { posts { nodes { id title @include(if: $a) author @skip(if: $b) { name } ... @include(if: $b) { slug } } } }',
    { a: false, b: true },
  ],
  ['{ posts @skip(if: false) { totalCount @include(if: false) nodes { id @skip(if: true) title } } }'],
];

async function pipeline(as: 'anonymous' | 'admin', query: string, variables?: Record<string, unknown>) {
  const w = as === 'admin' ? admin : anonymous;
  const { body } = await w.gql(query, variables);
  return body;
}

describe('compiled reads against the resolvers', () => {
  for (const as of ['anonymous', 'admin'] as const) {
    for (const [query, variables] of DOCUMENTS) {
      it(`${as}: ${query.slice(0, 80)}`, async () => {
        expect(compiled.covers(query)).toBe(true);
        const access = new Access(viewers[as]!, createDb(env.DB, cms));
        const result = await compiled.run({ query, variables, access, db: env.DB });
        const expected = await pipeline(as, query, variables);
        if (expected.errors) expect(result).toBeUndefined();
        else expect(result?.data).toBe(JSON.stringify(expected.data));
      });
    }
  }
});

describe('compiled pages after and before a cursor', () => {
  const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String, $order: [PostOrderByInput!]) {
    posts(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
      totalCount edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  for (const order of [
    undefined,
    [{ rating: 'desc' }],
    [{ title: 'asc' }, { views: 'desc' }],
    [{ publishedAt: 'asc' }],
  ]) {
    it(`pages forwards and backwards in the same steps (${JSON.stringify(order)})`, async () => {
      const access = () => new Access(viewers.admin!, createDb(env.DB, cms));
      const compare = async (variables: Record<string, unknown>) => {
        const expected = await pipeline('admin', PAGE, variables);
        const result = await compiled.run({ query: PAGE, variables, access: access(), db: env.DB });
        expect(result?.data).toBe(JSON.stringify(expected.data));
        return expected.data.posts.pageInfo;
      };
      let info = await compare({ first: 2, order });
      info = await compare({ first: 2, after: info.endCursor, order });
      await compare({ last: 1, before: info.startCursor, order });
      await compare({ first: 1, after: info.startCursor, before: info.endCursor, order });
    });
  }
});

describe('values SQLite cannot write as JavaScript does are given back to the resolvers', () => {
  // Widgets written with plain SQL, as a migration or another tool might: values the API would never store.
  const ODD: Array<[string, string, unknown]> = [
    ['odd-float', 'ratio', 1 / 3],
    ['odd-tiny', 'ratio', 1e-7],
    ['odd-int', 'count', 2 ** 40],
    ['odd-date', 'launch_at', -86_400_000],
    ['odd-enum', 'size', 'HUGE'],
  ];
  beforeAll(async () => {
    await env.DB.batch(
      ODD.map(([id, column, value]) =>
        env.DB.prepare(
          `insert into widgets (id, created_at, updated_at, status, version, label, ${column}) values (?, 9000, 9000, 'DRAFT', 1, 'Odd', ?)`,
        ).bind(id, value),
      ),
    );
  });

  for (const [id, column] of ODD) {
    it(`${column} of ${id}: the compiled read gives the request back`, async () => {
      const query = `{ widget(where: {id: "${id}"}) { id ratio count launchAt size } }`;
      const access = new Access(viewers.admin!, createDb(env.DB, cms));
      expect(await compiled.run({ query, access, db: env.DB })).toBeUndefined();
    });
  }

  it('a float JavaScript and SQLite write alike is compiled, and equal to the resolvers’ answer', async () => {
    await env.DB.prepare(
      `insert into widgets (id, created_at, updated_at, status, version, label, ratio, count, launch_at) values ('plain', 9100, 9100, 'DRAFT', 1, 'Plain', -0.125, 7, 1700000000123)`,
    ).run();
    const query = `{ widget(where: {id: "plain"}) { id ratio count launchAt } }`;
    const access = new Access(viewers.admin!, createDb(env.DB, cms));
    const result = await compiled.run({ query, access, db: env.DB });
    expect(result?.data).toBe(JSON.stringify((await pipeline('admin', query)).data));
    expect(result?.data).toContain('"launchAt":"2023-11-14T22:13:20.123Z"');
  });
});

describe('compiled filters, rendered once per shape', () => {
  it('renders a filter shape once: a read with other values fills the kept text, with its own rows', async () => {
    const query =
      'query ($w: PostWhereInput) { posts(where: $w, first: 5) { totalCount nodes { id title author { name } } } }';
    /** The compiled read (checked against the resolvers), and how its filters were rendered. */
    const read = async (variables: Record<string, unknown>) => {
      const access = new Access(viewers.anonymous!, createDb(env.DB, cms));
      const before = filterShapeStats();
      const result = await compiled.run({ query, variables, access, db: env.DB });
      const after = filterShapeStats();
      expect(result?.data).toBe(JSON.stringify((await pipeline('anonymous', query, variables)).data));
      return {
        totalCount: JSON.parse(result!.data).posts.totalCount as number,
        rendered: after.rendered - before.rendered,
        reused: after.reused - before.reused,
        unshaped: after.unshaped - before.unshaped,
      };
    };
    const where = (views: number, title: string) => ({ w: { views: { gte: views }, title: { not: title } } });
    await read(where(5, 'x'));
    // Other values, other rows; the same two filters (the posts', with the caller's rules, and the author's rules).
    const [some, none] = [await read(where(0, 'Alpha')), await read(where(1_000_000, 'Beta'))];
    expect([some, none].map(({ rendered, reused, unshaped }) => [rendered, reused, unshaped])).toEqual([
      [0, 2, 0],
      [0, 2, 0],
    ]);
    expect([some.totalCount > 0, none.totalCount]).toEqual([true, 0]);
    // A filter with a closure (a case-insensitive comparison) has no shape: Drizzle renders it every time.
    expect((await read({ w: { title: { contains: 'ALPHA', mode: 'insensitive' } } })).unshaped).toBe(1);
  });
});
