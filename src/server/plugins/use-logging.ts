import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../types/context';
import { operationOf } from '../../cache/documents';
import { clientIp, recordEvent } from '../../log/events';
import { logRequest, requestLogOn } from '../../log/request-log';
import { serverTimingOn } from '../../log/server-timing';
import { statementsOf } from '../d1-statements';
import { recordStep, serverTiming } from '../trace';
import { cacheOutcome } from '../cache-lookup';
import type { ServerContext } from '../../types/server';

export interface UseLoggingOptions {
  /** Operations slower than this many milliseconds are also kept in the event log. Default 1000. */
  slowMs?: number;
  /** Whether the request line is written (an environment's `LOG_REQUESTS` replaces it). Default true. */
  requests?: boolean;
  /** `logging.serverTiming`: whether `Server-Timing` is sent (`SERVER_TIMING` replaces it); default development. */
  serverTiming?: boolean;
  development?: boolean;
}

interface RequestLog {
  started: number;
  /** The request's document and operation name, for a response that ran no operation (a cache hit). */
  params?: { query?: string; operationName?: string | null };
  operation?: string | null;
  type?: string;
  userId?: string;
}

/**
 * One structured JSON line per GraphQL request (request id, operation name and type, status, duration, D1 statements,
 * caller) and, where it is on, a `Server-Timing` header with every pipeline step; operations slower than `slowMs`
 * also go to the event log.
 */
export function useLogging(options: UseLoggingOptions = {}): Plugin<Context, ServerContext> {
  const { slowMs = 1000, requests: logRequests = true, serverTiming: timing, development = false } = options;
  const requests = new WeakMap<Request, RequestLog>();
  return {
    onRequest({ request }) {
      const started = performance.now();
      requests.set(request, { started });
      recordStep(request, 'logging', started);
    },
    onParams({ params, request }) {
      const log = requests.get(request);
      if (log) log.params = params;
    },
    onExecute({ args }) {
      const log = requests.get(args.contextValue.request);
      if (!log) return;
      const operation = getOperationAST(args.document, args.operationName);
      log.operation = operation?.name?.value ?? args.operationName ?? null;
      log.type = operation?.operation;
      const viewer = args.contextValue.viewer;
      if (viewer.kind !== 'anonymous') log.userId = viewer.id;
    },
    onResponse({ request, response, serverContext }) {
      const log = requests.get(request);
      const steps = serverTimingOn(timing, serverContext?.env, development) ? serverTiming(request) : undefined;
      if (steps) response.headers.set('Server-Timing', steps);
      if (!log) return;
      const durationMs = performance.now() - log.started;
      const requestId = response.headers.get('x-request-id') ?? undefined;
      // A response from the cache ran no operation: its name and type come from the (memoised) document description.
      if (log.type === undefined && log.params?.query) {
        const operation = operationOf(log.params.query, log.params.operationName);
        log.operation = operation.name;
        log.type = operation.type ?? undefined;
      }
      if (requestLogOn(logRequests, serverContext?.env)) {
        logRequest({
          requestId,
          method: request.method,
          operation: log.operation ?? null,
          type: log.type ?? null,
          status: response.status,
          durationMs,
          d1Statements: statementsOf(request) ?? null,
          userId: log.userId ?? null,
          cache: cacheOutcome(request),
        });
      }
      if (durationMs > slowMs && serverContext?.env) {
        recordEvent(
          { env: serverContext.env, waitUntil: (promise) => serverContext.executionContext?.waitUntil(promise) },
          {
            kind: 'slow',
            event: 'slow_operation',
            requestId,
            operation: log.operation,
            durationMs,
            userId: log.userId,
            ip: clientIp(request, serverContext.env),
            detail: { type: log.type, status: response.status },
          },
        );
      }
    },
  };
}
