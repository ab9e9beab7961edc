// The real persisted-query links of Apollo Client and urql against the worker's fetch: what they send and what they
// make of the answers (the first use of a document registers it, later uses send its hash alone).
import { ApolloClient, HttpLink, InMemoryCache, gql as apolloGql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/security/hash';
import fixture from './fixtures/config';
import { testWorker, workerIn } from './helpers';
import manifest from './persisted/generated/persisted-documents.json';
import { freshDocument as fresh, recording } from './persisted/recording';
import { TrustedPostTitlesDocument } from './persisted/generated/graphql';

const ENDPOINT = 'http://cms.test/graphql';

function apollo(fetch: typeof globalThis.fetch, useGETForHashedQueries: boolean) {
  const link = new PersistedQueryLink({ sha256: sha256Hex, useGETForHashedQueries });
  return new ApolloClient({ link: link.concat(new HttpLink({ uri: ENDPOINT, fetch })), cache: new InMemoryCache() });
}

function urql(fetch: typeof globalThis.fetch, preferGetForPersistedQueries: boolean) {
  return new Client({
    url: ENDPOINT,
    fetch,
    exchanges: [persistedExchange({ preferGetForPersistedQueries }), fetchExchange],
    requestPolicy: 'network-only',
  });
}

beforeAll(async () => {
  const admin = testWorker(fixture);
  for (const title of ['Persisted one', 'Persisted two']) {
    const { createPost } = await admin.data('mutation($t: String!) { createPost(data: { title: $t }) { id } }', {
      t: title,
    });
    await admin.data('mutation($id: ID!) { publishPost(where: { id: $id }) { id } }', { id: createPost.id });
  }
});

describe("Apollo Client's PersistedQueryLink", () => {
  for (const useGET of [false, true]) {
    it(`registers a document on first use and then sends its hash alone (useGETForHashedQueries: ${useGET})`, async () => {
      const worker = testWorker(fixture, { as: 'anonymous' });
      const { sent, fetch } = recording(worker.fetch);
      const client = apollo(fetch, useGET);
      const query = apolloGql(fresh('Apollo'));
      const expected = (await worker.gql(query.loc!.source.body)).body.data;
      const first = await client.query({ query, fetchPolicy: 'network-only' });
      // Apollo asks for `__typename` too.
      expect(first.data).toMatchObject(expected);
      const method = useGET ? 'GET' : 'POST';
      expect(sent).toEqual([
        { method, hashOnly: true, code: 'PERSISTED_QUERY_NOT_FOUND', cache: null },
        { method: 'POST', hashOnly: false, code: undefined, cache: expect.any(String) },
      ]);
      const second = await client.query({ query, fetchPolicy: 'network-only' });
      expect(second.data).toEqual(first.data);
      expect(sent.slice(2)).toEqual([{ method, hashOnly: true, code: undefined, cache: 'HIT' }]);
    });
  }

  it('runs trusted documents by the hash the client preset gave them (generateHash)', async () => {
    const fetch = recording(workerIn('production', { ...fixture, persistedDocuments: { manifest } }));
    const link = new PersistedQueryLink({ generateHash: (document) => (document as any).__meta__.hash });
    const client = new ApolloClient({
      link: link.concat(new HttpLink({ uri: ENDPOINT, fetch: fetch.fetch })),
      cache: new InMemoryCache(),
    });
    const result = await client.query({ query: TrustedPostTitlesDocument, variables: { first: 1 } });
    expect(result.data?.posts.nodes.length).toBeLessThanOrEqual(1);
    expect(fetch.sent).toEqual([{ method: 'POST', hashOnly: true, code: undefined, cache: expect.any(String) }]);
  });
});

describe("urql's persistedExchange", () => {
  for (const preferGet of [false, true]) {
    it(`registers a document on first use and then sends its hash alone (preferGetForPersistedQueries: ${preferGet})`, async () => {
      const worker = testWorker(fixture, { as: 'anonymous' });
      const { sent, fetch } = recording(worker.fetch);
      const client = urql(fetch, preferGet);
      const query = urqlGql(fresh('Urql'));
      const expected = (await worker.gql(query.loc!.source.body)).body.data;
      expect(expected.posts.nodes.length).toBe(2);
      const first = await client.query(query, {}).toPromise();
      expect(first.error).toBeUndefined();
      expect(first.data).toEqual(expected);
      const method = preferGet ? 'GET' : 'POST';
      expect(sent).toEqual([
        { method, hashOnly: true, code: 'PERSISTED_QUERY_NOT_FOUND', cache: null },
        { method, hashOnly: false, code: undefined, cache: expect.any(String) },
      ]);
      const second = await client.query(query, {}).toPromise();
      expect(second.data).toEqual(expected);
      expect(sent.slice(2)).toEqual([{ method, hashOnly: true, code: undefined, cache: 'HIT' }]);
    });
  }

  it('sends a document whose hash does not match to a BAD_USER_INPUT error', async () => {
    const worker = testWorker(fixture, { as: 'anonymous' });
    const client = new Client({
      url: ENDPOINT,
      fetch: worker.fetch as unknown as typeof globalThis.fetch,
      exchanges: [persistedExchange({ generateHash: async () => 'f'.repeat(64) }), fetchExchange],
    });
    const result = await client.query(urqlGql(fresh('Mismatch')), {}).toPromise();
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
