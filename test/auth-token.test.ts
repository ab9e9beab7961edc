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
});
