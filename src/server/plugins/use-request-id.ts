import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from '../../request/request-id';

/** Stamps `X-Request-Id` on every GraphQL response (the worker does the same for its other routes). */
export function useRequestId(): Plugin {
  return {
    onRequest({ request }) {
      requestIdOf(request);
    },
    onResponse({ request, response }) {
      response.headers.set('X-Request-Id', requestIdOf(request));
    },
  };
}
