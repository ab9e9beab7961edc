import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCollection, defineConfig, relation, text } from '../src';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';

// A collection with a required to-one relation, which the fixture model does not have. Its table is created here,
// the way the generated migration would (the fixture's own tables stay as they are).
const review = defineCollection({
  name: 'Review',
  fields: { body: text({ required: true }), post: relation({ to: 'Post', required: true }) },
});
const w = testWorker(defineConfig({ ...fixture, collections: [...fixture.collections, review] }));

beforeAll(async () => {
  await env.DB.prepare(
    `create table if not exists reviews (id text primary key, created_at integer not null, updated_at integer not null,
      status text default 'DRAFT' not null, published_at integer, version integer default 1 not null, created_by text, body text not null,
      post_id text not null references posts(id) on delete restrict)`,
  ).run();
});

const count = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

describe('required to-one relations', () => {
  it('must be connected on create (non-null in the create input) and cannot be disconnected', async () => {
    // Non-null in ReviewCreateInput: leaving it out fails validation; `post: {}` passes it, and the server refuses it.
    const missing = await w.gql(`mutation { createReview(data: {body: "No post"}) { id } }`);
    expect(codes(missing.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const { body } = await w.gql(`mutation { createReview(data: {body: "No post", post: {}}) { id } }`);
    expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    expect(body.errors![0]!.extensions!.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'post'], code: 'REQUIRED' }),
    ]);
    expect(await count('reviews')).toBe(0);

    const { createPost } = await w.data(`mutation { createPost(data: {title: "Reviewed once"}) { id } }`);
    const { createReview } = await w.data(
      `mutation($p: ID!) { createReview(data: {body: "Good", post: {connect: {id: $p}}}) { id post { id } } }`,
      {
        p: createPost.id,
      },
    );
    expect(createReview.post.id).toBe(createPost.id);
    const off = await w.gql(
      `mutation($id: ID!) { updateReview(where: {id: $id}, data: {post: {disconnect: true}}) { id } }`,
      { id: createReview.id },
    );
    expect(codes(off.body)).toEqual(['VALIDATION_FAILED']);
    expect(off.body.errors![0]!.extensions!.fieldErrors[0]).toMatchObject({ path: ['data', 'post'], code: 'REQUIRED' });
  });

  it('refuse deleting an item they still point at with CONFLICT, single and bulk, writing nothing', async () => {
    const { createPost } = await w.data(
      `mutation { createPost(data: {title: "Held", excerpt: "held-by-review"}) { id } }`,
    );
    const { createReview } = await w.data(
      `mutation($p: ID!) { createReview(data: {body: "Keeps it", post: {connect: {id: $p}}}) { id } }`,
      {
        p: createPost.id,
      },
    );
    const one = await w.gql(`mutation($id: ID!) { deletePost(where: {id: $id}) { id } }`, { id: createPost.id });
    expect(codes(one.body)).toEqual(['CONFLICT']);
    expect(one.body.errors![0]!.message).not.toMatch(/FOREIGN|constraint|delete from/i);
    const many = await w.gql(`mutation { deletePosts(where: {excerpt: {equals: "held-by-review"}}) { count } }`);
    expect(codes(many.body)).toEqual(['CONFLICT']);
    expect(await env.DB.prepare('select id from posts where id = ?').bind(createPost.id).first()).toEqual({
      id: createPost.id,
    });

    await w.data(`mutation($id: ID!) { deleteReview(where: {id: $id}) { id } }`, { id: createReview.id });
    const d = await w.data(`mutation($id: ID!) { deletePost(where: {id: $id}) { title } }`, { id: createPost.id });
    expect(d.deletePost.title).toBe('Held');
  });
});
