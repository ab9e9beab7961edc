/** Counters per row by default: 64 KiB in all, for the few thousand keys an isolate's memory holds. */
export const DEFAULT_SKETCH_WIDTH = 16_384;
const ROWS = 4;
const MAX_COUNT = 15;

/** Murmur3's finaliser: FNV's low bits, which pick the counters, depend on every character. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * How often each key was looked up lately, estimated in fixed memory (a count-min sketch, as TinyLFU's): four rows of
 * small counters, a key's estimate the least of its four. After `width` lookups every counter is halved, so the
 * estimates follow what is popular now, and a flood of distinct keys raises any counter by about one before it is
 * halved. The hash is seeded per isolate, so no one can choose keys that collide with a popular one.
 * @example
 * const sketch = new FrequencySketch();
 * sketch.increment('a'); sketch.increment('a');
 * sketch.frequency('a'); // 2
 */
export class FrequencySketch {
  private readonly counters: Uint8Array;
  private readonly mask: number;
  // Drawn at the first lookup: Workers allow no random values at module scope, where a tier may be built.
  private seed?: number;
  private additions = 0;

  constructor(readonly width = DEFAULT_SKETCH_WIDTH) {
    if (!Number.isInteger(Math.log2(width))) throw new RangeError('the sketch width must be a power of two');
    this.counters = new Uint8Array(width * ROWS);
    this.mask = width - 1;
  }

  increment(key: string): void {
    const [a, b] = this.hashes(key);
    for (let row = 0; row < ROWS; row++) {
      const at = row * this.width + ((a + row * b) & this.mask);
      if (this.counters[at]! < MAX_COUNT) this.counters[at]!++;
    }
    if (++this.additions >= this.width) this.age();
  }

  frequency(key: string): number {
    const [a, b] = this.hashes(key);
    let least = MAX_COUNT;
    for (let row = 0; row < ROWS; row++)
      least = Math.min(least, this.counters[row * this.width + ((a + row * b) & this.mask)]!);
    return least;
  }

  private age(): void {
    for (let i = 0; i < this.counters.length; i++) this.counters[i]! >>= 1;
    this.additions = 0;
  }

  /** Two 32-bit FNV-1a hashes of the key, seeded differently (double hashing gives the four rows' positions). */
  private hashes(key: string): [number, number] {
    const seed = (this.seed ??= crypto.getRandomValues(new Uint32Array(1))[0]!);
    let a = 0x811c9dc5 ^ seed;
    let b = 0x01000193 ^ Math.imul(seed, 0x9e3779b1);
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193);
    }
    // An odd step visits a different counter in each row.
    return [mix(a), mix(b) | 1];
  }
}
