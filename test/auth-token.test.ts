import { describe, expect, it } from 'vitest';
import { signedIn } from './auth-helpers';
import { codes, testWorker } from './helpers';

describe('access tokens', () => {
  it('an unverifiable bearer token is UNAUTHENTICATED, not anonymous', async () => {
    const w = testWorker();
    const { body } = await w.gql(`{ posts(first: 1) { totalCount } }`, {}, { authorization: 'Bearer not.a.token' });
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.data ?? null).toBeNull();
  });
  it('a signed token is accepted from the header and from the auth_token cookie', async () => {
    const w = testWorker();
    const { token, headers } = await signedIn('editor');
    expect((await w.gql(`{ posts(first: 1) { totalCount } }`, {}, headers)).body.errors).toBeUndefined();
    expect(
      (await w.gql(`{ posts(first: 1) { totalCount } }`, {}, { cookie: `theme=dark; auth_token=${token}` })).body
        .errors,
    ).toBeUndefined();
  });
  // GraphQL over HTTP: a token refused before anything runs is a request error, 401 under the new media type; the
  // legacy `application/json` keeps its 200. Same code and body either way.
  for (const [accept, status] of [
    ['application/graphql-response+json', 401],
    ['application/json', 200],
    ['application/graphql-response+json, application/json;q=0.9', 401],
  ] as const) {
    it(`an invalid token is ${status} UNAUTHENTICATED under Accept: ${accept}`, async () => {
      const w = testWorker(undefined, { as: 'anonymous' });
      for (const credentials of <Record<string, string>[]>[
        { authorization: 'Bearer not.a.token' },
        { authorization: 'Bearer cms_at_nope' },
        { cookie: 'auth_token=expired.or.forged' },
      ]) {
        const { response, body } = await w.gql(`{ posts(first: 1) { totalCount } }`, {}, { ...credentials, accept });
        expect(response.status).toBe(status);
        expect(codes(body)).toEqual(['UNAUTHENTICATED']);
        expect(body.data).toBeUndefined();
        if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      }
    });
  }
  it('a field that needs a sign-in stays a 200 under either media type (a field error, not a request error)', async () => {
    const w = testWorker(undefined, { as: 'anonymous' });
    const { response, body } = await w.gql(
      `mutation { createPost(data: { title: "x" }) { id } }`,
      {},
      {
        accept: 'application/graphql-response+json',
      },
    );
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(response.status).toBe(200);
  });
});
