const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  euro: '€',
  pound: '£',
};

/** Elements whose content is not text a reader sees. */
const HIDDEN = new Set(['head', 'style', 'script', 'title', 'template', 'noscript']);
/** Elements that stand on lines of their own, apart from the text around them. */
const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'table',
  'tr',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'aside',
  'pre',
  'address',
  'figure',
  'hr',
  'dl',
  'dt',
  'dd',
  'form',
  'body',
]);

/** Decodes character references: the named ones email HTML uses, and every numeric one. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/**
 * The plain-text part of an email from its HTML part, for when no text template exists: tags go, a link keeps its
 * address as "text (url)", an image its alt text, list items become "- " lines, paragraphs and `<br>` stay line
 * breaks, entities are decoded and other whitespace collapses. One linear pass; the input is the renderer's own
 * output, bounded by its output limit.
 * @example
 * htmlToText('<p>Reset it <a href="https://x.test/r?t=1">here</a>.</p>'); // 'Reset it here (https://x.test/r?t=1).'
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let hidden: string | null = null;
  // The open link: where its text starts in `out`, and its address.
  let link: { start: number; href: string | null } | null = null;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const end = lt < 0 ? html.length : lt;
    if (!hidden && end > i) out.push(decodeEntities(html.slice(i, end)).replace(/\s+/g, ' '));
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close < 0 ? html.length : close + 3;
      continue;
    }
    const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)|^<[!?]/.exec(html.slice(lt, lt + 64));
    if (!match) {
      // A "<" that opens no tag (`a < b`) is text.
      if (!hidden) out.push('<');
      i = lt + 1;
      continue;
    }
    const tagEnd = closingBracket(html, lt + 1);
    const tag = html.slice(lt + 1, tagEnd);
    i = tagEnd + 1;
    if (!match[2]) continue; // <!DOCTYPE …>, <?xml …?>
    const closing = match[1] === '/';
    const name = match[2].toLowerCase();
    if (hidden) {
      if (closing && name === hidden) hidden = null;
      continue;
    }
    if (HIDDEN.has(name)) {
      if (!closing && !tag.endsWith('/')) hidden = name;
      continue;
    }
    if (name === 'br') out.push('\n');
    else if (name === 'li' && !closing) out.push('\n- ');
    else if (name === 'td' || name === 'th') out.push(' ');
    else if (name === 'hr') out.push('\n\n---\n\n');
    else if (BLOCKS.has(name)) out.push('\n\n');
    else if (name === 'img' && !closing) {
      const alt = attribute(tag, 'alt');
      if (alt) out.push(` ${alt} `);
    } else if (name === 'a') {
      // Links don't nest (a browser closes one when the next opens): one open at a time keeps this linear.
      if (link) out.push(linked(out.splice(link.start).join(''), link.href));
      link = closing ? null : { start: out.length, href: attribute(tag, 'href') };
    }
  }
  return tidy(out.join(''));
}

/** A link as text: its words and, when they don't already say it, its address. Script addresses are dropped. */
function linked(text: string, href: string | null): string {
  if (!href || href.startsWith('#') || /^(javascript|data|vbscript):/i.test(href)) return text;
  const shown = href.replace(/^mailto:/i, '');
  const words = text.trim();
  if (!words) return ` ${shown} `;
  if (words === href || words === shown) return text;
  return `${text.trimEnd()} (${shown})${text.endsWith(' ') ? ' ' : ''}`;
}

/** The index of the `>` that ends a tag opened before `from`, skipping quoted attribute values. */
function closingBracket(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const char = html[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return i;
  }
  return html.length;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  if (!match) return null;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '').trim();
}

/** Trims each line, keeps at most one empty line between paragraphs, and trims the whole. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
