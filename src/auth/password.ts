// PBKDF2-SHA256 at the Workers production cap (100,000 iterations), a 16-byte salt per password. The stored form
// names its algorithm and cost, so hashes made with other settings still verify and can be upgraded on login.
const ALGORITHM = 'pbkdf2-sha256';
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

/**
 * @example
 * const stored = await hashPassword('correct horse battery staple'); // "pbkdf2-sha256$100000$<salt>$<hash>"
 */
export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return `${ALGORITHM}$${iterations}$${toB64(salt)}$${toB64(await derive(password, salt, iterations))}`;
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, cost, salt, hash] = stored.split('$');
  const iterations = Number(cost);
  if (
    algorithm !== ALGORITHM ||
    !salt ||
    !hash ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > PASSWORD_ITERATIONS
  )
    return false;
  const expected = fromB64(hash);
  const actual = await derive(password, fromB64(salt), iterations);
  if (actual.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ expected[i]!;
  return difference === 0;
}

/** Whether a stored hash was made with weaker settings than today's and should be replaced after a good login. */
export function needsRehash(stored: string): boolean {
  const [algorithm, cost] = stored.split('$');
  return algorithm !== ALGORITHM || Number(cost) < PASSWORD_ITERATIONS;
}
