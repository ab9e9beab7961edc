import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { constraintError } from '../src/db/errors';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';

const w = testWorker();
let seq = 0;
/** A value no other test in this file uses (D1 is shared by the tests of a file). */
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;
const count = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

const CREATE_WIDGET = `mutation($data: WidgetCreateInput!) { createWidget(data: $data) { id label handle } }`;

/** Runs a create that must fail validation, and checks it wrote nothing. Returns the field errors. */
async function rejected(query: string, variables: Record<string, unknown>, tables = ['widgets', 'widgets_parts']) {
  const before = await Promise.all(tables.map(count));
  const { body } = await w.gql(query, variables);
  expect(codes(body)).toEqual(['VALIDATION_FAILED']);
  expect(await Promise.all(tables.map(count))).toEqual(before);
  return body.errors![0]!.extensions!.fieldErrors as Array<{
    path: (string | number)[];
    code: string;
    message: string;
  }>;
}

describe('field validation', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['text minLength', { label: 'x' }, 'label', 'TOO_SHORT'],
    ['text maxLength', { label: 'x'.repeat(41) }, 'label', 'TOO_LONG'],
    ['text pattern', { label: 'ok', code: 'abc' }, 'code', 'PATTERN_MISMATCH'],
    ['textarea maxLength', { label: 'ok', notes: 'n'.repeat(1001) }, 'notes', 'TOO_LONG'],
    ['rich text shape', { label: 'ok', summary: 'just a string' }, 'summary', 'INVALID_TYPE'],
    ['integer max', { label: 'ok', count: 1001 }, 'count', 'TOO_LARGE'],
    ['integer min', { label: 'ok', count: -1 }, 'count', 'TOO_SMALL'],
    ['float max', { label: 'ok', ratio: 1.5 }, 'ratio', 'TOO_LARGE'],
    ['datetime min', { label: 'ok', launchAt: '1999-12-31T23:59:59Z' }, 'launchAt', 'TOO_EARLY'],
    ['email', { label: 'ok', contact: 'not-an-email' }, 'contact', 'INVALID_EMAIL'],
    ['url', { label: 'ok', homepage: 'ftp://example.com' }, 'homepage', 'INVALID_URL'],
    ['slug', { label: 'ok', handle: 'Not A Slug' }, 'handle', 'INVALID_SLUG'],
  ];
  for (const [name, data, field, code] of cases) {
    it(`rejects ${name} and writes nothing`, async () => {
      const errors = await rejected(CREATE_WIDGET, { data });
      expect(errors).toContainEqual(expect.objectContaining({ path: ['data', field], code }));
    });
  }

  it('reports every problem at once', async () => {
    const errors = await rejected(CREATE_WIDGET, {
      data: { label: 'x', count: 5000, contact: 'nope', homepage: 'nope' },
    });
    expect(errors.map((e) => e.path.join('.')).sort()).toEqual([
      'data.contact',
      'data.count',
      'data.homepage',
      'data.label',
    ]);
    expect(errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
  });

  it('accepts a widget with every field type', async () => {
    const code = `QQQ-${String(seq++).padStart(3, '0')}`;
    const d = await w.data(
      `mutation($data: WidgetCreateInput!) { createWidget(data: $data) {
        label code notes summary count ratio active launchAt size meta contact homepage handle } }`,
      {
        data: {
          label: 'Every field',
          code,
          notes: 'long text',
          summary: { blocks: [{ text: 'hi' }] },
          count: 7,
          ratio: -0.5,
          active: false,
          launchAt: '2030-01-02T03:04:05Z',
          size: 'LARGE',
          meta: [1, 'two', { three: 3 }],
          contact: 'ada@example.com',
          homepage: 'https://example.com/x',
          handle: unique('every-field-'),
        },
      },
    );
    expect(d.createWidget).toMatchObject({
      label: 'Every field',
      code,
      summary: { blocks: [{ text: 'hi' }] },
      count: 7,
      ratio: -0.5,
      active: false,
      launchAt: '2030-01-02T03:04:05.000Z',
      size: 'LARGE',
      meta: [1, 'two', { three: 3 }],
      contact: 'ada@example.com',
    });
  });

  it('applies column defaults to absent fields', async () => {
    const d = await w.data(`mutation { createWidget(data: {label: "Defaults"}) { count active size } }`);
    expect(d.createWidget).toEqual({ count: 1, active: true, size: 'MEDIUM' });
  });
});

