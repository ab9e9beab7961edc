import { templateError } from '../errors';
import type { At } from './ast';

/** A piece of template text: literal text, or a tag with its kind and the text between its braces. */
export type Token =
  | ({ kind: 'text'; value: string } & At)
  | ({ kind: 'tag'; sigil: '#' | '/' | '>' | 'else' | '!' | ''; body: string; raw: boolean } & At);

/** Tags that print nothing: alone on their line, the line goes with them (Handlebars' "standalone" rule). */
const STANDALONE = new Set(['#', '/', '>', 'else', '!']);

/**
 * Splits a template into text and tags, in one linear pass. `\{{` is a literal `{{`; an unclosed tag or comment is
 * an error at its opening.
 */
export function tokenize(text: string, template?: string): Token[] {
  const lines = lineStarts(text);
  const at = (offset: number): At => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lines[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lines[low]! + 1 };
  };
  const fail = (message: string, offset: number) =>
    templateError('TEMPLATE_INVALID', message, { template, ...at(offset) });

  const tokens: Token[] = [];
  let literal = '';
  let literalAt = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    if (text[open - 1] === '\\') {
      literal += `${text.slice(i, open - 1)}{{`;
      i = open + 2;
      continue;
    }
    literal += text.slice(i, open);
    if (literal) tokens.push({ kind: 'text', value: literal, ...at(literalAt) });
    literal = '';
    const position = at(open);
    if (text.startsWith('{{!--', open)) {
      const close = text.indexOf('--}}', open + 5);
      if (close < 0) throw fail('a comment {{!-- is never closed with --}}', open);
      tokens.push({ kind: 'tag', sigil: '!', body: '', raw: false, ...position });
      i = close + 4;
    } else if (text[open + 2] === '{') {
      const close = text.indexOf('}}}', open + 3);
      if (close < 0) throw fail('a tag {{{ is never closed with }}}', open);
      tokens.push({ kind: 'tag', sigil: '', body: text.slice(open + 3, close).trim(), raw: true, ...position });
      i = close + 3;
    } else {
      const close = text.indexOf('}}', open + 2);
      if (close < 0) throw fail('a tag {{ is never closed with }}', open);
      tokens.push(tag(text.slice(open + 2, close), position));
      i = close + 2;
    }
    literalAt = i;
  }
  literal += text.slice(i);
  if (literal) tokens.push({ kind: 'text', value: literal, ...at(literalAt) });
  return standalone(tokens);
}

function tag(inner: string, position: At): Token {
  const body = inner.trim();
  const first = body[0];
  if (first === '!') return { kind: 'tag', sigil: '!', body: '', raw: false, ...position };
  if (first === '#' || first === '/' || first === '>') {
    return { kind: 'tag', sigil: first, body: body.slice(1).trim(), raw: false, ...position };
  }
  if (body === 'else' || body.startsWith('else ')) {
    return { kind: 'tag', sigil: 'else', body: body.slice(4).trim(), raw: false, ...position };
  }
  return { kind: 'tag', sigil: '', body, raw: false, ...position };
}

/**
 * Drops the indentation before, and the line break after, a tag that prints nothing and is alone on its line. The
 * decisions are taken on the text as written, then the cuts are made, so two such lines in a row both qualify.
 */
function standalone(tokens: Token[]): Token[] {
  const cuts = new Map<Token, { head: number; tail: number }>();
  const cut = (token: Token) => cuts.get(token) ?? cuts.set(token, { head: 0, tail: 0 }).get(token)!;
  const last = tokens.length - 1;
  for (let i = 0; i <= last; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'tag' || !STANDALONE.has(token.sigil)) continue;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    let indent = 0;
    if (before) {
      if (before.kind !== 'text') continue;
      const newline = before.value.lastIndexOf('\n');
      const tail = before.value.slice(newline + 1);
      if (!/^[ \t]*$/.test(tail) || (newline < 0 && i - 1 !== 0)) continue;
      indent = tail.length;
    }
    let lineEnd = 0;
    if (after) {
      if (after.kind !== 'text') continue;
      const match = /^[ \t]*(\r?\n)?/.exec(after.value)!;
      if (!match[1] && (match[0].length !== after.value.length || i + 1 !== last)) continue;
      lineEnd = match[0].length;
    }
    if (before) cut(before).tail = indent;
    if (after) cut(after).head = lineEnd;
  }
  for (const [token, { head, tail }] of cuts) {
    if (token.kind === 'text') token.value = token.value.slice(head, token.value.length - tail);
  }
  return tokens.filter((token) => token.kind !== 'text' || token.value !== '');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
