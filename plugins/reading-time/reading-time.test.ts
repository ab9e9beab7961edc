import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from '../../test/helpers';

// The test content model (test/fixtures/config.ts) lists this plugin, so its collection has tables there.
const w = testWorker();
let postId: string;

beforeAll(async () => {
  const words = Array.from({ length: 248 }, () => 'a').join(' '); // the excerpt holds at most 500 characters
  postId = (
    await w.data(
      `mutation P($excerpt: String) { createPost(data: { title: "Long read", excerpt: $excerpt }) { id } }`,
      { excerpt: words },
    )
  ).createPost.id;
});

describe('the reading-time plugin', () => {
  it('adds Post.readingMinutes, at the wordsPerMinute setting', async () => {
    const read = async () =>
      (await w.data(`query R($id: ID!) { post(where: { id: $id }) { readingMinutes } }`, { id: postId })).post
        .readingMinutes;
    expect(await read()).toBe(2); // 250 words at 200 a minute
    await w.data(
      `mutation { updatePluginSettings(name: "reading-time", settings: { wordsPerMinute: 50 }) { settings } }`,
    );
    expect(await read()).toBe(5);
    const tooSlow = await w.gql(
      `mutation { updatePluginSettings(name: "reading-time", settings: { wordsPerMinute: 5 }) { settings } }`,
    );
    expect(tooSlow.body.errors?.[0]?.extensions?.fieldErrors[0].message).toBe('wordsPerMinute must be at least 50');
  });

  it('adds reading lists, whose names are trimmed and may not be blank', async () => {
    const { createReadingList } = await w.data(
      `mutation C($id: ID!) { createReadingList(data: { name: "  Weekend  ", posts: { connect: [{ id: $id }] } }) { name posts { nodes { title } } } }`,
      { id: postId },
    );
    expect(createReadingList).toEqual({ name: 'Weekend', posts: { nodes: [{ title: 'Long read' }] } });
    const blank = await w.gql(`mutation { createReadingList(data: { name: "   " }) { id } }`);
    expect([codes(blank.body), blank.body.errors![0]!.extensions!.fieldErrors[0].path]).toEqual([
      ['VALIDATION_FAILED'],
      ['data', 'name'],
    ]);
  });
});
