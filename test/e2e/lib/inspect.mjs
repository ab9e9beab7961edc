// What a response must never be: a 5xx, unparsable JSON, a GraphQL error without a code, or (in production) a leak of
// the worker's internals (stack, file paths, SQL, `originalError`).

// Each leak pattern, case-insensitive. A match the request itself contains is not counted: messages may quote input.
const LEAKS = [
  ['stack trace', /\n\s+at \S|\bat [\w.<>]+ \(.*:\d+:\d+\)|"stack"\s*:/i],
  ['file path', /[\w-]\.ts\b|\.js:\d|\/work\/|node_modules|file:\/\//i],
  ['SQL text', /select |from "|sqlite|D1_/i],
  ['originalError', /originalError/],
];

const requestText = ({ path, headers, body }) =>
  `${path} ${JSON.stringify(headers)} ${Buffer.isBuffer(body) ? body.toString('latin1') : (body ?? '')}`;

/**
 * The JSON payloads of a body by its content type: one for JSON, one per event for `text/event-stream`, one per part
 * for `multipart/mixed`; undefined for anything else (searched as text). Throws when a payload doesn't parse.
 */
function payloadsOf(type, text) {
  if (text === '') return undefined;
  if (/json/i.test(type)) return [JSON.parse(text)];
  if (/text\/event-stream/i.test(type)) {
    const events = text.split('\n').filter((line) => line.startsWith('data:') && line.slice(5).trim());
    return events.map((line) => JSON.parse(line.slice(5)));
  }
  if (/multipart\/mixed/i.test(type)) {
    const parts = text.split(/\r\n-{3,}/).map((part) => part.split('\r\n\r\n')[1]?.trim());
    return parts.filter(Boolean).map((json) => JSON.parse(json));
  }
  return undefined;
}

/**
 * The problems of one response as `[{ problem, detail }]` (empty when it is fine). `response` is `{ status, headers,
 * text }` or `{ error }` when no response came.
 */
export function inspect(request, response, profile) {
  if (response.error) return [{ problem: 'no response', detail: response.error }];
  const problems = [];
  if (response.status >= 500) problems.push({ problem: '5xx', detail: String(response.status) });
  const type = response.headers.get('content-type') ?? '';
  let bodies;
  try {
    bodies = request.method === 'HEAD' ? undefined : payloadsOf(type, response.text);
  } catch (error) {
    problems.push({ problem: 'unparsable JSON', detail: error.message });
  }
  for (const body of bodies ?? []) {
    const errors = body?.errors ?? [];
    if (!Array.isArray(errors)) problems.push({ problem: 'errors not a list', detail: '' });
    const uncoded = (Array.isArray(errors) ? errors : []).find((e) => typeof e?.extensions?.code !== 'string');
    if (uncoded) problems.push({ problem: 'error without a code', detail: String(uncoded?.message).slice(0, 120) });
  }
  if (profile === 'production') {
    // Content may legitimately contain any word: only what explains a failure (errors, or a body that isn't
    // GraphQL data) is searched.
    const searched = bodies
      ? JSON.stringify(bodies.map((body) => body?.errors ?? (body?.data === undefined ? body : '')))
      : response.text;
    const sent = requestText(request).toLowerCase();
    for (const [name, pattern] of LEAKS) {
      const found = searched.match(pattern);
      if (!found || sent.includes(found[0].toLowerCase())) continue;
      problems.push({ problem: `leak: ${name}`, detail: found[0] });
    }
  }
  return problems;
}
