import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The bundle GraphiQL's page loads under `script-src 'self'; style-src 'self'`: what the policy would block must not
// be in it, and nothing may come from another origin.
describe('scripts/build-graphiql.mjs', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'graphiql-build-'));
  let run: ReturnType<typeof spawnSync>;
  const file = (name: string) => readFileSync(path.join(out, name), 'utf8');

  beforeAll(() => {
    run = spawnSync(process.execPath, ['scripts/build-graphiql.mjs', out], { encoding: 'utf8' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes one script and one stylesheet, and says so', () => {
    expect(run.status, String(run.stderr)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['graphiql.css', 'graphiql.js']);
    expect(String(run.stdout)).toMatch(/✔ GraphiQL built into .*graphiql\.js \d+ KB, graphiql\.css \d+ KB/);
  });

  it('holds GraphiQL, React and the page hand-over, and nothing the policy forbids', () => {
    const script = file('graphiql.js');
    expect(script).toContain('graphiql-config'); // reads its settings from the page's data block
    expect(script).toContain('graphiql-execute-button');
    expect(script).not.toMatch(/\bnew Function\(|[^\w.]eval\(/); // no 'unsafe-eval'
    expect(script).not.toMatch(/\bimport\(["']https?:/);
  });

  it('inlines the stylesheet’s fonts and images instead of fetching them', () => {
    const css = file('graphiql.css');
    expect(css).toContain('.graphiql-container');
    expect(css).toMatch(/url\(data:font\/woff2/);
    expect(css).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//);
  });
});
