import { type AuditResult, serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { workerIn } from './helpers';

// The GraphQL-over-HTTP audit suite of the `graphql-http` package (61 audits), run against the worker's own fetch.
async function audit(fetch: ReturnType<typeof workerIn>) {
  const audits = serverAudits({
    url: 'http://cms.test/graphql',
    fetchFn: (input: string, init?: RequestInit) => fetch(input, init),
  });
  const results: AuditResult[] = [];
  for (const { fn } of audits) results.push(await fn());
  const failures = results.filter((result) => result.status !== 'ok');
  const report = failures.map((f) => `${f.id} ${f.name}: ${'reason' in f ? f.reason : ''}`).join('\n');
  return { results, failures, report };
}

describe('GraphQL over HTTP (graphql-http audits)', () => {
  it('passes 61/61 in development', async () => {
    const { results, failures, report } = await audit(workerIn('development'));
    expect(results).toHaveLength(61);
    expect(failures, report).toHaveLength(0);
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(61);
  });

  it('has no MUST failure in the production profile, with introspection and suggestions off (61/61 pass)', async () => {
    const fetch = workerIn('production');
    // The profile under audit really is the locked-down one.
    const schema = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(await schema.text()).toContain('Introspection is disabled');

    const { results, failures, report } = await audit(fetch);
    expect(results).toHaveLength(61);
    expect(
      failures.filter((f) => f.name.startsWith('MUST')),
      report,
    ).toHaveLength(0);
    expect(
      results.filter((r) => r.status === 'ok'),
      report,
    ).toHaveLength(61);
  });
});
