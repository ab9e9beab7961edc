// What the media and image cases share: the admin's token per worker and PNG chunks, for images made in the case.
import assert from 'node:assert/strict';

const tokens = new Map();
/** The admin's access token for a worker (one sign-in per worker and run). */
export function adminToken(url, admin) {
  if (!tokens.has(url)) {
    tokens.set(
      url,
      (async () => {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            query: 'mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
            variables: { e: admin.email, p: admin.password },
          }),
        });
        const body = await response.json();
        assert.ok(body.data?.login?.token, `admin login failed: ${JSON.stringify(body)}`);
        return body.data.login.token;
      })(),
    );
  }
  return tokens.get(url);
}

/** CRC-32 (PNG chunks). */
export function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
export function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
