// Sending the corpus: real HTTP to the worker, a bounded number in flight, each with a timeout.

/** Sends one corpus request; resolves `{ status, headers, text }`, or `{ error }` when no response came. */
export async function send(url, request, timeoutMs = 20_000) {
  try {
    const response = await fetch(`${url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    return { error: `${error.name}: ${error.cause?.message ?? error.message}` };
  }
}

/** Runs `task(item, index)` over `items` with at most `limit` in flight; resolves once all are done. */
export async function pool(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
