// Compare mode's check: the resolvers' answer against the compiled read of the same request, byte for byte, and the
// compiled tags against the resolvers' (a tag the compiled path would not store is an entry no write invalidates).

/** Characters of context shown on each side of the first difference. */
const CONTEXT = 40;
/** At most this many missing tags are named. */
const SHOWN_TAGS = 20;

const around = (text: string, at: number) => JSON.stringify(text.slice(Math.max(0, at - CONTEXT), at + CONTEXT + 1));

/** The first position at which two texts differ (the shorter one's length when one starts the other). */
function firstDifference(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return shorter;
}

/**
 * What differs between the resolvers' result (and the tags it was kept under) and a compiled read (its data's JSON,
 * and the tags the compiled path would keep it under), in words; undefined when they agree: the same `data` byte for
 * byte (`JSON.stringify(data)`, what the response holds), and no tag of the resolvers' missing.
 * @example
 * compiledMismatch({ data: { a: 1 } }, '{"a":2}', new Set(), new Set()); // 'data differ at character 5: …'
 */
export function compiledMismatch(
  resolved: { data?: unknown; errors?: readonly unknown[] },
  data: string,
  tags: ReadonlySet<string>,
  resolverTags: ReadonlySet<string> = new Set(),
): string | undefined {
  if (resolved.errors?.length) {
    const errors = JSON.stringify(resolved.errors).slice(0, 500);
    return `the resolvers answered with errors where the compiled read has data: ${errors}`;
  }
  const problems: string[] = [];
  const expected = JSON.stringify(resolved.data) ?? 'undefined';
  if (expected !== data) {
    const at = firstDifference(expected, data);
    problems.push(`data differ at character ${at}: resolvers ${around(expected, at)}, compiled ${around(data, at)}`);
  }
  const missing = [...resolverTags].filter((tag) => !tags.has(tag));
  if (missing.length)
    problems.push(
      `the compiled tags miss ${missing.length} of the resolvers': ${missing.slice(0, SHOWN_TAGS).join(', ')}`,
    );
  return problems.length ? problems.join('; ') : undefined;
}
