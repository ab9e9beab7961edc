// Which root fields of a response's data are null, read from its JSON text without parsing it: a compiled read's
// data is text spliced into the response, and only a root single item that is null needs a tag of its own.

/**
 * The keys of a JSON object's members that are `null`, at its top level only, as an object (`{ post: null }`) that
 * `absenceTags` reads like the data. Nested objects and strings are skipped over, never built.
 * @example
 * rootNulls('{"post":null,"posts":{"nodes":[{"post":null}]}}'); // { post: null }
 */
export function rootNulls(json: string): Record<string, null> {
  const nulls: Record<string, null> = {};
  let depth = 0;
  let i = 0;
  while (i < json.length) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      // A string: to its closing quote, past escaped characters.
      const start = i++;
      while (i < json.length && json.charCodeAt(i) !== 34) i += json.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      if (depth === 1 && json.charCodeAt(i) === 58 && json.startsWith('null', i + 1))
        nulls[JSON.parse(json.slice(start, i)) as string] = null;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
    i++;
  }
  return nulls;
}
