import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { badRequest, requestRefused } from '../../errors';
import { clientIp, recordEvent } from '../../log/events';
import { bodyLimit, declaredLength, readWithin } from '../../security/body-limit';
import { CSRF_HEADERS, isCrossSiteSimplePost } from '../../security/csrf';
import { errorsOf, flag, flagOf } from '../../security/flags';
import type { SecuritySettings } from '../../types/security';
import { requestIdOf } from '../../request/request-id';
import { getVar } from '../../request/state';
import { recordStep } from '../trace';
import type { ServerContext } from '../../types/server';
import { useDocumentLimits } from './use-document-limits';
import { useIntrospectionGuard } from './use-introspection-guard';
import { useResponseLimit } from './use-response-limit';
import { useStatementLimits } from './use-statement-limits';

export interface SecurityOptions {
  settings: SecuritySettings;
  development: boolean;
  /** The page a list returns when asked for no size (`defaultPageSize`), as the cost limit counts it. */
  defaultPageSize: number;
}

/**
 * The security step. Before a request is parsed: CSRF prevention for POSTs a browser sends without a preflight, and
 * the body size limit (by `Content-Length`, or while reading a chunked body). Then document limits and, outside
 * development, no introspection or field suggestions. Then the size of the response. (The security headers are the
 * finishing step's, for every response.) Refusals are logged as security events (`csrf_blocked`, `body_too_large`, `document_rejected`, `introspection_blocked`).
 */
export function useSecurity({
  settings,
  development,
  defaultPageSize,
}: SecurityOptions): Plugin<object, ServerContext> {
  const tooLarge = (max: number, bytes?: number) =>
    flag(requestRefused(`The request body is larger than the limit of ${max} bytes`, 413), 'body_too_large', {
      limit: max,
      bytes,
    });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(useDocumentLimits(settings.limits, defaultPageSize));
      addPlugin(useResponseLimit(settings.limits.maxResponseBytes));
      addPlugin(useStatementLimits());
      if (!development && !settings.introspection) addPlugin(useIntrospectionGuard());
    },
    onRequestParse({ request, requestParser, setRequestParser }) {
      const started = performance.now();
      try {
        if (isCrossSiteSimplePost(request)) {
          const contentType = request.headers.get('content-type');
          const message = `A POST with Content-Type ${contentType ?? '(none)'} needs a ${CSRF_HEADERS.join(' or ')} header (CSRF prevention); or send application/json`;
          throw flag(requestRefused(message, 403), 'csrf_blocked', {
            contentType,
            origin: request.headers.get('origin'),
          });
        }
        const max = bodyLimit(request, settings);
        const declared = declaredLength(request);
        if (declared !== undefined && declared > max) throw tooLarge(max, declared);
        if (!requestParser) return;
        setRequestParser(async (req) => {
          // The fast path read this body already (within the limit), and found it a plain JSON GraphQL request.
          const read = req.method === 'POST' ? getVar(req, 'params') : undefined;
          if (read) return read as GraphQLParams;
          // A body of a declared length within the limit is that long (HTTP framing: the runtime ends the stream there),
          // so it goes to the parser as it is; only a body of unknown length is read here, and refused past the limit.
          const whole = req.body && declared === undefined ? await readWithin(req, max, () => tooLarge(max)) : req;
          try {
            return await requestParser(whole);
          } catch (error) {
            // Yoga's parsers throw a GraphQLError for what they recognise, and e.g. a SyntaxError for GET variables
            // that are not JSON: the request is malformed either way, never a server failure.
            if (error instanceof GraphQLError) throw error;
            throw badRequest('The request could not be read: its parameters are malformed');
          }
        });
      } finally {
        recordStep(request, 'security', started);
      }
    },
    onResultProcess({ request, result, serverContext }) {
      for (const error of errorsOf(result)) {
        const flagged = flagOf(error);
        if (!flagged) continue;
        const sink = {
          env: serverContext.env,
          waitUntil: (promise: Promise<unknown>) => serverContext.executionContext?.waitUntil(promise),
        };
        recordEvent(sink, {
          kind: 'security',
          event: flagged.event,
          requestId: requestIdOf(request),
          ip: clientIp(request, serverContext.env),
          detail: flagged.detail,
        });
      }
    },
  };
}
