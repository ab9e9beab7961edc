// Compact printing of what failed: a request and its response on one or two lines each.

const clip = (text, n) => {
  const flat = JSON.stringify(String(text)).slice(1, -1);
  return flat.length > n ? `${flat.slice(0, n)}… (${flat.length} chars)` : flat;
};

/** One request as a line: method, path, the headers that matter, the start of the body. */
export function describeRequest(request) {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${clip(v, 60)}`)
    .join(', ');
  const text = Buffer.isBuffer(request.body) ? request.body.toString('latin1') : request.body;
  const body = text === undefined ? '' : ` body: ${clip(text, 160)}`;
  return `${request.method} ${clip(request.path, 120)}${headers ? ` [${headers}]` : ''}${body}`;
}

/** One response as a line: its status (or why there was none) and the start of its body. */
export function describeResponse(response) {
  return response.error ? response.error : `${response.status} ${clip(response.text, 240)}`;
}

/** Problems grouped by `problem · request kind`, each with its count and first `keep` examples. */
export class FailureLog {
  constructor(keep = 3) {
    this.keep = keep;
    this.groups = new Map();
  }

  add(problem, request, response) {
    const key = `${problem} · ${request.kind}`;
    const group = this.groups.get(key) ?? { count: 0, examples: [] };
    group.count++;
    if (group.examples.length < this.keep) group.examples.push({ request, response });
    this.groups.set(key, group);
  }

  lines() {
    return [...this.groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([key, group]) => [
        `  ✖ ${key}: ${group.count} request(s)`,
        ...group.examples.flatMap(({ request, response }) => [
          `      → ${describeRequest(request)}`,
          `      ← ${describeResponse(response)}`,
        ]),
      ]);
  }
}
