import { beforeAll, describe, expect, it } from 'vitest';
import { foldCase, MAX_FOLD_SOURCES } from '../src/query/case-fold';
import { codes, testWorker } from './helpers';

const w = testWorker();
const mode = 'insensitive';

// Author names, written through the API as a client would send them (u3 in decomposed form: u + U+0308).
const NAMES: Record<string, string> = {
  u1: 'Müller',
  u2: 'MÜLLER',
  u3: 'Mu\u0308ller',
  e1: 'Éric',
  e2: 'éric',
  s1: 'Straße',
  s2: 'STRASSE',
  t1: 'İstanbul',
  t2: 'istanbul',
  t3: 'ıstanbul',
  t4: 'ISTANBUL',
  g1: 'ΣΟΦΌΣ',
  g2: 'σοφός',
  r1: 'Съешь же ещё этих мягких французских булок, да выпей чаю',
  a1: 'Alpha',
  a2: 'ALPHABET',
};
const byId = new Map<string, string>();

beforeAll(async () => {
  for (const [key, name] of Object.entries(NAMES)) {
    const d = await w.data(`mutation ($name: String!) { createAuthor(data: { name: $name }) { id } }`, { name });
    byId.set(d.createAuthor.id, key);
  }
});

/** The keys (u1, e2…) of the authors a `where` selects, sorted; the count must agree with the rows. */
async function keys(where: unknown): Promise<string[]> {
  const d = await w.data(
    `query ($where: AuthorWhereInput) { authors(where: $where, first: 100) { totalCount nodes { id } } }`,
    { where },
  );
  const found = d.authors.nodes.map((n: { id: string }) => byId.get(n.id)).filter(Boolean);
  expect(d.authors.totalCount).toBe(d.authors.nodes.length);
  return found.sort();
}

