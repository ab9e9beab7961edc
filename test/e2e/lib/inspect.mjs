// What a response must never be: a 5xx, unparsable JSON, a GraphQL error without a code, or (in production) a leak of
// the worker's internals (stack, file paths, SQL, `originalError`).

// Each leak pattern, case-insensitive. A match the request itself contains is not counted: messages may quote input.
const LEAKS = [
  ['stack trace', /\n\s+at \S|\bat [\w.<>]+ \(.*:\d+:\d+\)|"stack"\s*:/i],
  ['file path', /[\w-]\.ts\b|\.js:\d|\/work\/|node_modules|file:\/\//i],
  ['SQL text', /select |from "|sqlite|D1_/i],
  ['originalError', /originalError/],
];

const requestText = (request) =>
  `${request.path} ${JSON.stringify(request.headers)} ${Buffer.isBuffer(request.body) ? request.body.toString('latin1') : request.body ?? ''}`;

/**
 * The problems of one response as `[{ problem, detail }]` (empty when it is fine). `response` is `{ status, headers,
 * text }` or `{ error }` when no response came.
 */
export function inspect(request, response, profile) {
  if (response.error) return [{ problem: 'no response', detail: response.error }];
  const problems = [];
  if (response.status >= 500) problems.push({ problem: '5xx', detail: String(response.status) });
  const type = response.headers.get('content-type') ?? '';
  let body;
  if (/json/i.test(type) && response.text !== '' && request.method !== 'HEAD') {
    try {
      body = JSON.parse(response.text);
    } catch (error) {
      problems.push({ problem: 'unparsable JSON', detail: error.message });
    }
  }
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (body && body.errors !== undefined && !Array.isArray(body.errors)) problems.push({ problem: 'errors not a list', detail: '' });
  for (const error of errors) {
    if (typeof error?.extensions?.code !== 'string') {
      problems.push({ problem: 'error without a code', detail: String(error?.message).slice(0, 120) });
      break;
    }
  }
  if (profile === 'production') {
    // Content may legitimately contain any word: only what explains a failure (errors, or a body that isn't
    // GraphQL data) is searched.
    const searched = body ? JSON.stringify(body.errors ?? (body.data === undefined ? body : '')) : response.text;
    const sent = requestText(request).toLowerCase();
    for (const [name, pattern] of LEAKS) {
      const found = searched.match(pattern);
      if (found && !sent.includes(found[0].toLowerCase())) problems.push({ problem: `leak: ${name}`, detail: found[0] });
    }
  }
  return problems;
}
