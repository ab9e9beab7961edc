import type { GraphQLInputObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import fixture from './fixtures/config';
import { testWorker } from './helpers';
import { seedBlog } from './reads-seed';

// A crafted cursor is the client's mistake (BAD_USER_INPUT), never a TypeError deep in the planner (a 500).

const cursor = (text: string) => btoa(text);
const CRAFTED = [
  'garbage',
  '%%%',
  cursor('hello'),
  cursor('DC:'),
  cursor('DC:J:{not json'),
  cursor('DC:J:{"a":1}'),
  cursor('DC:O:{"a":[1,2]}'),
  cursor('DC:J:[1,2,3,4,5,6,7,8]'),
  cursor('DC:T:["S:x","S:y","S:z","S:w","S:v"]'),
  cursor('DC:T:[]'),
  cursor('DC:T:[["S:a"],"S:p1"]'),
  cursor('DC:N:1e400'),
  cursor('DC:N:abc'),
  cursor('DC:I:123456789012345678901234567890'),
  cursor('DC:D:99999999999999999999'),
  cursor('DC:D:zzz'),
  cursor('DC:B:AAAA'),
  cursor('DC:T:["O:true","O:{}","S:p1"]'),
  cursor('DC:T:["Z:","Z:","Z:"]'),
  cursor('DC:T:["N:1","Z:","S:p1","S:x"]'),
];
// Cursors whose values fit some orders (a string, a prefix of the order's keys) and not others.
const TYPED = [
  cursor('DC:S:not a date'),
  cursor('DC:Z:'),
  cursor('DC:N:1'),
  cursor('DC:T:["S:abc","S:p1"]'),
  cursor('DC:T:["N:1","S:x","S:p1"]'),
  cursor('DC:J:["2020-01-01","p1"]'),
  cursor('DC:T:["D:1000","S:p1"]'),
];

const orderKeys = () => {
  const type = buildCms(fixture).schema.getType('PostOrderByInput') as GraphQLInputObjectType;
  return Object.keys(type.getFields());
};

beforeAll(seedBlog);

describe('crafted cursors', () => {
  const w = testWorker();

  // Several hundred requests in turn (every order key × direction × cursor × argument): about 1 s on a quiet machine,
  // past vitest's default 5 s on a loaded one.
  it('are BAD_USER_INPUT for every order, after and before, on root lists', { timeout: 30_000 }, async () => {
    const query =
      'query Q($o: [PostOrderByInput!], $a: String, $b: String) { posts(orderBy: $o, after: $a, before: $b, first: 2) { nodes { id } } }';
    for (const key of orderKeys()) {
      for (const direction of ['asc', 'desc']) {
        for (const value of [...CRAFTED, ...TYPED]) {
          for (const name of ['a', 'b']) {
            const { response, body } = await w.gql(query, { o: [{ [key]: direction }], [name]: value });
            expect(response.status).toBe(200);
            const code = body.errors?.[0]?.extensions?.code;
            if (CRAFTED.includes(value)) expect({ key, value, code }).toEqual({ key, value, code: 'BAD_USER_INPUT' });
            else
              expect({ key, value, code: code ?? 'none' }).toEqual({
                key,
                value,
                code: expect.stringMatching(/^(BAD_USER_INPUT|none)$/),
              });
          }
        }
      }
    }
  });

  it('are BAD_USER_INPUT on to-many relation connections', async () => {
    for (const value of [...CRAFTED, cursor('DC:S:x')]) {
      const { body } = await w.gql(
        'query Q($a: String) { post(where: { id: "p1" }) { tags(after: $a) { nodes { id } } } }',
        { a: value },
      );
      expect({ value, code: body.errors?.[0]?.extensions?.code }).toEqual({ value, code: 'BAD_USER_INPUT' });
      const reverse = await w.gql(
        'query Q($b: String) { authors { nodes { posts(before: $b, orderBy: [{ rating: asc }]) { nodes { id } } } } }',
        { b: value },
      );
      expect({ value, code: reverse.body.errors?.[0]?.extensions?.code }).toEqual({ value, code: 'BAD_USER_INPUT' });
    }
  });

  it('still page with the cursors the API hands out, in every order', async () => {
    const query =
      'query Q($o: [PostOrderByInput!], $a: String, $b: String) { posts(orderBy: $o, after: $a, before: $b, first: 2) { pageInfo { endCursor startCursor } nodes { id } } }';
    for (const key of orderKeys()) {
      const first = await w.data(query, { o: [{ [key]: 'asc' }] });
      const next = await w.data(query, { o: [{ [key]: 'asc' }], a: first.posts.pageInfo.endCursor });
      expect(next.posts.nodes[0]?.id).not.toBe(first.posts.nodes[1]?.id);
      await w.data(query, { o: [{ [key]: 'asc' }], b: next.posts.pageInfo.startCursor });
    }
  });
});
