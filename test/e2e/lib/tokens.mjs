// Token-level mutations of a GraphQL document: what a careless client, a truncating proxy or a fuzzer sends.

// A GraphQL lexer good enough to cut documents into tokens (block strings, strings, names, numbers, punctuators).
const TOKEN =
  /"""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|[!$&():=@[\]{}|]/g;

export const tokenize = (document) => document.replace(/#[^\n]*/g, '').match(TOKEN) ?? [];

// Tokens a mutation may put anywhere: punctuators, keywords, odd literals.
const NOISE = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '$',
  '@',
  '...',
  ':',
  '=',
  '!',
  '|',
  '&',
  '"',
  '"""',
  'query',
  'mutation',
  'fragment',
  'on',
  'null',
  'true',
  '-0',
  '1e999',
  '0x10',
  '__schema',
  '__typename',
  '$$',
  '#',
  '\\u0000',
  '\u00e9',
];

/** One mutated document from `tokens`, by `kind`: drop, duplicate, swap, replace or truncate tokens. */
export function mutateTokens(tokens, kind, random) {
  const out = [...tokens];
  const at = () => random.int(0, out.length - 1);
  const times = random.int(1, 3);
  for (let n = 0; n < times && out.length > 1; n++) {
    if (kind === 'drop') out.splice(at(), 1);
    else if (kind === 'duplicate') {
      const i = at();
      out.splice(i, 0, ...Array(random.int(1, 4)).fill(out[i]));
    } else if (kind === 'swap') {
      const i = at();
      const j = random.chance(0.5) ? Math.min(i + 1, out.length - 1) : at();
      [out[i], out[j]] = [out[j], out[i]];
    } else if (kind === 'replace') out[at()] = random.pick(NOISE);
    else if (kind === 'truncate') return out.slice(0, at()).join(' ');
  }
  return out.join(' ');
}

/** The document with a string opened at a random token and never closed. */
export function unclosedString(tokens, random) {
  const out = [...tokens];
  const quote = random.pick(['"', '"""', '"abc', '"\\', '"\\u12', '"""never']);
  out.splice(random.int(0, out.length - 1), 0, quote);
  return out.join(' ');
}

/** The document with `insert` at a random place (a NUL, a control character, a lone surrogate). */
export function insertAt(document, insert, random) {
  const i = random.int(0, document.length);
  return document.slice(0, i) + insert + document.slice(i);
}
