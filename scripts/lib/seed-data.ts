import { slugify } from '../../src/fields/slug';
import { random, type Random } from './prng';
import * as W from './seed-words';

/** One item as the API sees it: system fields plus field values by field name (relations as ids). */
export interface SeedItem {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  publishedAt: Date | null;
  version: number;
  data: Record<string, unknown>;
}

/** Items by collection name, in insertion order (targets of relations first). */
export type DemoContent = Record<'Author' | 'Tag' | 'Post', SeedItem[]>;

export interface DemoSize {
  posts: number;
  authors: number;
  tags: number;
}

/** Changing it changes every generated value; bump only on purpose. */
export const SEED = 20240501;

// Fixed dates rather than "now", so a rerun on another day writes the same rows.
const START = Date.UTC(2024, 0, 1);
const END = Date.UTC(2025, 11, 31);
const DAY = 86_400_000;

const pad = (n: number, total: number, min: number) => String(n).padStart(Math.max(min, String(total).length), '0');

/**
 * Deterministic demo content for the Author, Tag and Post collections: the same size and seed always give the same
 * items, ids (`author-0001`, `tag-0001`, `post-00001`) and timestamps.
 */
export function demoContent(size: DemoSize, seed = SEED): DemoContent {
  const rng = random(seed);
  const authors = makeAuthors(rng, size.authors);
  const tags = makeTags(rng, size.tags);
  const posts = makePosts(rng, size.posts, authors, tags);
  return { Author: authors, Tag: tags, Post: posts };
}

function published(rng: Random, createdAt: Date, status: SeedItem['status'] = 'PUBLISHED'): SeedItem['publishedAt'] {
  return status === 'DRAFT' ? null : new Date(createdAt.getTime() + rng.int(0, 3 * DAY));
}

// Publishing is an update too: `updatedAt` is never before `publishedAt`.
const later = (a: Date | null, b: Date) => (a && a > b ? a : b);

function makeAuthors(rng: Random, count: number): SeedItem[] {
  const pairs = rng.shuffle(W.FIRST_NAMES.flatMap((first) => W.LAST_NAMES.map((last) => [first, last] as const)));
  return Array.from({ length: count }, (_, i) => {
    const [first, last] = pairs[i % pairs.length]!;
    const round = Math.floor(i / pairs.length);
    // Past every pair, a numeral keeps names (and emails) unique.
    const name = round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
    const local = `${first}.${last}${round === 0 ? '' : round + 1}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const createdAt = new Date(START - rng.int(30, 365) * DAY);
    const publishedAt = published(rng, createdAt);
    return {
      id: `author-${pad(i + 1, count, 4)}`,
      createdAt,
      updatedAt: later(publishedAt, new Date(createdAt.getTime() + rng.int(0, 20) * DAY)),
      status: 'PUBLISHED',
      publishedAt,
      version: 1,
      data: {
        name,
        email: `${local}@example.com`,
        bio: rng.chance(0.8) ? `${first} ${rng.pick(W.BIO_ROLES)} ${rng.pick(W.TOPICS)}.` : null,
      },
    };
  });
}

function makeTags(rng: Random, count: number): SeedItem[] {
  return Array.from({ length: count }, (_, i) => {
    const base = W.TAG_NAMES[i % W.TAG_NAMES.length]!;
    const round = Math.floor(i / W.TAG_NAMES.length);
    const name = round === 0 ? base : `${base} ${round + 1}`;
    const createdAt = new Date(START - rng.int(1, 30) * DAY);
    return {
      id: `tag-${pad(i + 1, count, 4)}`,
      createdAt,
      updatedAt: createdAt,
      status: 'PUBLISHED',
      publishedAt: createdAt,
      version: 1,
      data: { name, slug: slugify(name, 60) },
    };
  });
}

function sentence(rng: Random): string {
  const text = `${rng.pick(W.SUBJECTS)} ${rng.pick(W.VERBS)} ${rng.pick(W.OBJECTS)} ${rng.pick(W.CLOSERS)}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const paragraph = (rng: Random) => Array.from({ length: rng.int(2, 5) }, () => sentence(rng)).join(' ');
const textNode = (text: string) => ({ type: 'text', text });

/** A small editor document (ProseMirror/Tiptap shape): headings, paragraphs, a list, sometimes code. */
function body(rng: Random, title: string) {
  const content: unknown[] = [{ type: 'paragraph', content: [textNode(paragraph(rng))] }];
  for (let section = 0, sections = rng.int(1, 3); section < sections; section++) {
    content.push({
      type: 'heading',
      attrs: { level: 2 },
      content: [textNode(`${rng.pick(W.TOPICS)} ${rng.pick(W.CLOSERS)}`)],
    });
    content.push({
      type: 'paragraph',
      content: [textNode(paragraph(rng)), { type: 'text', marks: [{ type: 'bold' }], text: ` ${sentence(rng)}` }],
    });
    if (rng.chance(0.4))
      content.push({
        type: 'bulletList',
        content: Array.from({ length: rng.int(2, 4) }, () => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: [textNode(sentence(rng))] }],
        })),
      });
    if (rng.chance(0.2))
      content.push({
        type: 'codeBlock',
        attrs: { language: 'graphql' },
        content: [textNode(`query {\n  posts(first: ${rng.int(1, 20)}) {\n    nodes { title }\n  }\n}`)],
      });
  }
  return { type: 'doc', attrs: { title }, content };
}

