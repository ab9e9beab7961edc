import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBundle } from '../lib/bundle';

describe('migrations bundle', () => {
  it('matches the committed migrations/bundle.ts', () => {
    expect(renderBundle('migrations')).toBe(readFileSync('migrations/bundle.ts', 'utf8'));
  });

  it('lists the flat migrations in number order with their exact SQL, and nothing else', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundle-'));
    writeFileSync(path.join(dir, '0010_b.sql'), 'CREATE TABLE `b` (`id` text);\r\n');
    writeFileSync(path.join(dir, '0002_a.sql'), "INSERT INTO `a` VALUES ('it''s');\n");
    writeFileSync(path.join(dir, 'notes.md'), 'not a migration');
    const source = renderBundle(dir);
    const names = [...source.matchAll(/name: "([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['0002_a.sql', '0010_b.sql']);
    expect(source).toContain(JSON.stringify("INSERT INTO `a` VALUES ('it''s');\n"));
    expect(source).toContain(JSON.stringify('CREATE TABLE `b` (`id` text);\n'));
  });
});
