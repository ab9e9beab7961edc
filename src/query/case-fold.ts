// Unicode-aware `mode: insensitive`. SQLite's lower() (and LIKE) fold ASCII only, D1 has no ICU and takes no
// user-defined functions, so the fold is done in two halves that agree:
// - the value the caller sends is folded here, in JavaScript (`foldCase`);
// - the column is folded in SQL by lower() (ASCII) and a chain of replace() calls, but only for the characters that
//   can fold into a character of the folded value (`foldedColumn`). A character of the column that can't is left as
//   it is: it folds to nothing the value holds, and it is not itself a folded character, so it can't be part of a
//   match either way. So `equals`, `contains`, `startsWith` and `endsWith` hold exactly when they hold between the
//   two fully folded texts, with nothing new stored and no migration.
// The fold is per character: upper then lower case, to a fixed point (ß → ss, ẞ → ss, ς → σ, ﬁ → fi, Kelvin K → k),
// in NFC. Two choices are ours: İ (capital I with dot) folds to plain i (full case folding would give i + U+0307, so
// "istanbul" would not find "İstanbul"), as does i + U+0307; dotless ı stays ı, a letter of its own. Stored text in
// decomposed form (u + U+0308) matches its composed form (ü).
import { type SQL, sql } from 'drizzle-orm';
import { badUserInput } from '../errors';

// The blocks that hold cased letters (Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee, letterlike symbols,
// circled letters, Glagolitic, ligatures, fullwidth forms and the cased scripts beyond the BMP).
const CASED: [number, number][] = [
  [0xb5, 0x2af],
  [0x345, 0x345],
  [0x370, 0x58f],
  [0x10a0, 0x10ff],
  [0x13a0, 0x13fd],
  [0x1c80, 0x1cbf],
  [0x1e00, 0x1fff],
  [0x2100, 0x218f],
  [0x24b6, 0x24e9],
  [0x2c00, 0x2d2f],
  [0xa640, 0xa7ff],
  [0xab70, 0xabbf],
  [0xfb00, 0xfb17],
  [0xff21, 0xff5a],
  [0x10400, 0x104ff],
  [0x10570, 0x105bf],
  [0x10c80, 0x10cff],
  [0x10d40, 0x10d8f],
  [0x118a0, 0x118df],
  [0x16e40, 0x16e9f],
  [0x16ea0, 0x16edf],
  [0x1e900, 0x1e94b],
];
const DOTTED_I = '\u0130';
const DOTLESS_I = '\u0131';
const I_DOT = 'i\u0307';

/** More replacements than this for one filter is not a search a person makes (a Greek sentence needs about 100). */
export const MAX_FOLD_SOURCES = 160;
// SQLite's parser refuses function calls nested about 30 deep (its stack, not a setting D1 lets us change), so a
// longer chain is cut into stages of this many, each a CTE reading the one before: flat however long the chain.
const STAGE = 8;

const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

function foldChar(char: string): string {
  if (char === DOTTED_I) return 'i';
  // Upper then lower would make ı an i (via I); Unicode's case folding keeps it apart, and so do we.
  if (char === DOTLESS_I) return char;
  let folded = char;
  for (let i = 0; i < 4; i++) {
    const next = [...folded].map((c) => c.toUpperCase().toLowerCase()).join('');
    if (next === folded) break;
    folded = next;
  }
  return folded.normalize('NFC').replaceAll(I_DOT, 'i');
}

interface Table {
  /** Each non-ASCII character that folds to something else, with what it folds to. */
  chars: Map<string, string>;
  /** Every source text (a character, or a decomposed letter after lower()) and its fold, longest sources first. */
  sources: { source: string; target: string }[];
}

let table: Table | undefined;

// Built once per isolate, from the runtime's own Unicode data (about 3 ms), so both halves use the same fold.
function tableOf(): Table {
  if (table) return table;
  const chars = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const [from, to] of CASED) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCodePoint(code);
      const folded = foldChar(char);
      if (folded !== char) {
        chars.set(char, folded);
        sources.set(char, folded);
      }
      // What lower() leaves of the letter's decomposed form (U+0308 after u) folds as the letter does.
      const decomposed = asciiLower(char.normalize('NFD'));
      if ([...decomposed].length > 1 && decomposed !== folded) sources.set(decomposed, folded);
    }
  }
  sources.set(I_DOT, 'i');
  const ordered = [...sources].map(([source, target]) => ({ source, target }));
  ordered.sort((a, b) => [...b.source].length - [...a.source].length);
  return (table = { chars, sources: ordered });
}

/**
 * A text folded for an insensitive comparison: NFC, then each character case-folded (see the top of this file).
 * @example
 * foldCase('Straße') === foldCase('STRASSE'); // 'strasse'
 */
export function foldCase(text: string): string {
  const { chars } = tableOf();
  let out = '';
  for (const char of text.normalize('NFC')) out += char < '\u0080' ? asciiLower(char) : (chars.get(char) ?? char);
  return out.replaceAll(I_DOT, 'i');
}

const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

/**
 * A column folded in SQL as far as `values` (already folded by `foldCase`) need: lower(), then a replace() for each
 * source that folds into a character the values hold. The sources are SQL literals from the table above, never the
 * caller's text (D1 binds at most 100 parameters, and the chain needs none). `key` names the chain, for statement
 * shapes: two filters with one key build the same SQL.
 * @example
 * const { column, key } = foldedColumn(sql`${t.title}`, [foldCase('Müller')]);
 */
export function foldedColumn(column: SQL, values: readonly string[]): { column: SQL; key: string } {
  const wanted = new Set<string>();
  for (const value of values) for (const char of value) wanted.add(char);
  // A letter folding to several (ß → ss, ᾀ → ἀι) takes part when the values hold all of them: "stras" finds
  // "Straße", and a Greek ι alone doesn't pull in the hundred letters with a iota subscript.
  const used = tableOf().sources.filter(({ target }) => [...target].every((c) => wanted.has(c)));
  if (used.length > MAX_FOLD_SOURCES)
    throw badUserInput(`mode: insensitive compares at most ${MAX_FOLD_SOURCES} kinds of letters at once; search less`);
  const chain = (from: SQL, part: typeof used) =>
    part.reduce((inner, { source, target }) => sql`replace(${inner}, ${literal(source)}, ${literal(target)})`, from);
  const key = used.map((s) => s.source).join('');
  if (used.length <= STAGE) return { column: chain(sql`lower(${column})`, used), key };
  const stages: SQL[] = [];
  for (let at = 0; at < used.length; at += STAGE) {
    const n = stages.length;
    const from = n === 0 ? sql`lower(${column})` : sql`v`;
    const source = n === 0 ? sql`` : sql` from ${sql.raw(`cms_fold${n - 1}`)}`;
    stages.push(sql`${sql.raw(`cms_fold${n}`)}(v) as (select ${chain(from, used.slice(at, at + STAGE))}${source})`);
  }
  const last = sql.raw(`cms_fold${stages.length - 1}`);
  return { column: sql`(with ${sql.join(stages, sql`, `)} select v from ${last})`, key };
}
