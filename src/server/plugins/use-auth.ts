import type { Plugin } from 'graphql-yoga';
import { securityEvent } from '../../auth/events';
import { InvalidToken } from '../../auth/jwt';
import type { Context } from '../../types/context';
import { tokenRefused } from '../../errors';
import { setAuthCookie } from '../../request/cookies';
import { authenticateRequest, bearerOf, tokenOf } from '../credentials';
import { recordStep } from '../trace';

/**
 * Authentication: turns the request's token (an access token or an API token) into `ctx.viewer`. No token:
 * anonymous. A token that does not verify is UNAUTHENTICATED — never silently anonymous, so a client learns its
 * token expired — and is logged as `token_rejected`; a rejected cookie is also cleared. It is a request error: 401
 * under `application/graphql-response+json`, 200 under `application/json`.
 */
export function useAuth(): Plugin<Context> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const startedAt = performance.now();
      try {
        const token = tokenOf(context.request);
        if (token === undefined) return;
        try {
          const { viewer } = await authenticateRequest(context.request, context.env, token, context.waitUntil);
          extendContext({ viewer });
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
          securityEvent(context, 'token_rejected', {
            reason: error.message,
            from: bearerOf(context.request) === undefined ? 'cookie' : 'bearer',
          });
          if (bearerOf(context.request) === undefined) setAuthCookie(context.request);
          throw tokenRefused('The token is invalid, expired or revoked; sign in again');
        }
      } finally {
        recordStep(context.request, 'auth', startedAt);
      }
    },
  };
}
