// Compiled reads (docs/compiled-reads.md) on the served bundle: a read memory did not hold says which path read its
// data (`Server-Timing: read;desc="compiled"` or `"resolvers"`, where Server-Timing is on), and the answers are the
// same with compiled reads off. Written for any compiler: a document it covers says `compiled`, any other
// `resolvers`; the bodies must not differ either way.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freePort, productionVars, startWorker, tempState } from '../../../bench/lib/worker.mjs';
import { gql } from '../lib/gql.mjs';

const READ = /(?:^|, )read;desc="(compiled|resolvers)"(?:,|$)/;

/** Which path read a response's data, as its Server-Timing says; undefined when it names none. */
const pathOf = (result) => READ.exec(result.headers.get('server-timing') ?? '')?.[1];

/** Reads of every kind the compiler aims at, each named once per run so the cache holds none of them yet. */
function reads(run) {
  const name = (what) => `${what}_${run}`;
  const list = '{ nodes { id title body author { name } tags { nodes { name } } } }';
  const deep = '{ nodes { title author { name posts(first: 2) { nodes { title tags { totalCount } } } } } }';
  return [
    `query ${name('List')} { posts(first: 10, orderBy: [{ title: asc }]) ${list} }`,
    `query ${name('Deep')} { posts(first: 3) ${deep} }`,
    `query ${name('BySlug')} { post(where: { slug: "compiled-e2e-1" }) { id title slug status } }`,
    `query ${name('Filtered')} { posts(where: { title: { startsWith: "Compiled" } }) { totalCount nodes { title } } }`,
    `query ${name('Missing')} { post(where: { id: "no-such-id" }) { id } }`,
  ];
}

async function signIn(url, { email, password }) {
  const login = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
  const { body } = await gql(url, login, { e: email, p: password });
  assert.ok(body.data?.login?.token, `login failed: ${JSON.stringify(body).slice(0, 300)}`);
  return { authorization: `Bearer ${body.data.login.token}` };
}

/** An author with two posts (one published, one draft) and a tag, so reads have relations to follow. */
async function seed(url, headers) {
  const run = async (query, variables) => {
    const result = await gql(url, query, variables, headers);
    assert.equal(result.body.errors, undefined, JSON.stringify(result.body).slice(0, 300));
    return result.body.data;
  };
  const { createAuthor } = await run('mutation { createAuthor(data: { name: "Compiled Author" }) { id } }');
  const { createTag } = await run('mutation { createTag(data: { name: "compiled-e2e" }) { id } }');
  for (const n of [1, 2]) {
    const { createPost } = await run(
      'mutation($t: String!, $s: String!, $a: ID!, $g: ID!) { createPost(data: { title: $t, slug: $s, ' +
        'author: { connect: { id: $a } }, tags: { connect: [{ id: $g }] } }) { id } }',
      { t: `Compiled ${n}`, s: `compiled-e2e-${n}`, a: createAuthor.id, g: createTag.id },
    );
    if (n === 1) await run('mutation($id: ID!) { publishPost(where: { id: $id }) { id } }', { id: createPost.id });
  }
}

export default [
  {
    name: 'a read memory did not hold says which path read it (compiled, before Yoga or in the pipeline); a hit none',
    item: 'compiled-reads',
    async run({ url, profile }) {
      const query = `query Path_${randomUUID().slice(0, 8)} { posts(first: 2) { nodes { id title } } }`;
      const miss = await gql(url, query);
      assert.equal(miss.status, 200);
      assert.equal(miss.headers.get('x-cache-status'), 'MISS');
      const hit = await gql(url, query);
      assert.equal(hit.headers.get('x-cache-status'), 'HIT');
      assert.deepEqual(hit.body.data, miss.body.data);
      if (profile === 'production') {
        // Server-Timing is off in production unless SERVER_TIMING turns it on (the next case does).
        assert.equal(miss.headers.get('server-timing'), null);
        return;
      }
      assert.ok(pathOf(miss), `no read entry in Server-Timing: ${miss.headers.get('server-timing')}`);
      assert.equal(pathOf(hit), undefined, 'a hit reads nothing');
      // A browser's cross-origin request (a fresh document, so its own miss) is answered compiled too, with its CORS
      // headers.
      const cors = await gql(url, query.replace('Path_', 'Cors_'), undefined, { origin: 'http://localhost:5173' });
      assert.equal(pathOf(cors), 'compiled');
      assert.deepEqual(cors.body.data, miss.body.data);
      assert.equal(cors.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    },
  },
  {
    name: 'answers are the same with COMPILED_READS=off, and only the compiled worker may say compiled',
    item: 'compiled-reads',
    profiles: ['production'],
    timeout: 90_000,
    async run() {
      const state = tempState('cms-e2e-compiled-');
      const vars = productionVars();
      const admin = { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD };
      // One state, one worker after the other; each run names its documents anew: neither reads the other's entries.
      const answers = {};
      try {
        for (const mode of ['on', 'off']) {
          const [port, inspectorPort] = [await freePort(), await freePort()];
          const worker = await startWorker({
            port,
            inspectorPort,
            persistTo: state.dir,
            vars: { ...vars, SERVER_TIMING: 'on', COMPILED_READS: mode },
          });
          try {
            const headers = await signIn(worker.url, admin);
            if (mode === 'on') await seed(worker.url, headers);
            answers[mode] = [];
            for (const caller of [{}, headers])
              for (const query of reads(`${mode}_${caller.authorization ? 'admin' : 'anonymous'}`)) {
                const result = await gql(worker.url, query, undefined, caller);
                assert.equal(result.status, 200, result.text.slice(0, 300));
                assert.equal(result.body.errors, undefined, result.text.slice(0, 300));
                assert.equal(result.headers.get('x-cache-status'), 'MISS', query);
                const path = pathOf(result);
                assert.ok(path === 'resolvers' || (mode === 'on' && path === 'compiled'), `${mode}: ${path}`);
                answers[mode].push(result.body.data);
              }
          } finally {
            await worker.stop();
          }
        }
        assert.deepEqual(answers.on, answers.off);
        assert.equal(answers.on[2].post.slug, 'compiled-e2e-1');
        assert.equal(answers.on[4].post, null);
        // The anonymous list has the published post only; the admin's has the draft too.
        assert.equal(answers.on[3].posts.totalCount, 1);
        assert.equal(answers.on[8].posts.totalCount, 2);
      } finally {
        state.remove();
      }
    },
  },
];