/** A unique slug within `max` characters: a suffix replaces the tail when the plain slug is taken. */
function uniqueSlug(source: string, taken: Set<string>, max: number): string {
  const base = slugify(source, max);
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${slugify(source, max - String(n).length - 1)}-${n}`;
  taken.add(slug);
  return slug;
}

function makePosts(rng: Random, count: number, authors: SeedItem[], tags: SeedItem[]): SeedItem[] {
  const titles = new Map<string, number>();
  const slugs = new Set<string>();
  const span = END - START;
  return Array.from({ length: count }, (_, i) => {
    const a = rng.pick(W.TOPICS);
    let b = rng.pick(W.TOPICS);
    if (b === a) b = W.TOPICS[(W.TOPICS.indexOf(a) + 1) % W.TOPICS.length]!;
    const plain = rng.pick(W.TITLE_PATTERNS).replace('{a}', a).replace('{b}', b);
    const seen = (titles.get(plain) ?? 0) + 1;
    titles.set(plain, seen);
    const title = seen === 1 ? plain : `${plain} (Part ${seen})`;
    // Spread over two years in id order, so `post-00001` is the oldest.
    const createdAt = new Date(START + Math.floor(((i + rng()) / Math.max(count, 1)) * span));
    const roll = rng();
    const status: SeedItem['status'] = roll < 0.7 ? 'PUBLISHED' : roll < 0.95 ? 'DRAFT' : 'ARCHIVED';
    const edits = rng.int(0, 3);
    const publishedAt = published(rng, createdAt, status);
    const doc = body(rng, title);
    const firstParagraph = (doc.content[0] as { content: { text: string }[] }).content[0]!.text.slice(0, 500);
    const postTags = new Set<string>();
    for (let n = rng.int(0, Math.min(4, tags.length)); postTags.size < n; ) postTags.add(rng.skewed(tags).id);
    return {
      id: `post-${pad(i + 1, count, 5)}`,
      createdAt,
      updatedAt: later(publishedAt, new Date(createdAt.getTime() + edits * rng.int(1, 10) * DAY)),
      status,
      publishedAt,
      version: 1 + edits,
      data: {
        title,
        slug: uniqueSlug(title, slugs, 120),
        body: doc,
        excerpt: rng.chance(0.9) ? firstParagraph : null,
        views: status === 'DRAFT' ? 0 : Math.floor(rng() ** 4 * 50_000),
        rating: rng.chance(0.7) ? Math.round(rng() * 50) / 10 : null,
        featured: rng.chance(0.08),
        author: authors.length && rng.chance(0.95) ? rng.skewed(authors, 1.6).id : null,
        tags: [...postTags],
      },
    };
  });
}
