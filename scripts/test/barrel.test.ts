import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindingName, collectionFiles, renderBarrel } from '../lib/barrel';

describe('collection barrel', () => {
  it('renders the committed barrel from the files in schema/collections', () => {
    const committed = readFileSync('schema/collections/index.ts', 'utf8');
    expect(renderBarrel(collectionFiles('schema/collections'))).toBe(committed);
  });

  it('imports each file under a camelCase name, in file order', () => {
    expect(renderBarrel(['blog-post.ts', 'author.ts'])).toContain(
      "import blogPost from './blog-post';\nimport author from './author';\n\nexport const collections = [blogPost, author];",
    );
  });

  it('keeps names importable', () => {
    expect(bindingName('class.ts')).toBe('classCollection');
    expect(bindingName('2fa_codes.ts')).toBe('_2faCodes');
    expect(() => bindingName('bad name.ts')).toThrow(/letters, digits/);
    expect(() => renderBarrel(['blog-post.ts', 'blog_post.ts'])).toThrow(/both be imported as "blogPost"/);
  });
});
