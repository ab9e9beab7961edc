import { errors, jwtVerify, SignJWT } from 'jose';

/** Settings of the access tokens; read from the environment by `jwtSettings(env)`. */
export interface JwtSettings {
  /** Signing keys by `kid`; the first is used to sign, all are accepted to verify (key rotation). */
  keys: Array<{ kid: string; secret: Uint8Array }>;
  issuer: string;
  audience: string;
  /** Access-token lifetime in seconds. */
  ttl: number;
  /** Allowed clock skew in seconds. */
  clockTolerance: number;
}

export interface AccessClaims {
  sub: string;
  role: string;
  email: string;
  /** The user's token version when issued: bumping it revokes every earlier token. */
  ver: number;
  jti: string;
  exp: number;
}

// Pinned: a token with any other `alg` (none, RS256 with the secret as a public key, …) is rejected.
const ALGORITHM = 'HS256';
const encoder = new TextEncoder();

/**
 * Keys come from `JWT_SECRET` and optionally `JWT_SECRET_PREVIOUS`: the first signs, both verify, so a rotation
 * (the old secret moves to JWT_SECRET_PREVIOUS) keeps tokens signed with it valid until they expire. A key's `kid`
 * is a fingerprint of the secret, not its position, so a token names the key that signed it before and after the
 * rotation. Throws a clear error when JWT_SECRET is missing or shorter than 32 characters (or another setting is
 * invalid): bootstrap can call it to refuse to start.
 * @example
 * const settings = jwtSettings(env);
 */
export function jwtSettings(
  env: Partial<Record<'JWT_SECRET' | 'JWT_SECRET_PREVIOUS' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_TTL', string>>,
): JwtSettings {
  const secret = env.JWT_SECRET;
  if (!secret || secret.length < 32)
    throw new Error(
      'JWT_SECRET must be set to at least 32 characters (a random secret: `wrangler secret put JWT_SECRET`)',
    );
  const previous = env.JWT_SECRET_PREVIOUS;
  if (previous && previous.length < 32)
    throw new Error('JWT_SECRET_PREVIOUS, when set, must be at least 32 characters');
  const ttl = Number(env.JWT_TTL ?? 900);
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400)
    throw new Error('JWT_TTL must be a number of seconds from 60 to 86400');
  const keys = [{ kid: keyId(secret), secret: encoder.encode(secret) }];
  if (previous) keys.push({ kid: keyId(previous), secret: encoder.encode(previous) });
  return {
    keys,
    issuer: env.JWT_ISSUER ?? 'edge-cms',
    audience: env.JWT_AUDIENCE ?? 'edge-cms-api',
    ttl,
    clockTolerance: 30,
  };
}

// FNV-1a, 32 bits: enough to tell two keys apart, and reveals nothing usable about a 32+ character secret.
function keyId(secret: string): string {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(secret)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `k${hash.toString(16).padStart(8, '0')}`;
}

/** Signs an access token for a user. */
export async function signAccessToken(
  settings: JwtSettings,
  user: { id: string; role: string; email: string; tokenVersion: number },
  now = Math.floor(Date.now() / 1000),
): Promise<{ token: string; claims: AccessClaims }> {
  const key = settings.keys[0]!;
  const claims: AccessClaims = {
    sub: user.id,
    role: user.role,
    email: user.email,
    ver: user.tokenVersion,
    jti: crypto.randomUUID(),
    exp: now + settings.ttl,
  };
  const token = await new SignJWT({ role: claims.role, email: claims.email, ver: claims.ver })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(claims.exp)
    .sign(key.secret);
  return { token, claims };
}

/** Why a token was refused; never shown to clients in detail. */
export class InvalidToken extends Error {
  override name = 'InvalidToken';
}

/**
 * Verifies signature (pinned algorithm, key chosen by `kid`), `exp` (required), `nbf`, issuer and audience.
 * Throws InvalidToken for anything else.
 */
export async function verifyAccessToken(settings: JwtSettings, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? settings.keys.find((k) => k.kid === header.kid) : settings.keys[0];
        if (!key) throw new InvalidToken('unknown key id');
        return key.secret;
      },
      {
        algorithms: [ALGORITHM],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockTolerance,
        requiredClaims: ['exp', 'sub', 'jti', 'iat'],
      },
    );
    const { sub, role, email, ver, jti, exp } = payload as Record<string, unknown>;
    if (
      typeof sub !== 'string' ||
      typeof role !== 'string' ||
      typeof email !== 'string' ||
      typeof ver !== 'number' ||
      typeof jti !== 'string' ||
      typeof exp !== 'number'
    )
      throw new InvalidToken('malformed claims');
    return { sub, role, email, ver, jti, exp };
  } catch (error) {
    if (error instanceof InvalidToken) throw error;
    if (error instanceof errors.JOSEError) throw new InvalidToken(error.code);
    throw new InvalidToken('invalid token');
  }
}
