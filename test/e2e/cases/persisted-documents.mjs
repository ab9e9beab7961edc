// Persisted documents through the real clients (Apollo Client's PersistedQueryLink, urql's persistedExchange, run in
// Node against the served bundle): a document's first use registers it, later uses send its hash alone, by POST and
// GET. Before this, Apollo's link broke every query ("Must provide query string."). The trusted documents' manifest is
// checked on a worker of its own (test/e2e/trusted/worker.ts) in production, where only its documents run.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloClient, HttpLink, InMemoryCache, gql as apolloGql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { freePort, productionVars, startWorker, tempState } from '../../../bench/lib/worker.mjs';
import { freshDocument as fresh, recording as recordingInto } from '../../persisted/recording.ts';

const recording = () => recordingInto(fetch);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const apollo = (url, fetch, useGETForHashedQueries) =>
  new ApolloClient({
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
      new HttpLink({ uri: `${url}/graphql`, fetch }),
    ),
    cache: new InMemoryCache(),
  });

const urql = (url, fetch, preferGetForPersistedQueries) =>
  new Client({
    url: `${url}/graphql`,
    fetch,
    exchanges: [persistedExchange({ preferGetForPersistedQueries }), fetchExchange],
    requestPolicy: 'network-only',
  });

/** What the first two uses of a document sent: the hash (refused), then the document; then the hash alone. */
function assertRegisteredThenHashed(sent, method, retryMethod) {
  assert.deepEqual(
    sent.map(({ method: m, hashOnly, code }) => ({ m, hashOnly, code })),
    [
      { m: method, hashOnly: true, code: 'PERSISTED_QUERY_NOT_FOUND' },
      { m: retryMethod, hashOnly: false, code: undefined },
      { m: method, hashOnly: true, code: undefined },
    ],
    JSON.stringify(sent),
  );
}

async function post(url, body) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export default [
  {
    name: "Apollo's persisted-query link registers a document, then sends its hash alone (POST, then GET)",
    item: 'apq-apollo',
    async run({ url }) {
      for (const useGET of [false, true]) {
        const { sent, fetch } = recording();
        const client = apollo(url, fetch, useGET);
        const query = apolloGql(fresh('Apollo'));
        const first = await client.query({ query, fetchPolicy: 'network-only' });
        const second = await client.query({ query, fetchPolicy: 'network-only' });
        assert.equal(typeof first.data.posts.totalCount, 'number');
        assert.deepEqual(second.data, first.data);
        assertRegisteredThenHashed(sent, useGET ? 'GET' : 'POST', 'POST');
      }
    },
  },
  {
    name: "urql's persistedExchange registers a document, then sends its hash alone; a hashed GET is cached",
    item: 'apq-urql',
    async run({ url }) {
      for (const preferGet of [false, true]) {
        const { sent, fetch } = recording();
        const client = urql(url, fetch, preferGet);
        const query = urqlGql(fresh('Urql'));
        const first = await client.query(query, {}).toPromise();
        assert.equal(first.error, undefined, String(first.error));
        const second = await client.query(query, {}).toPromise();
        assert.deepEqual(second.data, first.data);
        const method = preferGet ? 'GET' : 'POST';
        assertRegisteredThenHashed(sent, method, method);
        // The hashed GET is answered from the cache, as the whole document's GET would be.
        if (preferGet) assert.equal(sent[2].cache, 'HIT', JSON.stringify(sent));
      }
    },
  },
  {
    name: 'a document that does not match its hash is a 400 BAD_USER_INPUT, and registers nothing',
    item: 'apq-mismatch',
    async run({ url }) {
      const query = fresh('Mismatch');
      const other = sha256(fresh('Other'));
      const mismatch = await post(url, { query, extensions: { persistedQuery: { version: 1, sha256Hash: other } } });
      assert.equal(mismatch.status, 400, JSON.stringify(mismatch.body));
      assert.equal(mismatch.body.errors[0].extensions.code, 'BAD_USER_INPUT');
      const byHash = await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: other } } });
      assert.equal(byHash.status, 200);
      assert.equal(byHash.body.errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND');
      assert.equal(byHash.body.errors[0].message, 'PersistedQueryNotFound');
    },
  },
  {
    name: 'with a trusted documents manifest, production runs only its documents (by hash or documentId)',
    item: 'trusted-documents',
    profiles: ['production'],
    timeout: 90_000,
    async run() {
      const manifest = JSON.parse(
        readFileSync(path.join(root, 'test/persisted/generated/persisted-documents.json'), 'utf8'),
      );
      const [id] = Object.entries(manifest).find(([, document]) => document.startsWith('query TrustedPostTitles'));
      const state = tempState('cms-e2e-trusted-');
      const [port, inspectorPort] = [await freePort(), await freePort()];
      const worker = await startWorker({
        port,
        inspectorPort,
        persistTo: state.dir,
        vars: productionVars(),
        args: ['test/e2e/trusted/worker.ts'],
        cwd: root,
      });
      try {
        const { url } = worker;
        const hex = id.replace('sha256:', '');
        for (const body of [
          { documentId: id, variables: { first: 1 } },
          { extensions: { persistedQuery: { version: 1, sha256Hash: hex } }, variables: { first: 1 } },
        ]) {
          const ran = await post(url, body);
          assert.equal(ran.status, 200, JSON.stringify(ran.body));
          assert.equal(ran.body.errors, undefined, JSON.stringify(ran.body));
          assert.equal(typeof ran.body.data.posts.totalCount, 'number');
        }
        const byGet = await fetch(`${url}/graphql?${new URLSearchParams({ documentId: id })}`);
        assert.equal(byGet.status, 200);
        const refused = await post(url, { query: '{ posts { totalCount } }' });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.errors[0].extensions.code, 'PERSISTED_QUERY_ONLY');
        // Apollo's link, with a document outside the manifest: the hash is not found, the document is refused.
        const { sent, fetch: recorded } = recording();
        await assert.rejects(apollo(url, recorded, false).query({ query: apolloGql(fresh('Untrusted')) }));
        assert.deepEqual(
          sent.map((s) => s.code),
          ['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_ONLY'],
        );
      } finally {
        await worker.stop();
        state.remove();
      }
    },
  },
];