describe('required fields', () => {
  it('refuses a create without a required field before it runs (non-null in the input), writing nothing', async () => {
    const before = await count('widgets');
    const literal = await w.gql(`mutation { createWidget(data: {notes: "no label"}) { id } }`);
    expect(codes(literal.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(literal.body.errors![0]!.message).toMatch(/label/);
    for (const data of [{ notes: 'no label' }, { label: null }]) {
      const r = await w.gql(CREATE_WIDGET, { data });
      expect(codes(r.body), JSON.stringify(data)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors![0]!.message).toMatch(/label/);
      expect(r.body.data).toBeUndefined();
    }
    expect(await count('widgets')).toBe(before);
  });

  it('keeps a required field nullable in the create input when a beforeCreate hook may fill it', () => {
    const schema = buildCms(fixture).schema;
    const fieldsOf = (name: string) => (schema.getType(name) as any).getFields();
    expect(String(fieldsOf('WidgetCreateInput').label.type)).toBe('String!');
    // ReadingList has a beforeCreate hook (the reading-time plugin), so the hook's own checks decide.
    expect(String(fieldsOf('ReadingListCreateInput').name.type)).toBe('String');
    // A default or a derived slug supplies the value: optional in the input, never null in the output.
    expect(String(fieldsOf('WidgetCreateInput').count.type)).toBe('Int');
    expect(String(fieldsOf('WidgetCreateInput').handle.type)).toBe('String');
    expect(String(fieldsOf('Widget').count.type)).toBe('Int!');
    expect(String(fieldsOf('Widget').handle.type)).toBe('String!');
    expect(String(fieldsOf('Widget').notes.type)).toBe('String');
  });

  it('refuses null for a field with a default, on create and update, and writes nothing', async () => {
    const created = await rejected(CREATE_WIDGET, { data: { label: 'Nulls', count: null, active: null, size: null } });
    expect(created.map((e) => [e.path, e.code])).toEqual([
      [['data', 'count'], 'REQUIRED'],
      [['data', 'active'], 'REQUIRED'],
      [['data', 'size'], 'REQUIRED'],
    ]);
    const { createWidget } = await w.data(`mutation { createWidget(data: {label: "Has defaults"}) { id handle } }`);
    for (const data of [{ count: null }, { handle: null }]) {
      const { body } = await w.gql(
        `mutation($id: ID!, $data: WidgetUpdateInput!) { updateWidget(where: {id: $id}, data: $data) { id } }`,
        {
          id: createWidget.id,
          data,
        },
      );
      expect(codes(body)).toEqual(['VALIDATION_FAILED']);
      expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
        expect.objectContaining({ path: ['data', Object.keys(data)[0]], code: 'REQUIRED' }),
      ]);
    }
    const row = await env.DB.prepare('select count, handle, version from widgets where id = ?')
      .bind(createWidget.id)
      .first();
    expect(row).toEqual({ count: 1, handle: createWidget.handle, version: 1 });
  });

  it('rejects null for a required field on update, and accepts null for an optional one', async () => {
    const { createWidget } = await w.data(`mutation { createWidget(data: {label: "Keep", notes: "n"}) { id } }`);
    const { body } = await w.gql(`mutation($id: ID!) { updateWidget(where: {id: $id}, data: {label: null}) { id } }`, {
      id: createWidget.id,
    });
    expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'label'], code: 'REQUIRED' }),
    ]);
    const row = await env.DB.prepare('select label, version from widgets where id = ?').bind(createWidget.id).first();
    expect(row).toEqual({ label: 'Keep', version: 1 });
    const d = await w.data(
      `mutation($id: ID!) { updateWidget(where: {id: $id}, data: {notes: null}) { label notes } }`,
      { id: createWidget.id },
    );
    expect(d.updateWidget).toEqual({ label: 'Keep', notes: null });
  });

  it('addresses bulk problems by index', async () => {
    const errors = await rejected(`mutation($data: [WidgetCreateInput!]!) { createWidgets(data: $data) { id } }`, {
      data: [{ label: 'fine' }, { label: 'ok' }, { label: 'x', count: -5 }],
    });
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [['data', 2, 'label'], 'TOO_SHORT'],
      [['data', 2, 'count'], 'TOO_SMALL'],
    ]);
  });
});

