import { describe, expect, it } from 'vitest';
import config from '../../schema/config';
import { buildModel } from '../../src/config/model';
import { withTables } from '../../src/db/model';
import { demoContent } from '../lib/seed-data';
import { toRows } from '../lib/seed-rows';
import { insertStatements, literal } from '../lib/sql';

const model = withTables(buildModel(config));

describe('demo content', () => {
  it('is the same on every run', () => {
    const size = { posts: 300, authors: 10, tags: 20 };
    expect(JSON.stringify(demoContent(size))).toBe(JSON.stringify(demoContent(size)));
    expect(JSON.stringify(demoContent(size))).not.toBe(JSON.stringify(demoContent(size, 1)));
  });

  it('fits the Post, Author and Tag definitions, also past the word lists', () => {
    // 1700 authors and 100 tags run past every name pair and tag name, so suffixes keep them unique.
    const content = demoContent({ posts: 3000, authors: 1700, tags: 100 });
    expect(() => toRows(model, content)).not.toThrow();
    const unique = (values: unknown[]) => new Set(values).size === values.length;
    expect(unique(content.Author.map((a) => a.data.name))).toBe(true);
    expect(unique(content.Author.map((a) => a.data.email))).toBe(true);
    expect(unique(content.Tag.map((t) => t.data.name))).toBe(true);
    expect(unique(content.Tag.map((t) => t.data.slug))).toBe(true);
    expect(unique(content.Post.map((p) => p.data.slug))).toBe(true);
    for (const post of content.Post) {
      expect(post.data.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(post.data.views).toBeGreaterThanOrEqual(0);
      if (post.data.rating !== null) expect(post.data.rating).toBeGreaterThanOrEqual(0);
      if (post.data.rating !== null) expect(post.data.rating).toBeLessThanOrEqual(5);
      expect(post.updatedAt.getTime()).toBeGreaterThanOrEqual((post.publishedAt ?? post.createdAt).getTime());
      expect(post.publishedAt === null).toBe(post.status === 'DRAFT');
    }
    const statuses = new Set(content.Post.map((p) => p.status));
    expect([...statuses].sort()).toEqual(['ARCHIVED', 'DRAFT', 'PUBLISHED']);
    expect(content.Post.some((p) => p.data.featured)).toBe(true);
    expect(content.Post[0]!.id).toBe('post-00001');
    expect(content.Author[0]!.id).toBe('author-0001');
  });

  it('refuses values the definitions reject', () => {
    const content = demoContent({ posts: 1, authors: 1, tags: 1 });
    content.Post[0]!.data.rating = 7;
    expect(() => toRows(model, content)).toThrow(/Post post-00001, field "rating": must be at most 5/);
    content.Post[0]!.data.rating = 1;
    content.Post[0]!.data.title = null;
    expect(() => toRows(model, content)).toThrow(/field "title": the field is required/);
  });

  it('encodes rows with the Drizzle columns (ms timestamps, 0/1 booleans, JSON text, join rows)', () => {
    const tables = toRows(model, demoContent({ posts: 5, authors: 2, tags: 3 }));
    expect(tables.map((t) => t.table)).toEqual(['authors', 'tags', 'posts', 'posts_tags']);
    const posts = tables[2]!;
    const row = Object.fromEntries(posts.columns.map((c, i) => [c, posts.rows[0]![i]]));
    expect(typeof row.created_at).toBe('number');
    expect([0, 1]).toContain(row.featured);
    expect(JSON.parse(row.body as string).type).toBe('doc');
    expect(tables[3]!.columns).toEqual(['source_id', 'target_id', 'position']);
  });
});

describe('SQL for the seed', () => {
  it('quotes values', () => {
    expect([null, 1.5, "it's", true].map(literal)).toEqual(['NULL', '1.5', "'it''s'", '1']);
    expect(() => literal(Number.NaN)).toThrow();
  });

  it('batches rows into statements under the size limit', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i, 'x'.repeat(500)]);
    const statements = insertStatements('t', ['a', 'b'], rows, 20_000, 500);
    expect(statements.length).toBeGreaterThan(20);
    for (const s of statements) expect(Buffer.byteLength(s)).toBeLessThanOrEqual(20_000);
    expect(statements.join('').match(/\(\d+, 'x+'\)/g)).toHaveLength(1000);
  });
});
