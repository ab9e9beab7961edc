import { DEV_OUTBOX_PREFIX } from './providers';

const MAX_LISTED = 20;

/**
 * Development only: the development provider's outbox as JSON, newest last (`GET /email/outbox?to=ann@example.com`,
 * at most 20). Production answers 404: what is kept there may hold a reset token.
 */
export async function devOutboxRoute(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (env.ENVIRONMENT !== 'development' || url.pathname !== '/email/outbox' || request.method !== 'GET')
    return Response.json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] }, { status: 404 });
  const to = (url.searchParams.get('to') ?? '').trim().toLowerCase().slice(0, 320);
  const listed = await env.KV.list({ prefix: `${DEV_OUTBOX_PREFIX}${to}` });
  const keys = listed.keys.map((k) => k.name).slice(-MAX_LISTED);
  const messages = await Promise.all(keys.map((key) => env.KV.get(key, 'json')));
  return Response.json({ messages: messages.filter(Boolean) });
}
