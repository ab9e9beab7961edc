// The GraphQL-over-HTTP audit suite of `graphql-http` (61 audits) against the served worker's real URL.
import { serverAudits } from 'graphql-http';

/** Runs every audit in turn; resolves `{ total, ok, failures: [{ id, name, status, reason }] }`. */
export async function runAudits(url) {
  const results = [];
  for (const { fn } of serverAudits({ url: `${url}/graphql` })) results.push(await fn());
  const failures = results
    .filter((result) => result.status !== 'ok')
    .map(({ id, name, status, reason }) => ({ id, name, status, reason }));
  return { total: results.length, ok: results.length - failures.length, failures };
}
