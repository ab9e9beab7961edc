import { describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';

// API tokens end to end: an admin creates them through GraphQL, a frontend sends them as Bearer tokens, and the
// permissions step applies what they may do (a read token reads like a viewer, a read-write one writes like an editor,
// both only within their collections).
const admin = testWorker();
const anonymous = testWorker(undefined, { as: 'anonymous' });

async function apiToken(access: 'READ' | 'READ_WRITE', collections?: string[]) {
  const { createApiToken } = await admin.data(
    `mutation T($access: ApiTokenAccess!, $collections: [String!]) {
      createApiToken(name: "frontend", access: $access, collections: $collections) { token apiToken { id } }
    }`,
    { access, collections },
  );
  return { id: createApiToken.apiToken.id as string, headers: { authorization: `Bearer ${createApiToken.token}` } };
}

describe('API tokens through the worker', () => {
  it('a READ token reads published items only (stages.test.ts); writing is FORBIDDEN, nothing written', async () => {
    await admin.data(`mutation { createPost(data: { title: "Token draft" }) { id } }`);
    const { headers } = await apiToken('READ');
    const read = await anonymous.gql(
      `{ posts(where: { title: { equals: "Token draft" } }) { nodes { status } } }`,
      {},
      headers,
    );
    expect(read.body.data.posts.nodes).toEqual([]);
    expect((await admin.data(`{ posts(where: { title: { equals: "Token draft" } }) { totalCount } }`)).posts).toEqual({
      totalCount: 1,
    });
    const write = await anonymous.gql(`mutation { createTag(data: { name: "by-read-token" }) { id } }`, {}, headers);
    expect(codes(write.body)).toEqual(['FORBIDDEN']);
    expect(
      (await admin.data(`{ tags(where: { name: { equals: "by-read-token" } }) { totalCount } }`)).tags.totalCount,
    ).toBe(0);
  });

  it('a READ_WRITE token scoped to Tag writes tags, and nothing else', async () => {
    const { headers } = await apiToken('READ_WRITE', ['Tag']);
    const tag = await anonymous.gql(`mutation { createTag(data: { name: "by-scoped-token" }) { name } }`, {}, headers);
    expect(tag.body.errors).toBeUndefined();
    expect(tag.body.data.createTag).toEqual({ name: 'by-scoped-token' });
    const post = await anonymous.gql(`mutation { createPost(data: { title: "by-scoped-token" }) { id } }`, {}, headers);
    expect(codes(post.body)).toEqual(['FORBIDDEN']);
    expect(codes((await anonymous.gql(`{ posts { totalCount } }`, {}, headers)).body)).toEqual(['FORBIDDEN']);
  });

  it('a revoked token is UNAUTHENTICATED at once', async () => {
    const { id, headers } = await apiToken('READ');
    expect((await anonymous.gql(`{ tags { totalCount } }`, {}, headers)).body.errors).toBeUndefined();
    await admin.data(`mutation R($id: ID!) { revokeApiToken(id: $id) }`, { id });
    expect(codes((await anonymous.gql(`{ tags { totalCount } }`, {}, headers)).body)).toEqual(['UNAUTHENTICATED']);
  });

  it('only an admin creates them', async () => {
    const editor = testWorker(undefined, { as: 'editor' });
    expect(codes((await editor.gql(`mutation { createApiToken(name: "x", access: READ) { token } }`)).body)).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes((await anonymous.gql(`mutation { createApiToken(name: "x", access: READ) { token } }`)).body)).toEqual(
      ['UNAUTHENTICATED'],
    );
  });
});
