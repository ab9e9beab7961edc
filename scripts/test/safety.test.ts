import { describe, expect, it } from 'vitest';
import type { PlannedColumn, Statement } from '../lib/drizzle-kit';
import { destructiveSql, review } from '../lib/safety';

// Statement shapes as drizzle-kit 1.0.0-rc.5 prints them with `generate --explain --output json`.
const column = (table: string, name: string, more: Partial<PlannedColumn> = {}): PlannedColumn => ({
  table,
  name,
  type: 'text',
  notNull: false,
  default: null,
  ...more,
});
const index = (table: string, name: string, columns: string[], isUnique = false) => ({
  type: 'create_index' as const,
  index: { table, name, isUnique, columns: columns.map((value) => ({ value, isExpression: false })) },
});

describe('review of a planned migration', () => {
  it('lets additive changes through', () => {
    const { problems, warnings } = review([
      { type: 'create_table', table: { name: 'notes', columns: [column('notes', 'id')] } },
      index('notes', 'notes_slug_unique', ['slug'], true),
      { type: 'add_column', column: column('posts', 'subtitle') },
      { type: 'add_column', column: column('posts', 'kind', { notNull: true, default: "'article'" }) },
      { type: 'add_column', column: column('posts', 'code') },
      index('posts', 'posts_code_unique', ['code'], true),
      index('posts', 'posts_views_idx', ['views']),
      { type: 'rename_column', table: 'posts', from: 'note', to: 'memo' },
    ]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('refuses a NOT NULL column without a default', () => {
    const { problems } = review([{ type: 'add_column', column: column('posts', 'subtitle', { notNull: true }) }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/`posts.subtitle` would be added as NOT NULL without a DEFAULT/);
    expect(problems[0]!.fix).toMatch(/`default`.*optional/);
  });

  it('refuses drops and suggests --rename when something was added beside them', () => {
    const plain = review([
      { type: 'drop_table', tableName: 'notes' },
      { type: 'drop_column', column: column('posts', 'note') },
    ]);
    expect(plain.problems.map((p) => p.message)).toEqual([
      'table `notes` would be dropped with all its rows (its collection was removed or renamed).',
      'column `posts.note` would be dropped with its data (its field was removed or renamed).',
    ]);
    const renamed = review(
      [
        { type: 'drop_table', tableName: 'notes' },
        { type: 'drop_column', column: column('posts', 'note') },
      ],
      [
        ['public', 'memos'],
        ['public', 'posts', 'memo'],
      ],
    );
    expect(renamed.problems.map((p) => p.fix)).toEqual([
      expect.stringContaining('--rename notes=memos'),
      expect.stringContaining('--rename posts.note=memo'),
    ]);
  });

  it('refuses table rebuilds and says why they happen', () => {
    const { problems, warnings } = review([
      {
        type: 'recreate_table',
        to: { name: 'posts' },
        columnAlters: [
          { name: 'views', default: { from: '0', to: '5' } },
          { name: 'excerpt', notNull: { from: false, to: true } },
        ],
      },
      index('posts', 'posts_slug_unique', ['slug'], true),
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(
      /`posts` would be rebuilt \(copied into `__new_posts`.*`views` changes its default 0 → 5; `excerpt` becomes required/,
    );
    expect(warnings).toEqual([]);
  });

  it('refuses statement types it does not know', () => {
    expect(review([{ type: 'unknown:alter_magic' }]).problems[0]!.message).toMatch(/alter_magic/);
  });

  it('warns about a new unique index on data that already exists, unless it held before', () => {
    expect(review([index('posts', 'posts_excerpt_unique', ['excerpt'], true)]).warnings).toEqual([
      expect.stringContaining('unique index `posts_excerpt_unique`'),
    ]);
    const renamed: Statement[] = [
      { type: 'rename_column', table: 'posts', from: 'code', to: 'sku' },
      { type: 'drop_index', index: { ...index('posts', 'posts_code_unique', ['sku'], true).index } },
      index('posts', 'posts_sku_unique', ['sku'], true),
    ];
    expect(review(renamed).warnings).toEqual([]);
  });
});

describe('destructive SQL check', () => {
  it('finds drops, rebuilds and NOT NULL columns without defaults', () => {
    const sql = [
      'CREATE TABLE `notes` (`id` text PRIMARY KEY, `n` integer NOT NULL);',
      "ALTER TABLE `posts` ADD `kind` text DEFAULT 'a' NOT NULL;",
      'CREATE INDEX `i` ON `posts` (`kind`);',
      'DROP INDEX IF EXISTS `j`;',
    ].join('\n--> statement-breakpoint\n');
    expect(destructiveSql(sql)).toEqual([]);
    const bad = [
      'PRAGMA foreign_keys=OFF;',
      'CREATE TABLE `__new_posts` (`id` text);',
      'DROP TABLE `posts`;',
      'ALTER TABLE `posts` DROP COLUMN `note`;',
      'ALTER TABLE `posts` ADD `subtitle` text NOT NULL;',
    ].join('--> statement-breakpoint\n');
    expect(destructiveSql(bad)).toHaveLength(4);
  });
});
