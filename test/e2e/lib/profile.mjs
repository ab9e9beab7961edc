// One profile's run: `wrangler dev` on its own copy of the seeded state, then the audits, the cases and the corpus.
import { devVars, freePort, productionVars, startWorker } from '../../../bench/lib/worker.mjs';
import { runAudits } from './audits.mjs';
import { runCases } from './cases.mjs';
import { inspect } from './inspect.mjs';
import { FailureLog } from './report.mjs';
import { pool, send } from './send.mjs';

/** A detail without the request's own values, so one cause is one group (`Variable "$a" got …` and `$b`). */
const causeOf = (detail) =>
  detail
    .replace(/got invalid value .*/, 'got invalid value …')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\$\w+/g, '$…')
    .replace(/\d+/g, 'N');

/** A profile's variables: development as `npm start`, production with a random JWT secret and admin password. */
const varsOf = (profile) =>
  profile === 'production' ? productionVars() : { ENVIRONMENT: 'development', ...devVars() };

/**
 * Serves `cwd` with the state in `stateDir` in `profile` and checks it; `log(line)` prints. Resolves the figures:
 * `{ profile, requests, failedRequests, fivexx, leaks, audits, cases, seconds }`.
 */
export async function runProfile({ profile, cwd, stateDir, cases, corpus, concurrency, log }) {
  const started = Date.now();
  const vars = varsOf(profile);
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const worker = await startWorker({ port, inspectorPort, persistTo: stateDir, vars, cwd });
  try {
    const { url } = worker;
    log(`e2e ${profile}: wrangler dev at ${url} (${cwd})`);

    // The audits first, on a worker nothing has touched yet.
    const audits = await runAudits(url);
    for (const f of audits.failures) {
      log(`  ✖ audit ${f.id} ${f.status}: ${f.name}\n      ${String(f.reason ?? '').split('\n')[0]}`);
    }
    log(`  audits: ${audits.ok}/${audits.total} ok`);

    // The cases before the corpus: a hostile corpus may trip limits (login lockouts by address) cases don't expect.
    const admin = { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD };
    const results = await runCases(cases, { url, profile, admin });
    for (const r of results) {
      log(`  ${r.ok ? '✔' : '✖'} case ${r.name} [${r.item}] ${r.ok ? `(${r.ms} ms)` : `\n    ${r.message}`}`);
    }

    const failures = new FailureLog();
    const statuses = new Map();
    let failedRequests = 0;
    let fivexx = 0;
    let leaks = 0;
    await pool(corpus, concurrency, async (request) => {
      const response = await send(url, request);
      const status = response.error ? 'none' : response.status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const problems = inspect(request, response, profile);
      if (problems.length) failedRequests++;
      if (problems.some((p) => p.problem === '5xx')) fivexx++;
      if (problems.some((p) => p.problem.startsWith('leak'))) leaks++;
      for (const { problem, detail } of problems) {
        const cause = !detail ? problem : `${problem} (${problem === '5xx' ? detail : causeOf(detail)})`;
        failures.add(cause, request, response);
      }
    });
    const histogram = [...statuses]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    log(`  corpus: ${corpus.length} requests, ${failedRequests} failed; statuses ${histogram}`);
    for (const line of failures.lines()) log(line);

    const passedCases = results.filter((r) => r.ok).length;
    const seconds = Math.round((Date.now() - started) / 1000);
    log(
      `e2e ${profile}: ${corpus.length} requests, ${fivexx} 5xx, ${leaks} leaks, ` +
        `audits ${audits.ok}/${audits.total} ok, cases ${passedCases}/${results.length} (${seconds} s)`,
    );
    return { profile, requests: corpus.length, failedRequests, fivexx, leaks, audits, cases: results, seconds };
  } finally {
    await worker.stop();
  }
}
