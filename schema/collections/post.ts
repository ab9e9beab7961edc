import { boolean, defineCollection, float, integer, relation, richText, slug, text, textarea } from '../../src';

export default defineCollection({
  name: 'Post',
  description: 'An article.',
  access: { publicRead: true },
  fields: {
    title: text({ required: true, minLength: 1, maxLength: 200 }),
    slug: slug({ from: 'title', maxLength: 120 }),
    body: richText(),
    excerpt: textarea({ maxLength: 500 }),
    views: integer({ min: 0, default: 0, index: true }),
    rating: float({ min: 0, max: 5 }),
    featured: boolean({ default: false }),
    author: relation({ to: 'Author' }),
    tags: relation({ to: 'Tag', many: true }),
  },
});
