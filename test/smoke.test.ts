import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { testWorker } from './helpers';

describe('smoke', () => {
  it('reads an empty list and serves /health', async () => {
    const w = testWorker();
    await env.DB.prepare(`insert into authors (id, created_at, updated_at, name) values ('a1', 1, 1, 'Ada')`).run();
    await env.DB.prepare(
      `insert into posts (id, created_at, updated_at, title, author_id) values ('p1', 1, 1, 'Hello', 'a1')`,
    ).run();
    const d = await w.data(
      `{ posts(first: 5) { totalCount nodes { id title author { name } tags { totalCount nodes { name } } } } }`,
    );
    expect(d.posts.nodes[0].author.name).toBe('Ada');
    expect(d.posts.totalCount).toBe(1);
    const health = await w.fetch('/health');
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toBeTruthy();
  });
});
