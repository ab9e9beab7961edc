// A CPU profile of the worker inside workerd, taken through `wrangler dev`'s inspector (the DevTools protocol), and
// its summary: where a scenario's time goes in the real runtime, not in Node.
import WebSocket from 'ws';

/**
 * Connects to the inspector of a worker started with `startWorker` (its inspector port is the worker's + 1000), runs
 * `work` while the profiler samples, and returns the profile (a `.cpuprofile` DevTools opens).
 * @example
 * const profile = await profileWhile(8799, () => load(scenario, { connections: 10, duration: 5 }));
 */
export async function profileWhile(port, work) {
  const [target] = await (await fetch(`http://127.0.0.1:${port + 1000}/json`)).json();
  // The inspector proxy accepts local origins only; Node's own WebSocket sends none.
  const socket = new WebSocket(target.webSocketDebuggerUrl, { headers: { origin: 'http://127.0.0.1' } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const pending = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 100 });
    await call('Profiler.start');
    const result = await work();
    const { result: stopped } = await call('Profiler.stop');
    return { profile: stopped.profile, result };
  } finally {
    socket.close();
  }
}

/** Rows of [share of busy time, function] by self time and by inclusive time (idle and GC left out of the total). */
export function summarise(profile, top = 20) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const selfOf = new Map();
  for (const [i, sample] of profile.samples.entries())
    selfOf.set(sample, (selfOf.get(sample) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const name = (n) => {
    const { functionName, url } = n.callFrame;
    // Native calls (console.log, TransformStream…) have no script: name them by their caller.
    if (!url && n.callFrame.lineNumber < 0 && parent.has(n.id))
      return `${functionName || '(native)'} ← ${byId.get(parent.get(n.id)).callFrame.functionName || '(anonymous)'}`;
    return functionName || '(anonymous)';
  };
  const self = new Map();
  const inclusive = new Map();
  let busy = 0;
  for (const [id, time] of selfOf) {
    const node = byId.get(id);
    if (['(idle)', '(program)', '(garbage collector)', '(root)'].includes(node.callFrame.functionName)) continue;
    busy += time;
    self.set(name(node), (self.get(name(node)) ?? 0) + time);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const label = name(byId.get(at));
      if (seen.has(label)) continue;
      inclusive.set(label, (inclusive.get(label) ?? 0) + time);
      seen.add(label);
    }
  }
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([label, time]) => [`${((time / busy) * 100).toFixed(1)} %`, `\`${label}\``]);
  return { self: rows(self), inclusive: rows(inclusive) };
}
