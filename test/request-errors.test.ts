import { describe, expect, it } from 'vitest';
import { workerIn } from './helpers';

// A body Yoga can't read is the client's mistake: a 400 with the contract's code, and the parser's own words (its
// `originalError`) only in development.
const bodies: Array<[string, BodyInit]> = [
  ['an unclosed object', '{"query":'],
  ['a trailing comma', '{"query": "{ __typename }",}'],
  ['null', 'null'],
  ['an array', '[]'],
  ['a string', '"x"'],
  ['a query that is a number', '{"query": 5}'],
  ['an empty body', ''],
  ['a NUL byte', '{"query": "{ __typename }"\u0000}'],
  ['invalid UTF-8', new Uint8Array([...new TextEncoder().encode('{"query": "{ __typename }"'), 0xff, 0xfe, 0x7d])],
];

describe('a malformed JSON body', () => {
  for (const profile of ['production', 'development']) {
    it(`is a 400 with BAD_USER_INPUT in ${profile}, with originalError in development only`, async () => {
      const worker = workerIn(profile);
      for (const [what, body] of bodies) {
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const response = await worker('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept },
            body,
          });
          const text = await response.text();
          expect([what, response.status]).toEqual([what, 400]);
          const errors = JSON.parse(text).errors as Array<{ extensions: Record<string, unknown> }>;
          expect([what, errors.map((error) => error.extensions.code)]).toEqual([
            what,
            errors.map(() => 'BAD_USER_INPUT'),
          ]);
          if (profile === 'production')
            expect([what, text]).not.toEqual([what, expect.stringMatching(/originalError|stack/)]);
        }
      }
      const unclosed = await worker('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      });
      const error = (await unclosed.json<{ errors: Array<{ extensions: Record<string, unknown> }> }>()).errors[0]!;
      expect('originalError' in error.extensions).toBe(profile === 'development');
    });
  }
});
