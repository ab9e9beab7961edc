import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { defineConfig, emails } from '../src';
import { buildCms } from '../src/build';
import type { EmailJob } from '../src/plugins/system/email/deliver';
import { createHandler } from '../src/server/handler';
import type { CmsConfig } from '../src/types/config';
import fixture from './fixtures/config';

export const QUEUE = 'edge-cms-email';
/**
 * The test content model with the email plugin. Not in the fixture itself: its development provider refuses the
 * production profile, which other files' tests start.
 */
export const withEmail = (options: Parameters<typeof emails>[0]): CmsConfig =>
  defineConfig({ ...fixture, plugins: [...(fixture.plugins ?? []), emails(options)] });
export const config = withEmail({
  from: 'Edge CMS <cms@example.com>',
  site: { name: 'Edge CMS', url: 'https://cms.example.com' },
});

/**
 * A worker whose EMAIL_QUEUE records what is sent (the queue's own delivery is what the tests drive, message by
 * message, through the worker's `queue()` with batches they make), or has no queue at all.
 */
export function emailWorker(config: CmsConfig, { queue = true, bindings = {} as Partial<Env> } = {}) {
  const handler = createHandler(buildCms(config));
  const sent: EmailJob[] = [];
  const recorder = { send: async (body: EmailJob) => void sent.push(structuredClone(body)) } as unknown as Queue;
  const environment = { ...env, EMAIL_QUEUE: queue ? recorder : undefined, ...bindings } as Env;
  async function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const ctx = createExecutionContext();
    const response = await handler.fetch(
      new Request('http://cms.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      }),
      environment,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return (await response.json()) as {
      data?: any;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    };
  }
  /** Delivers jobs to the worker's queue consumer as one batch; the acks and retries it made. */
  async function consume(jobs: EmailJob[], attempts = 1, queue = QUEUE) {
    const batch = createMessageBatch(
      queue,
      jobs.map((body, i) => ({ id: `m-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
    );
    const ctx = createExecutionContext();
    await handler.queue(batch, environment);
    return getQueueResult(batch, ctx);
  }
  return { gql, consume, sent, handler, env: environment };
}

/** What the development provider kept for an address. */
export const outbox = async (to: string) => {
  const { keys } = await env.KV.list({ prefix: `email:outbox:${to}:` });
  return Promise.all(keys.map(async (k) => JSON.parse((await env.KV.get(k.name))!)));
};
