import { env } from 'cloudflare:test';

/**
 * The exactly known content the read tests assert against, written with plain SQL (reads must not depend on
 * mutations). D1 storage is per test file, so each file seeds once in `beforeAll`.
 *
 * Posts (created_at = n * 1000):
 *   p1 "Alpha"  alpha   views 10 rating 4.5  featured  author a1 (Ada)   PUBLISHED  tags t1, t2
 *   p2 "beta"   beta    views 20 rating null          author a1 (Ada)   DRAFT      tags t1
 *   p3 "Gamma"  gamma   views 20 rating 3             author a2 (Grace) PUBLISHED  tags t2, t3
 *   p4 "delta"  delta   views 0  rating 1.5 featured  no author         ARCHIVED   no tags
 *   p5 "Alpha"  alpha-2 views 10 rating null          author a2 (Grace) DRAFT      tags t3
 * Authors: a1 Ada, a2 Grace, a3 Linus (no posts). Tags: t1 GraphQL, t2 Edge, t3 Drizzle, t4 Unused (no posts).
 */
export const POSTS = [
  {
    id: 'p1',
    title: 'Alpha',
    slug: 'alpha',
    excerpt: 'First post',
    views: 10,
    rating: 4.5,
    featured: 1,
    author: 'a1',
    status: 'PUBLISHED',
    publishedAt: 1_500,
    tags: ['t1', 't2'],
  },
  {
    id: 'p2',
    title: 'beta',
    slug: 'beta',
    excerpt: null,
    views: 20,
    rating: null,
    featured: 0,
    author: 'a1',
    status: 'DRAFT',
    publishedAt: null,
    tags: ['t1'],
  },
  {
    id: 'p3',
    title: 'Gamma',
    slug: 'gamma',
    excerpt: 'Third',
    views: 20,
    rating: 3,
    featured: 0,
    author: 'a2',
    status: 'PUBLISHED',
    publishedAt: 3_500,
    tags: ['t2', 't3'],
  },
  {
    id: 'p4',
    title: 'delta',
    slug: 'delta',
    excerpt: 'fourth',
    views: 0,
    rating: 1.5,
    featured: 1,
    author: null,
    status: 'ARCHIVED',
    publishedAt: null,
    tags: [],
  },
  {
    id: 'p5',
    title: 'Alpha',
    slug: 'alpha-2',
    excerpt: null,
    views: 10,
    rating: null,
    featured: 0,
    author: 'a2',
    status: 'DRAFT',
    publishedAt: null,
    tags: ['t3'],
  },
] as const;

export const AUTHORS = [
  { id: 'a1', name: 'Ada', email: 'ada@example.com', bio: 'Mathematician' },
  { id: 'a2', name: 'Grace', email: null, bio: null },
  { id: 'a3', name: 'Linus', email: 'linus@example.com', bio: 'Kernel' },
] as const;

export const TAGS = [
  { id: 't1', name: 'GraphQL', slug: 'graphql' },
  { id: 't2', name: 'Edge', slug: 'edge' },
  { id: 't3', name: 'Drizzle', slug: 'drizzle' },
  { id: 't4', name: 'Unused', slug: 'unused' },
] as const;

/** The created_at of the n-th row of a list (1-based): n * 1000 ms after the epoch. */
export const at = (n: number) => n * 1000;

export async function seedBlog() {
  const db = env.DB;
  const statements = [
    ...AUTHORS.map((a, i) =>
      db
        .prepare(
          'insert into authors (id, created_at, updated_at, status, name, email, bio) values (?, ?, ?, ?, ?, ?, ?)',
        )
        .bind(a.id, at(i + 1), at(i + 1), 'PUBLISHED', a.name, a.email, a.bio),
    ),
    ...TAGS.map((t, i) =>
      db
        .prepare('insert into tags (id, created_at, updated_at, status, name, slug) values (?, ?, ?, ?, ?, ?)')
        .bind(t.id, at(i + 1), at(i + 1), 'PUBLISHED', t.name, t.slug),
    ),
    ...POSTS.map((p, i) =>
      db
        .prepare(
          `insert into posts (id, created_at, updated_at, status, published_at, title, slug, body, excerpt, views, rating, featured, author_id)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          p.id,
          at(i + 1),
          at(i + 1),
          p.status,
          p.publishedAt,
          p.title,
          p.slug,
          JSON.stringify({ type: 'doc', id: p.id }),
          p.excerpt,
          p.views,
          p.rating,
          p.featured,
          p.author,
        ),
    ),
    ...POSTS.flatMap((p) =>
      p.tags.map((t, position) =>
        db.prepare('insert into posts_tags (source_id, target_id, position) values (?, ?, ?)').bind(p.id, t, position),
      ),
    ),
  ];
  await db.batch(statements);
}

/** Ids of a list result, in order. */
export const idsOf = (connection: { nodes: Array<{ id: string }> }) => connection.nodes.map((n) => n.id);

const LAUNCH = Date.UTC(2023, 10, 14, 22, 13, 20); // 2023-11-14T22:13:20.000Z
const Y2K = Date.UTC(2000, 0, 1);

/** Widgets: every field type. w1 has every value, w2 other values, w3 odd-looking values, w4 none at all. */
export async function seedWidgets() {
  const insert = env.DB.prepare(
    `insert into widgets (id, created_at, updated_at, status, published_at, version, label, code, notes, summary, count, ratio, active,
       launch_at, size, meta, contact, homepage, handle, secret, owner_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  await env.DB.batch([
    insert.bind(
      'w1',
      1000,
      1500,
      'PUBLISHED',
      1200,
      3,
      'Widget One',
      'ABC-123',
      'Line 1\nLine 2',
      JSON.stringify({ type: 'doc', content: [{ type: 'p', text: 'Hi “there”' }] }),
      5,
      0.25,
      1,
      LAUNCH,
      'LARGE',
      JSON.stringify({ a: 1, b: [true, null], c: 'x' }),
      'one@example.com',
      'https://one.example',
      'widget-one',
      's1',
      'a1',
    ),
    insert.bind(
      'w2',
      2000,
      2000,
      'DRAFT',
      null,
      1,
      'Widget Two',
      null,
      null,
      null,
      0,
      -0.5,
      0,
      Y2K,
      'SMALL',
      JSON.stringify([1, 2]),
      null,
      null,
      'widget-two',
      null,
      null,
    ),
    insert.bind(
      'w3',
      3000,
      3000,
      'ARCHIVED',
      null,
      1,
      'Third widget',
      'XYZ-999',
      'NOTES',
      JSON.stringify([{ type: 'p' }]),
      1000,
      1,
      1,
      0,
      'MEDIUM',
      JSON.stringify('[draft'),
      'Three@Example.com',
      'http://three.example/path?q=1',
      'third',
      null,
      'a2',
    ),
    insert.bind(
      'w4',
      4000,
      4000,
      'DRAFT',
      null,
      1,
      'Bare',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ),
    env.DB.prepare(
      `insert into widgets_parts (source_id, target_id, position) values ('w1', 't2', 0), ('w1', 't1', 1), ('w3', 't3', 0)`,
    ),
  ]);
}