describe('relations', () => {
  it('rejects connecting an id that does not exist', async () => {
    const errors = await rejected(
      `mutation($data: PostCreateInput!) { createPost(data: $data) { id } }`,
      { data: { title: 'Orphan', author: { connect: { id: 'no-such-author' } } } },
      ['posts', 'posts_tags'],
    );
    expect(errors).toEqual([expect.objectContaining({ path: ['data', 'author', 'connect'], code: 'NOT_FOUND' })]);
  });

  it('names the index of the unknown item of a to-many connect', async () => {
    const tag = await w.data(`mutation($name: String!) { createTag(data: {name: $name}) { id slug } }`, {
      name: unique('Known '),
    });
    const errors = await rejected(
      `mutation($data: PostCreateInput!) { createPost(data: $data) { id } }`,
      {
        data: { title: 'Tags', tags: { connect: [{ id: tag.createTag.id }, { slug: 'no-such-tag' }, { id: 'nope' }] } },
      },
      ['posts', 'posts_tags'],
    );
    expect(errors.map((e) => e.path)).toEqual([
      ['data', 'tags', 'connect', 1],
      ['data', 'tags', 'connect', 2],
    ]);
  });

  it('refuses a WhereUniqueInput with no field or two fields (@oneOf), writing nothing', async () => {
    const before = await count('posts');
    const none = await w.gql(`mutation { createPost(data: {title: "T", author: {connect: {}}}) { id } }`);
    expect(codes(none.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const two = await w.gql(`{ tag(where: {id: "x", name: "y"}) { id } }`);
    expect(codes(two.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const update = await w.gql(`mutation { updateTag(where: {id: "x", name: "y"}, data: {}) { id } }`);
    expect(codes(update.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const viaVariables = await w.gql(`mutation($data: PostCreateInput!) { createPost(data: $data) { id } }`, {
      data: { title: 'T', tags: { connect: [{ id: 'x', name: 'y' }] } },
    });
    expect(codes(viaVariables.body)).toEqual(['BAD_USER_INPUT']);
    expect(await count('posts')).toBe(before);
  });
});

describe('unique fields', () => {
  it('refuses a taken value with CONFLICT naming the field', async () => {
    const name = unique('Taken ');
    await w.data(`mutation($name: String!) { createTag(data: {name: $name}) { id } }`, { name });
    const before = await count('tags');
    const { body } = await w.gql(`mutation($name: String!) { createTag(data: {name: $name}) { id } }`, { name });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'name'], code: 'UNIQUE' }),
    ]);
    expect(body.errors![0]!.message).not.toMatch(/constraint|insert|select/i);
    expect(await count('tags')).toBe(before);
  });

  it('refuses a taken value on update but lets an item keep its own', async () => {
    const a = unique('Mine ');
    const b = unique('Yours ');
    const d = await w.data(
      `mutation($a: String!, $b: String!) { a: createTag(data: {name: $a}) { id } b: createTag(data: {name: $b}) { id } }`,
      { a, b },
    );
    const same = await w.data(
      `mutation($id: ID!, $a: String!) { updateTag(where: {id: $id}, data: {name: $a}) { name version } }`,
      { id: d.a.id, a },
    );
    expect(same.updateTag).toEqual({ name: a, version: 2 });
    const { body } = await w.gql(
      `mutation($id: ID!, $b: String!) { updateTag(where: {id: $id}, data: {name: $b}) { id } }`,
      { id: d.a.id, b },
    );
    expect(codes(body)).toEqual(['CONFLICT']);
  });

  it('refuses duplicates inside one bulk create, and writes none of the items', async () => {
    const name = unique('Twice ');
    const before = await count('tags');
    const { body } = await w.gql(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id } }`, {
      data: [{ name: unique('Once ') }, { name }, { name }],
    });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 2, 'name'], code: 'UNIQUE' }),
    ]);
    expect(await count('tags')).toBe(before);
  });

  it('refuses a bulk create clashing with an existing item, writing nothing', async () => {
    const name = unique('Existing ');
    await w.data(`mutation($name: String!) { createTag(data: {name: $name}) { id } }`, { name });
    const before = await count('tags');
    const { body } = await w.gql(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id } }`, {
      data: [{ name: unique('New ') }, { name }],
    });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0]!.extensions!.fieldErrors[0].path).toEqual(['data', 1, 'name']);
    expect(await count('tags')).toBe(before);
  });

  it('refuses a bulk update giving many items one unique value', async () => {
    const marker = unique('bulk-unique-');
    await w.data(
      `mutation($a: String!, $b: String!) { a: createWidget(data: {label: "ok", notes: $a}) { id } b: createWidget(data: {label: "ok", notes: $b}) { id } }`,
      {
        a: marker,
        b: marker,
      },
    );
    const { body } = await w.gql(
      `mutation($m: String!) { updateWidgets(where: {notes: {equals: $m}}, data: {code: "DUP-001"}) { count } }`,
      { m: marker },
    );
    expect(codes(body)).toEqual(['CONFLICT']);
    const rows = await env.DB.prepare('select code, version from widgets where notes = ?').bind(marker).all();
    expect(rows.results).toEqual([
      { code: null, version: 1 },
      { code: null, version: 1 },
    ]);
  });

  it('maps a unique violation D1 reports (a race past the pre-check) to CONFLICT without SQL', async () => {
    const name = unique('Race ');
    await env.DB.prepare(`insert into tags (id, created_at, updated_at, name) values (?, 1, 1, ?)`)
      .bind(unique('t'), name)
      .run();
    const error = await env.DB.prepare(`insert into tags (id, created_at, updated_at, name) values (?, 1, 1, ?)`)
      .bind(unique('t'), name)
      .run()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    const mapped = constraintError(
      new Error('Failed query: insert into "tags" ...', { cause: error }),
      buildCms(fixture),
    ) as any;
    expect(mapped.extensions.code).toBe('CONFLICT');
    expect(mapped.extensions.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'name'], code: 'UNIQUE' }),
    ]);
    expect(mapped.message).not.toMatch(/insert|constraint/i);
  });
});

