import { defineCollection, email, reverse, text, textarea } from '../../src';

export default defineCollection({
  name: 'Author',
  description: 'A person who writes posts.',
  access: { publicRead: true },
  fields: {
    name: text({ required: true, maxLength: 120 }),
    email: email({ private: true, unique: true }),
    bio: textarea({ maxLength: 2000 }),
    posts: reverse({ from: 'Post', field: 'author' }),
  },
});
