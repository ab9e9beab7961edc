// What a persisted-query client sent and got, request by request: shared by the vitest tests (the worker's fetch, in
// workerd) and the e2e case (the global fetch, in Node; Node strips these types), so both assert the same facts.

/** One request of a client: its method, whether it carried the document, the answer's code and cache status. */
export interface Sent {
  method: string;
  hashOnly: boolean;
  code?: string;
  cache: string | null;
}

/** A fresh document (no earlier run registered it) reading up to two posts. */
export const freshDocument = (label: string) =>
  `query ${label}_${crypto.randomUUID().replace(/-/g, '')} { posts(first: 2, orderBy: [{ title: asc }]) { totalCount nodes { title } } }`;

/**
 * Wraps `fetch` (called with the URL as the client gave it) so that each request is noted in `sent`.
 * @example
 * const { sent, fetch } = recording(globalThis.fetch);
 * new HttpLink({ uri, fetch });
 */
export function recording(fetch: (input: string, init?: RequestInit) => Promise<Response>) {
  const sent: Sent[] = [];
  const recorded = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init.method ?? 'GET';
    const params = method === 'GET' ? Object.fromEntries(new URL(url).searchParams) : JSON.parse(String(init.body));
    const response = await fetch(url, init);
    const body = (await response.clone().json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    sent.push({
      method,
      hashOnly: !params.query,
      code: body.errors?.[0]?.extensions?.code,
      cache: response.headers.get('x-cache-status'),
    });
    return response;
  };
  return { sent, fetch: recorded as typeof globalThis.fetch };
}