describe('slugs', () => {
  it('derives a slug from its source field, and suffixes -2, -3 when taken', async () => {
    const title = unique('Hello Slug World ');
    const base = title.toLowerCase().replace(/ /g, '-');
    const first = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { slug } }`, { t: title });
    expect(first.createPost.slug).toBe(base);
    const second = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { slug } }`, { t: title });
    expect(second.createPost.slug).toBe(`${base}-2`);
    const bulk = await w.data(`mutation($t: String!) { createPosts(data: [{title: $t}, {title: $t}]) { slug } }`, {
      t: title,
    });
    expect(bulk.createPosts.map((p: any) => p.slug)).toEqual([`${base}-3`, `${base}-4`]);
  });

  it("derives long slugs (past D1's 50-byte LIKE limit) and ignores non-numeric suffixes", async () => {
    const title = `${unique('A rather long title ')} that goes on and on well past fifty characters`;
    const base = title.toLowerCase().replace(/ /g, '-');
    await w.data(`mutation($s: String!) { createPost(data: {title: "Decoy", slug: $s}) { slug } }`, {
      s: `${base}-extra`,
    });
    const first = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { slug } }`, { t: title });
    const second = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { slug } }`, { t: title });
    expect([first.createPost.slug, second.createPost.slug]).toEqual([base, `${base}-2`]);
  });

  it("takes the item's id when the source gives nothing to derive from, so a slug always has a value", async () => {
    const d = await w.data(`mutation { createPosts(data: [{title: "東京"}, {title: "!!!"}]) { id slug } }`);
    for (const post of d.createPosts) expect(post.slug).toBe(post.id);
    const found = await w.data(`query($s: String!) { post(where: {slug: $s}) { id } }`, { s: d.createPosts[0].slug });
    expect(found.post).toEqual({ id: d.createPosts[0].id });
  });

  it('folds accents and punctuation', async () => {
    const marker = unique('x');
    const d = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { slug } }`, {
      t: `Crème Brûlée!  & Co ${marker}`,
    });
    expect(d.createPost.slug).toBe(`creme-brulee-co-${marker}`);
  });

  it('keeps a given slug, and refuses a taken one with CONFLICT', async () => {
    const slug = unique('given-');
    const d = await w.data(`mutation($s: String!) { createPost(data: {title: "Anything", slug: $s}) { slug } }`, {
      s: slug,
    });
    expect(d.createPost.slug).toBe(slug);
    const before = await count('posts');
    const { body } = await w.gql(`mutation($s: String!) { createPost(data: {title: "Other", slug: $s}) { slug } }`, {
      s: slug,
    });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0]!.extensions!.fieldErrors[0].path).toEqual(['data', 'slug']);
    expect(await count('posts')).toBe(before);
  });

  it('does not re-derive a slug when its source changes', async () => {
    const title = unique('Stable ');
    const d = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { id slug } }`, { t: title });
    const u = await w.data(`mutation($id: ID!) { updatePost(where: {id: $id}, data: {title: "Renamed"}) { slug } }`, {
      id: d.createPost.id,
    });
    expect(u.updatePost.slug).toBe(d.createPost.slug);
  });
});
