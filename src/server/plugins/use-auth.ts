import type { Plugin } from 'graphql-yoga';
import { InvalidToken, jwtSettings, verifyAccessToken } from '../../auth/jwt';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import { unauthenticated } from '../../errors';

/** The bearer token of a request: `Authorization: Bearer …`, else the `auth_token` cookie. */
export function tokenOf(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ?? '';
  }
  const cookie = request.headers.get('cookie');
  const match = cookie && /(?:^|;\s*)auth_token=([^;]+)/.exec(cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * Authentication: turns the request's token into `ctx.viewer`. No token: anonymous. A token that does not verify
 * is UNAUTHENTICATED — never silently anonymous, so a client learns its token expired.
 */
export function useAuth(): Plugin<Context> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const token = tokenOf(context.request);
      if (token === undefined) return;
      let viewer: Viewer;
      try {
        const claims = await verifyAccessToken(jwtSettings(context.env), token);
        viewer = { kind: 'user', id: claims.sub, role: claims.role, email: claims.email, tokenId: claims.jti, tokenExpiresAt: claims.exp };
      } catch (error) {
        if (error instanceof InvalidToken) throw unauthenticated('The token is invalid or expired; sign in again');
        throw error;
      }
      extendContext({ viewer });
    },
  };
}
