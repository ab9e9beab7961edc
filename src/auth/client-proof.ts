import { jwtVerify, SignJWT } from 'jose';
import type { JwtSettings } from './jwt';

// A known-client proof (OWASP's "device cookie"): handed out by a successful sign-in, signed with the JWT key and
// bound to the account. A client that sends it back with its next sign-ins is counted on its own (login-limiter.ts),
// so other people's wrong guesses at the account never lock it out. Its own audience keeps it from ever passing as an
// access token (and an access token from passing as a proof).

const ALGORITHM = 'HS256';
/** Proofs longer than this are not even parsed. */
const MAX_LENGTH = 1024;

const audienceOf = (settings: JwtSettings) => `${settings.audience}:known-client`;

/** A new proof for a user, valid `days`. */
export async function signClientProof(settings: JwtSettings, userId: string, days: number): Promise<string> {
  const key = settings.keys[0]!;
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid })
    .setSubject(userId)
    .setJti(crypto.randomUUID())
    .setIssuer(settings.issuer)
    .setAudience(audienceOf(settings))
    .setIssuedAt()
    .setExpirationTime(`${days}d`)
    .sign(key.secret);
}

/** The id of a valid, unexpired proof of this user; null for anything else (never throws). */
export async function clientProofId(settings: JwtSettings, proof: string, userId: string): Promise<string | null> {
  if (proof.length > MAX_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(
      proof,
      (header) => (settings.keys.find((k) => k.kid === header.kid) ?? settings.keys[0]!).secret,
      {
        algorithms: [ALGORITHM],
        issuer: settings.issuer,
        audience: audienceOf(settings),
        subject: userId,
        requiredClaims: ['exp', 'jti'],
      },
    );
    return typeof payload.jti === 'string' ? payload.jti : null;
  } catch {
    return null;
  }
}
