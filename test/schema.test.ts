/// <reference types="vite/client" />
import { type DefinitionNode, type DocumentNode, parse, print, printSchema, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import served from '../schema/config';
import readme from '../README.md?raw';
import committed from '../schema/schema.graphql?raw';
import { buildCms } from '../src/build';
import * as generated from './generated/graphql';
import { typedWorker } from './documents/typed-worker';

describe('schema/schema.graphql', () => {
  it('is the printed schema of the served config', () => {
    const printed = printSchema(buildCms(served).schema);
    // A plain equality check first: a diff of two 500-line strings buries the one line that tells what to do.
    if (committed.trimEnd() !== printed.trimEnd()) {
      expect.fail(
        'schema/schema.graphql is stale: run `npm run codegen` and commit the result.\n' +
          firstDifference(committed, printed),
      );
    }
  });
});

describe('README.md and docs/*.md', () => {
  it('have GraphQL examples that are valid against the served schema', () => {
    const schema = buildCms(served).schema;
    const pages = {
      'README.md': readme,
      ...import.meta.glob<string>('../docs/*.md', { query: '?raw', import: 'default', eager: true }),
    };
    let count = 0;
    for (const [page, text] of Object.entries(pages)) {
      for (const [, example] of text.matchAll(/```graphql\n([\s\S]*?)```/g)) {
        count++;
        const errors = validate(schema, parse(example!)).map((e) => e.message);
        expect(errors, `${page} example:\n${example}`).toEqual([]);
      }
    }
    expect(count).toBeGreaterThan(3);
  });
});

describe('typed documents (test/documents → test/generated)', () => {
  it('are generated from the current test/documents', () => {
    const sources = import.meta.glob<string>('./documents/*.graphql', {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const exports = generated as unknown as Record<string, DocumentNode | undefined>;
    const stale = 'test/generated/graphql.ts is stale: run `npm run codegen`';
    expect(Object.keys(sources).length).toBeGreaterThan(0);
    for (const [file, source] of Object.entries(sources)) {
      for (const definition of parse(source).definitions) {
        const name = nameOf(definition);
        const exported = exports[definition.kind === 'FragmentDefinition' ? `${name}FragmentDoc` : `${name}Document`];
        expect(exported, `${stale} (${name} from ${file} is missing)`).toBeDefined();
        const same = exported!.definitions.find((d) => nameOf(d) === name);
        expect(same && print(same), `${stale} (${name} from ${file} differs)`).toBe(print(definition));
      }
    }
  });

  it('pages through posts with a generated document, typed end to end', async () => {
    const w = typedWorker();
    await w.raw(`insert into authors (id, created_at, updated_at, name) values (?, 1, 1, ?)`, 'schema-a1', 'Grace');
    for (const [id, title, views] of [
      ['schema-p1', 'Alpha', 5],
      ['schema-p2', 'Beta', 7],
      ['schema-p3', 'Gamma', 9],
    ] as const) {
      await w.raw(
        `insert into posts (id, created_at, updated_at, title, slug, views, author_id) values (?, 1, 1, ?, ?, ?, ?)`,
        id,
        title,
        `schema-${title.toLowerCase()}`,
        views,
        'schema-a1',
      );
    }
    const where = { author: { id: { equals: 'schema-a1' } }, views: { gte: 6 } };
    const first = await w.run(generated.PostsPageDocument, { where, orderBy: [{ views: 'desc' }], first: 1 });
    expect(first.posts.totalCount).toBe(2);
    expect(first.posts.nodes.map((p) => p.title)).toEqual(['Gamma']);
    expect(first.posts.pageInfo.hasNextPage).toBe(true);

    const next = await w.run(generated.PostsPageDocument, {
      where,
      orderBy: [{ views: 'desc' }],
      first: 1,
      after: first.posts.pageInfo.endCursor,
    });
    expect(next.posts.nodes.map((p) => p.title)).toEqual(['Beta']);
    expect(next.posts.pageInfo.hasNextPage).toBe(false);

    const one = await w.run(generated.PostBySlugDocument, { slug: 'schema-alpha' });
    expect(one.post?.author?.name).toBe('Grace');
    expect(one.post?.tags.totalCount).toBe(0);
  });
});

function nameOf(definition: DefinitionNode) {
  return 'name' in definition ? definition.name?.value : undefined;
}

function firstDifference(a: string, b: string) {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${left[at] ?? '(end of file)'}\n  served:    ${right[at] ?? '(end of file)'}`;
}
