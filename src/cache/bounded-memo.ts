/**
 * A memo bounded by its number of entries and by the length of its keys (the documents and key inputs clients send,
 * up to the body limit each): a flood of distinct large requests costs memory in proportion to the bounds, never
 * more. The oldest entries go first.
 * @example
 * const memo = new BoundedMemo<string>(1000, 4 * 1024 * 1024);
 * memo.get(text) ?? memo.set(text, digest(text));
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxChars: number,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Remembers `value` for `key` (unless the key alone exceeds the bound) and returns it. */
  set(key: string, value: V): V {
    if (key.length > this.maxChars || this.entries.has(key)) return value;
    this.entries.set(key, value);
    this.chars += key.length;
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
    return value;
  }
}
