import { varOf } from './state';

declare module './state' {
  interface RequestVariableMap {
    /** The request's id: sent back in `X-Request-Id`, written in its log line and its events. */
    requestId: string;
  }
}

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The id of a request, fixed on first use: an incoming well-formed `X-Request-Id`, else a new UUID.
 * @example
 * logRequest({ requestId: requestIdOf(request), … });
 */
export function requestIdOf(request: Request): string {
  return varOf(request, 'requestId', () => {
    const incoming = request.headers.get('x-request-id');
    return incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
  });
}
