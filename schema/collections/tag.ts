import { defineCollection, reverse, slug, text } from '../../src';

export default defineCollection({
  name: 'Tag',
  access: { publicRead: true },
  fields: {
    name: text({ required: true, unique: true, maxLength: 60 }),
    slug: slug({ from: 'name', maxLength: 60 }),
    posts: reverse({ from: 'Post', field: 'tags' }),
  },
});
