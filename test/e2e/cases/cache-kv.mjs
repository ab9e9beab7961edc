// KV across isolates, as the served bundle does it: a response reused in one isolate is written to KV with the
// summary of admitted keys, and a new isolate (a restarted `wrangler dev` on the same state) finds it there; a key
// never admitted is answered from D1. A worker of its own: its restart is the new isolate.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freePort, productionVars, startWorker, tempState } from '../../../bench/lib/worker.mjs';
import { gql } from '../lib/gql.mjs';

const TAGS =
  'query Tags($miss: ID!) { tags(where: { id: { not: $miss } }, orderBy: [{ name: asc }]) { nodes { name } } }';

async function read(url, miss) {
  const { status, headers, text } = await gql(url, TAGS, { miss });
  assert.equal(status, 200, text);
  return { text, cache: [headers.get('x-cache-status'), headers.get('x-cache-source')].join(' ') };
}

export default [
  {
    name: 'a response reused in one isolate is a KV hit in the next; one never reused is read from D1',
    item: 'kv-admitted-keys',
    profiles: ['production'],
    timeout: 60_000,
    async run() {
      const state = tempState('cms-e2e-kv-');
      const vars = productionVars();
      const [shared, once] = [randomUUID(), randomUUID()];
      const start = async () => {
        const [port, inspectorPort] = [await freePort(), await freePort()];
        return startWorker({ port, inspectorPort, persistTo: state.dir, vars });
      };
      try {
        const first = await start();
        let miss;
        try {
          miss = await read(first.url, shared);
          assert.equal(miss.cache, 'MISS database');
          assert.equal((await read(first.url, shared)).cache, 'HIT memory'); // its reuse: written to KV after
          assert.equal((await read(first.url, once)).cache, 'MISS database');
          // The KV write and the summary's run after the response (waitUntil): a moment for them to land.
          await new Promise((resolve) => setTimeout(resolve, 1500));
        } finally {
          await first.stop();
        }
        const second = await start();
        try {
          const hit = await read(second.url, shared);
          assert.equal(hit.cache, 'HIT kv');
          assert.equal(hit.text, miss.text);
          const other = await read(second.url, once);
          assert.equal(other.cache, 'MISS database');
          assert.equal(other.text, miss.text); // the same tags: `$miss` matches no id
        } finally {
          await second.stop();
        }
      } finally {
        state.remove();
      }
    },
  },
];
