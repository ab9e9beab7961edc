import type { Plugin } from 'graphql-yoga';

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/** The id of a request: an incoming well-formed `X-Request-Id`, else a new UUID. */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
}

const ids = new WeakMap<Request, string>();

/** Stamps `X-Request-Id` on every GraphQL response (the worker does the same for its other routes). */
export function useRequestId(): Plugin {
  return {
    onRequest({ request }) {
      ids.set(request, requestIdOf(request));
    },
    onResponse({ request, response }) {
      response.headers.set('X-Request-Id', ids.get(request) ?? requestIdOf(request));
    },
  };
}

export const requestIdFor = (request: Request) => ids.get(request) ?? requestIdOf(request);
