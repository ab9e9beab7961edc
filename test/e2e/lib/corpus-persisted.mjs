// The corpus's persisted-query requests: hashes alone, documents with a hash that is not theirs, and every malformed
// shape of `extensions.persistedQuery` and `documentId`, by POST and GET: each answered with a code, never a 5xx.
import { createHash } from 'node:crypto';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Adds 120 (at the default size) persisted-query requests of kind `persisted-query` (see hostileCorpus). */
export function persistedQueries(random, times, postJson, push, headersWith, seeds) {
  const s = () => random.pick(seeds);
  const hex = () => sha256(String(random.int(0, 1e9)));
  const shapes = [
    () => ({ version: 1, sha256Hash: hex() }),
    () => ({ version: 1, sha256Hash: `sha256:${hex()}` }),
    () => ({ version: 2, sha256Hash: hex() }),
    () => ({ version: '1', sha256Hash: hex() }),
    () => ({ version: 1, sha256Hash: hex().toUpperCase() }),
    () => ({ version: 1, sha256Hash: hex().slice(3) }),
    () => ({ version: 1, sha256Hash: 'a'.repeat(random.pick([65, 1000, 90_000])) }),
    () => ({ version: 1, sha256Hash: null }),
    () => ({ version: 1, sha256Hash: 42 }),
    () => ({ version: 1, sha256Hash: [hex()] }),
    () => ({ version: 1, sha256Hash: { $ne: '' } }),
    () => ({ version: 1, sha256Hash: '../../etc/passwd' }),
    () => ({ version: 1, sha256Hash: `${hex()}\u0000` }),
    () => ({ version: 1 }),
    () => ({}),
    () => 'persistedQuery',
    () => [hex()],
    () => null,
  ];
  const extensions = () =>
    random.pick([
      () => ({ persistedQuery: random.pick(shapes)() }),
      () => ({ persistedQuery: random.pick(shapes)(), other: { deep: [1, 2] } }),
      () => random.pick(['x', 7, [], true]),
    ])();
  times(60, () => {
    const seed = s();
    const body = random.pick([
      () => ({ extensions: extensions(), variables: seed.variables }),
      // A real document with a hash that isn't its own, or its own hash upper-cased.
      () => ({ query: seed.query, extensions: { persistedQuery: { version: 1, sha256Hash: hex() } } }),
      () => ({
        query: seed.query,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(seed.query).toUpperCase() } },
      }),
      () => ({ documentId: random.pick([hex(), `sha256:${hex()}`, 'sha256:', 12, null, { id: 1 }, 'x'.repeat(5000)]) }),
      () => ({ documentId: `sha256:${hex()}`, extensions: { persistedQuery: { version: 1, sha256Hash: hex() } } }),
      () => ({ query: seed.query, documentId: `sha256:${sha256(seed.query)}` }),
    ])();
    postJson('persisted-query', body);
  });
  times(60, () => {
    const params = new URLSearchParams();
    const seed = s();
    random.pick([
      () => params.set('extensions', JSON.stringify(extensions())),
      () =>
        params.set(
          'extensions',
          random.pick(['{"persistedQuery":', '{"persistedQuery":{"version":1,"sha256Hash":"%"}}', 'null', '[]']),
        ),
      () => params.set('documentId', random.pick([hex(), `sha256:${hex()}`, '%E0%A4%A', ''])),
      () => {
        params.set('query', seed.query);
        params.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hex() } }));
      },
    ])();
    if (random.chance(0.3)) params.set('variables', JSON.stringify(seed.variables ?? {}));
    push('persisted-query', { method: 'GET', path: `/graphql?${params}`, headers: headersWith() });
  });
}