describe('mode: insensitive folds Unicode case', () => {
  it.each([
    [{ equals: 'müller' }, ['u1', 'u2', 'u3']],
    [{ contains: 'ÜLL' }, ['u1', 'u2', 'u3']],
    [{ contains: 'u\u0308ll' }, ['u1', 'u2', 'u3']], // a decomposed needle
    [{ endsWith: 'üller' }, ['u1', 'u2', 'u3']],
    [{ equals: 'ÉRIC' }, ['e1', 'e2']],
    [{ startsWith: 'é' }, ['e1', 'e2']],
    [{ equals: 'strasse' }, ['s1', 's2']],
    [{ equals: 'STRAẞE' }, ['s1', 's2']],
    [{ contains: 'ß' }, ['s1', 's2']],
    [{ endsWith: 'SSE' }, ['s1', 's2']],
    // İ folds to i (our choice, documented); dotless ı is a letter of its own.
    [{ equals: 'istanbul' }, ['t1', 't2', 't4']],
    [{ equals: 'İSTANBUL' }, ['t1', 't2', 't4']],
    [{ equals: 'ıstanbul' }, ['t3']],
    [{ contains: 'STANBUL' }, ['t1', 't2', 't3', 't4']],
    [{ equals: 'σοφόσ' }, ['g1', 'g2']], // final sigma folds to σ
    [{ in: ['MÜLLER', 'straße'] }, ['s1', 's2', 'u1', 'u2', 'u3']],
    [{ notIn: ['müller', 'STRASSE', 'éric', 'istanbul', 'ıstanbul', 'σοφος', 'alpha'] }, ['a2', 'g1', 'g2', 'r1']],
    // A whole sentence needs dozens of replacements: the SQL cuts them into stages (case-fold.ts).
    [{ equals: 'СЪЕШЬ ЖЕ ЕЩЁ ЭТИХ МЯГКИХ ФРАНЦУЗСКИХ БУЛОК, ДА ВЫПЕЙ ЧАЮ' }, ['r1']],
    [{ endsWith: 'ДА ВЫПЕЙ ЧАЮ' }, ['r1']],
    [{ not: 'éric', startsWith: 'e' }, []],
  ])('name %j → %j', async (filter, expected) => {
    expect(await keys({ name: { ...filter, mode } })).toEqual(expected);
  });

  it('OR alternatives on one field (bound as one list) fold the same way', async () => {
    const where = { OR: [{ name: { contains: 'ÜL', mode } }, { name: { contains: 'ß', mode } }] };
    expect(await keys(where)).toEqual(['s1', 's2', 'u1', 'u2', 'u3']);
    const equal = { OR: ['ÉRIC', 'İstanbul', 'nobody'].map((equals) => ({ name: { equals, mode } })) };
    expect(await keys(equal)).toEqual(['e1', 'e2', 't1', 't2', 't4']);
  });

  it('holds through a relation filter, staged chain included', async () => {
    const d = await w.data(`query ($w: PostWhereInput) { posts(where: $w) { totalCount } }`, {
      w: { author: { name: { contains: 'ФРАНЦУЗСКИХ БУЛОК', mode } } },
    });
    expect(d.posts.totalCount).toBe(0);
    const made = await w.data(
      `mutation ($a: ID!) { createPost(data: { title: "Чай", author: { connect: { id: $a } } }) { id } }`,
      {
        a: [...byId].find(([, key]) => key === 'r1')![0],
      },
    );
    const found = await w.data(`query ($w: PostWhereInput) { posts(where: $w) { nodes { id } } }`, {
      w: { author: { name: { contains: 'ФРАНЦУЗСКИХ БУЛОК', mode } }, title: { equals: 'ЧАЙ', mode } },
    });
    expect(found.posts.nodes).toEqual([{ id: made.createPost.id }]);
  });

  it('a negation is the exact complement', async () => {
    const all = Object.keys(NAMES).sort();
    const matched = await keys({ name: { contains: 'üll', mode } });
    expect(await keys({ NOT: [{ name: { contains: 'üll', mode } }] })).toEqual(all.filter((k) => !matched.includes(k)));
  });

  it('leaves ASCII matching and the default (case-sensitive) mode as they were', async () => {
    expect(await keys({ name: { contains: 'ALP', mode } })).toEqual(['a1', 'a2']);
    expect(await keys({ name: { equals: 'alpha', mode } })).toEqual(['a1']);
    expect(await keys({ name: { equals: 'Müller' } })).toEqual(['u1']);
    expect(await keys({ name: { contains: 'ü' } })).toEqual(['u1']);
    expect(await keys({ name: { equals: 'strasse' } })).toEqual([]);
  });

  it('refuses a needle that needs more folding than a search does, as BAD_USER_INPUT', async () => {
    const letters = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join('');
    const needle = letters(0x100, 0x17f) + letters(0x3b1, 0x3c9) + letters(0x430, 0x44f) + letters(0x1e00, 0x1e95);
    const { body } = await w.gql(`query ($w: AuthorWhereInput) { authors(where: $w) { totalCount } }`, {
      w: { name: { contains: needle, mode } },
    });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('foldCase', () => {
  it('folds as documented', () => {
    expect(foldCase('Straße')).toBe('strasse');
    expect(foldCase('ẞ')).toBe('ss');
    expect(foldCase('İ')).toBe('i');
    expect(foldCase('I\u0307')).toBe('i');
    expect(foldCase('ı')).toBe('ı');
    expect(foldCase('ΣΟΦΌΣ')).toBe(foldCase('σοφός'));
    expect(foldCase('U\u0308')).toBe('ü');
    expect(foldCase('\u212a')).toBe('k'); // Kelvin sign
    expect(foldCase('ﬁ')).toBe('fi');
  });

  it('is idempotent on every cased character, so a folded needle holds no character the SQL chain replaces', () => {
    for (let code = 0x80; code < 0x20000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const once = foldCase(String.fromCodePoint(code));
      expect(foldCase(once), `U+${code.toString(16)}`).toBe(once);
    }
    expect(MAX_FOLD_SOURCES).toBeGreaterThan(100);
  });
});
