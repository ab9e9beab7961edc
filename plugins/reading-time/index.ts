import { defineCollection, definePlugin, pluginSettings, relation, text, validationFailed } from '../../src';
import type { Context } from '../../src/types/context';

/** What a reader saves to read later: a named list of posts. */
const readingList = defineCollection({
  name: 'ReadingList',
  access: { publicRead: true },
  fields: {
    name: text({ required: true, maxLength: 80 }),
    posts: relation({ to: 'Post', many: true }),
  },
});

/** The words of a post's text fields (rich text JSON is walked for its strings). */
function wordsOf(value: unknown): number {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean).length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + wordsOf(item), 0);
  if (value && typeof value === 'object')
    return Object.values(value).reduce((sum: number, item) => sum + wordsOf(item), 0);
  return 0;
}

/**
 * The plugin template (docs/plugins.md): a collection (`ReadingList`), a field on an existing type
 * (`Post.readingMinutes`), hooks (a reading list's name is trimmed and may not be blank) and a setting
 * (`wordsPerMinute`, which admins change with `updatePluginSettings`). Copy this folder to start your own.
 */
export default definePlugin({
  name: 'reading-time',
  version: '1.0.0',
  description: 'Reading time of posts, and reading lists.',
  settings: {
    wordsPerMinute: { type: 'integer', default: 200, min: 50, max: 1000, description: 'How fast readers read.' },
  },
  collections: [readingList],
  hooks: {
    ReadingList: {
      beforeCreate: ({ data }) => {
        const name = String(data.name ?? '').trim();
        if (!name)
          throw validationFailed([
            { path: ['data', 'name'], code: 'REQUIRED', message: 'A reading list needs a name' },
          ]);
        return { ...data, name };
      },
    },
  },
  schema(builder, plugin) {
    builder.drizzleObjectField(plugin.type('Post'), 'readingMinutes', (t: any) =>
      t.int({
        nullable: true,
        description: 'Minutes to read the title, excerpt and body, at the `reading-time` plugin’s `wordsPerMinute`.',
        select: { columns: { title: true, excerpt: true, body: true } },
        resolve: async (
          post: { title?: string; excerpt?: string | null; body?: unknown },
          _args: unknown,
          ctx: Context,
        ) => {
          const { wordsPerMinute } = await pluginSettings(ctx, 'reading-time');
          const words = wordsOf(post.title) + wordsOf(post.excerpt) + wordsOf(post.body);
          return Math.max(1, Math.ceil(words / Number(wordsPerMinute)));
        },
      }),
    );
  },
});
