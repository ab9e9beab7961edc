// GraphiQL as a developer meets it: a real browser on the worker's page, offline (every request outside the worker's
// origin is refused), under the page's strict Content-Security-Policy. Needs Chromium (test/e2e/lib/browser.mjs).
import assert from 'node:assert/strict';
import { withPage } from '../lib/browser.mjs';

/** The text of GraphiQL's result pane once every one of `parts` shows in it; fails after 15 s with what it shows. */
async function resultWith(page, ...parts) {
  const pane = page.locator('.graphiql-response');
  let text = '';
  for (const started = Date.now(); Date.now() - started < 15_000; await page.waitForTimeout(100)) {
    // CodeMirror renders the lines in view; a result's first lines are what these checks read.
    text = (await pane.textContent()) ?? '';
    if (parts.every((part) => text.includes(part))) return text;
  }
  throw new Error(`the result pane never showed ${parts.join(' and ')}; it shows:\n${text.slice(0, 400)}`);
}

/** Opens a new tab, replaces its query with `document` (one operation named `name`) and runs it. */
async function runInNewTab(page, name, document) {
  await page.getByRole('button', { name: 'New tab' }).click();
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('ControlOrMeta+A');
  // insertText sends the text as one input, so the editor's bracket closing and hints don't rewrite it.
  await page.keyboard.insertText(document);
  // GraphiQL reads the operation's name from the editor after a pause (100 ms); the tab shows it once it has.
  await page.locator('.graphiql-tab-active').getByText(name, { exact: true }).waitFor();
  await page.getByRole('button', { name: /Execute query/ }).click();
}

export default [
  {
    name: 'GraphiQL runs offline from the worker: the sample query, then sign-in with setCookie',
    item: 'graphiql-offline',
    profiles: ['development'],
    timeout: 90_000,
    async run({ url, admin }) {
      // What the sample query must show: the newest posts' titles, read without the browser.
      const latest = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ posts(first: 2, orderBy: [{ createdAt: desc }]) { nodes { title } } }' }),
      }).then((r) => r.json());
      const titles = latest.data.posts.nodes.map((post) => post.title);
      assert.ok(titles.length > 0, 'the seeded state has posts');

      await withPage(url, async ({ page, context }) => {
        const response = await page.goto(`${url}/graphql`);
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-security-policy'], /script-src 'self';/);
        assert.equal(await page.title(), 'Edge CMS');

        // The sample query is in the editor, and running it shows the posts.
        const editor = page.locator('.graphiql-query-editor');
        await editor.getByText('query LatestPosts').waitFor();
        await page.getByRole('button', { name: /Execute query/ }).click();
        await resultWith(page, '"totalCount"', JSON.stringify(titles[0]));

        // A dialog adds an inline <style> (Radix): the page's nonce must admit it.
        await page.getByRole('button', { name: 'Open settings dialog' }).click();
        await page.locator('.graphiql-dialog').waitFor();
        await page.keyboard.press('Escape');
        await page.locator('.graphiql-dialog').waitFor({ state: 'detached' });

        // Sign in from GraphiQL: the cookie is set, and GraphiQL's next request is the admin's.
        const login = `mutation SignIn { login(email: ${JSON.stringify(admin.email)}, password: ${JSON.stringify(
          admin.password,
        )}, setCookie: true) { user { email } } }`;
        await runInNewTab(page, 'SignIn', login);
        await resultWith(page, '"login"', `"email": ${JSON.stringify(admin.email)}`);
        const cookies = await context.cookies(url);
        assert.ok(
          cookies.some((c) => c.name === 'auth_token' && c.httpOnly),
          `an HttpOnly auth_token cookie: ${cookies.map((c) => c.name).join(', ') || 'none'}`,
        );
        await runInNewTab(page, 'Me', 'query Me { me { email } }');
        await resultWith(page, '"me"', `"email": ${JSON.stringify(admin.email)}`);
      });
    },
  },
];
