import { aliasedTable, relationsFilterToSQL, sql } from 'drizzle-orm';
import { SQLiteDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { FilterMemo, type RenderedFilter } from '../src/compiled/filter-memo';
import fixture from './fixtures/config';

const cms = buildCms(fixture);
const dialect = new SQLiteDialect();
const config = (cms.relations as any).posts;
const table = aliasedTable(config.table, 'q0') as any;

/** Drizzle's rendering of a filter on the posts table, as the compiled statement asks for it, counted. */
function drawing() {
  const drawn: unknown[] = [];
  const draw = (filter: unknown): RenderedFilter | undefined => {
    drawn.push(filter);
    const rendered = relationsFilterToSQL(table, filter as never, config.relations, cms.relations as never);
    return rendered && dialect.sqlToQuery(rendered);
  };
  return { drawn, draw };
}

/** What Drizzle renders for a filter, as one text with its parameters. */
function direct(filter: unknown) {
  const rendered = relationsFilterToSQL(table, filter as never, config.relations, cms.relations as never);
  return rendered && dialect.sqlToQuery(rendered);
}

const joined = (result: { pieces: string[]; params: unknown[] } | undefined) =>
  result && { sql: result.pieces.join('?'), params: result.params };

const published = (now: Date, slug: string) => ({
  status: 'PUBLISHED',
  OR: [{ publishedAt: { isNull: true } }, { publishedAt: { lte: now } }],
  slug: { ne: slug },
});

describe('filters rendered once per shape', () => {
  it('renders a new shape with Drizzle (and once more with probes), then the same shape without it', () => {
    const memo = new FilterMemo();
    const { drawn, draw } = drawing();
    const first = published(new Date(1_700_000_000_000), 'hello');
    expect(joined(memo.render('posts|q0', first, draw))).toEqual(direct(first));
    expect(drawn).toHaveLength(2);
    for (const [at, slug] of [
      [1_800_000_000_123, 'world'],
      [5, "it's 100% \\ true_ "],
      [1_800_000_000_123, '1800000000123'],
    ] as const) {
      const next = published(new Date(at), slug);
      expect(joined(memo.render('posts|q0', next, draw))).toEqual(direct(next));
    }
    expect(drawn).toHaveLength(2);
    // Another table alias is another shape.
    memo.render('posts|q1', first, draw);
    expect(drawn).toHaveLength(4);
  });

  it('keeps booleans, nulls, empty strings, zero and list lengths in the shape', () => {
    const memo = new FilterMemo();
    const { draw } = drawing();
    const cases = [
      { featured: { eq: true } },
      { featured: { eq: false } },
      { publishedAt: { isNull: true } },
      // Drizzle renders nothing for `isNull: false`.
      { publishedAt: { isNull: false }, views: { gt: 1 } },
      { title: { eq: '' } },
      { title: { eq: 'x' } },
      { views: { gte: 0 } },
      { views: { gte: 3 } },
      { OR: [{ title: { eq: 'a' } }] },
      { OR: [{ title: { eq: 'a' } }, { title: { eq: 'b' } }] },
    ];
    for (let round = 0; round < 2; round++)
      for (const filter of cases) expect(joined(memo.render('posts|q0', filter, draw))).toEqual(direct(filter));
  });

  it('renders every time a filter holding a function or a SQL object', () => {
    const memo = new FilterMemo();
    const { drawn, draw } = drawing();
    const raw = { RAW: (t: any) => sql`${t.title} = ${'a'}` };
    const object = { title: { eq: sql`'a'` } };
    for (let i = 0; i < 3; i++) {
      expect(joined(memo.render('posts|q0', raw, draw))).toEqual(direct(raw));
      expect(joined(memo.render('posts|q0', object, draw))).toEqual(direct(object));
    }
    expect(drawn).toHaveLength(6);
  });

  it('never templates a shape whose parameters the probes do not explain', () => {
    const memo = new FilterMemo();
    const drawn: unknown[] = [];
    // A rendering that changes its value (lower-cases it): a template would bind the next value unchanged.
    const lowering = (filter: unknown): RenderedFilter => {
      drawn.push(filter);
      const title = (filter as { title: { eq: string } }).title.eq;
      return { sql: '"q0"."title" = ?', params: [title.toLowerCase()] };
    };
    expect(memo.render('posts|q0', { title: { eq: 'abc' } }, lowering)?.params).toEqual(['abc']);
    expect(memo.render('posts|q0', { title: { eq: 'ABC' } }, lowering)?.params).toEqual(['abc']);
    expect(drawn).toHaveLength(3);
  });

  it('never templates a shape whose text depends on a value', () => {
    const memo = new FilterMemo();
    const branching = (filter: unknown): RenderedFilter => {
      const title = (filter as { title: { eq: string } }).title.eq;
      return /^[a-z]+$/.test(title)
        ? { sql: '"q0"."title" = ?', params: [title] }
        : { sql: 'fold("q0"."title") = ?', params: [title] };
    };
    expect(memo.render('posts|q0', { title: { eq: 'abc' } }, branching)?.pieces[0]).toBe('"q0"."title" = ');
    expect(memo.render('posts|q0', { title: { eq: 'Straße' } }, branching)?.pieces[0]).toBe('fold("q0"."title") = ');
  });
});
