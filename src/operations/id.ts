// UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter, then random bits. Ids made in one
// isolate sort in creation order, also within one millisecond, so a bulk create keeps its input order.
let lastMs = -1;
let counter = 0;

/** A new time-sortable item id (UUIDv7). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!; // a random start leaves room to count up
  } else {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      // Out of sequence numbers in this millisecond: borrow the next one.
      lastMs = ms = lastMs + 1;
      counter = 0;
    }
  }
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
