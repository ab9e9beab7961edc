/**
 * The real KV binding behind a Proxy that forwards every call and records the keys each `get` reads (a bulk get
 * records each of its keys). Nothing is faked: the real local KV answers every read.
 * @example
 * const { kv, reads } = countingKv(env.KV);
 * await isolate(cms, createHandler(cms), { bindings: { KV: kv } })(query);
 * reads.filter((key) => key.startsWith('rc:b:')); // the responses it looked up
 */
export function countingKv(binding: KVNamespace) {
  const reads: string[] = [];
  const kv = new Proxy(binding, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'get' || key === 'getWithMetadata')
        return (keys: string | string[], ...rest: unknown[]) => {
          reads.push(...(Array.isArray(keys) ? keys : [keys]));
          return value.call(target, keys, ...rest);
        };
      return value.bind(target);
    },
  });
  return { kv, reads };
}
