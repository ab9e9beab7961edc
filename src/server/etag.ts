/** Whether an `If-None-Match` header names the tag (a list, `*`, weak or strong forms). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * Answers a GET that already holds the response's body (its `If-None-Match` names the response's ETag, which the
 * cache step gives public GET answers) with a bodiless 304: a client revalidating after every change costs one cache
 * lookup and no transfer.
 * @example
 * return withEtag(request, await yoga.fetch(request, env)); // as is, or a 304
 */
export function withEtag(request: Request, response: Response): Response {
  const etag = response.headers.get('ETag');
  if (
    request.method !== 'GET' ||
    response.status !== 200 ||
    !etag ||
    !matches(request.headers.get('If-None-Match'), etag)
  )
    return response;
  const headers = new Headers(response.headers);
  for (const name of ['Content-Type', 'Content-Length', 'Content-Encoding']) headers.delete(name);
  void response.body?.cancel();
  return new Response(null, { status: 304, headers });
}
