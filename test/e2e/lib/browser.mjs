// A headless Chromium for the browser cases: Debian's `chromium` package (no browser is downloaded at install time)
// driven by playwright-core, with a fresh profile per case. The page it opens may reach the worker's origin only:
// any other request is aborted and reported, and so is every Content-Security-Policy violation and uncaught error.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The browser: E2E_CHROMIUM, else Debian's (`apt-get install -y chromium`, as .ci/run does). */
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium opens connections of its own (component updates, sync, QUIC
// probes), which an offline machine refuses; none of them is the page's.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Opens a page in a fresh headless Chromium and runs `use({ page, context, problems })`; afterwards fails when the
 * page asked for anything outside `origin`, broke its Content-Security-Policy or threw. `problems()` lists them so
 * far, for a case that checks in between.
 * @example
 * await withPage(url, async ({ page }) => { await page.goto(`${url}/graphql`); });
 */
export async function withPage(origin, use) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set E2E_CHROMIUM`);
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'cms-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
  });
  const found = [];
  try {
    const own = new URL(origin).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === own) return route.continue();
      found.push(`request outside the worker: ${url}`);
      return route.abort('blockedbyclient');
    });
    // The page's own report of a violation, as a listener the policy cannot block (it runs before the page's code).
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI || 'inline'}`);
      });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      const text = message.text();
      if (/Content[- ]Security[- ]Policy|CSP violation/i.test(text)) found.push(text.slice(0, 300));
    });
    page.on('pageerror', (error) => found.push(`uncaught: ${error.message.slice(0, 300)}`));
    await use({ page, context, problems: () => [...found] });
    if (found.length) throw new Error(`the page broke its bounds:\n${[...new Set(found)].join('\n')}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
