// `npm run check:docs [-- <root>]`: the links of README.md and docs/**/*.md resolve, and the README stays a page.
//
// - every relative link (`[text](path)`, `[text](path#anchor)`, `[text](#anchor)`, `[text]: path` definitions)
//   points to a file or folder that exists, and every `#anchor` matches a heading of the Markdown file it names
//   (GitHub's slugs: lower case, spaces to `-`, punctuation dropped but `-` and `_`, `-1`, `-2` for repeats);
// - README.md has at most 200 lines (CONVENTIONS §16: a README is a page).
// External links (http, https, mailto) are not checked: the check runs without a network. Links inside code blocks
// and code spans are not links. Exits 1 with one line per problem.
//
// Plain Node ESM, no dependencies; the root defaults to the current directory.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const README_MAX_LINES = 200;

/** The Markdown files checked under `root`: README.md and every `.md` under docs/. */
export function docFiles(root) {
  const files = [];
  if (existsSync(path.join(root, 'README.md'))) files.push('README.md');
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  if (existsSync(path.join(root, 'docs'))) walk('docs');
  return files;
}

/** The text outside fenced code blocks, line by line (fence lines and their content become empty lines). */
function proseLines(text) {
  let fence = null;
  return text.split('\n').map((line) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      return '';
    }
    if (open) {
      fence = open[1];
      return '';
    }
    return line;
  });
}

/** GitHub's slug of a heading's text. */
export function slug(heading) {
  return heading
    .replace(/<[^>]*>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text: its headings' slugs, repeats numbered as GitHub numbers them. */
export function anchorsOf(text) {
  const seen = new Map();
  const anchors = new Set();
  for (const line of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

/** `{ line, target }` for each Markdown link of a text, outside code blocks and code spans. */
export function linksOf(text) {
  const links = [];
  proseLines(text).forEach((raw, index) => {
    const line = raw.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
    for (const match of line.matchAll(/\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: index + 1, target: match[1] });
    }
    for (const match of line.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/g)) {
      links.push({ line: index + 1, target: match[1] });
    }
  });
  return links;
}

/** Every problem of the docs under `root`, as `file:line: message` strings. */
export function checkDocs(root) {
  const problems = [];
  const anchorCache = new Map();
  const anchors = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    return anchorCache.get(file);
  };
  const readme = path.join(root, 'README.md');
  if (existsSync(readme)) {
    const lines = readFileSync(readme, 'utf8').replace(/\n$/, '').split('\n').length;
    if (lines > README_MAX_LINES) {
      problems.push(`README.md: ${lines} lines, more than ${README_MAX_LINES}: move the detail into docs/`);
    }
  } else {
    problems.push('README.md: missing');
  }
  for (const file of docFiles(root)) {
    const absolute = path.join(root, file);
    for (const { line, target } of linksOf(readFileSync(absolute, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, https:, mailto:
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
      const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
      const where = `${file}:${line}`;
      const resolved = pathPart === '' ? absolute : path.resolve(path.dirname(absolute), pathPart);
      if (pathPart.startsWith('/')) {
        problems.push(`${where}: ${target}: use a relative path`);
        continue;
      }
      if (!existsSync(resolved)) {
        problems.push(`${where}: ${target}: no such file (${path.relative(root, resolved) || '.'})`);
        continue;
      }
      if (anchor === null || anchor === '') continue;
      if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
        problems.push(`${where}: ${target}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!anchors(resolved).has(anchor)) {
        const known = [...anchors(resolved)].join(', ');
        problems.push(`${where}: ${target}: no heading #${anchor} in ${path.relative(root, resolved)} (${known})`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? '.');
  const problems = checkDocs(root);
  if (problems.length) {
    console.error(`✖ check:docs found ${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`✔ check:docs: ${docFiles(root).length} files, every relative link and anchor resolves`);
}
