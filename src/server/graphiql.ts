// GraphiQL, served by the worker itself: the page (here) and its script and stylesheet (static assets built by
// scripts/build-graphiql.mjs into public/graphiql/, read through the `ASSETS` binding). Nothing comes from a CDN, so
// it works offline, and the page runs under a strict policy: scripts from this origin only, no inline script.
import { shouldRenderGraphiQL } from 'graphql-yoga';
import { pagePolicy } from '../security/headers';

/** Where the built assets are served: the folder under the `[assets] directory` of wrangler.toml. */
export const GRAPHIQL_ASSETS = '/graphiql/';

const GRAPHIQL_TITLE = 'Edge CMS';

/** The query the editor opens with (GraphiQL keeps a visitor's own tabs once they have any). */
export const DEFAULT_QUERY = `# Welcome to the Edge CMS GraphQL API.
query LatestPosts {
  posts(first: 5, orderBy: [{ createdAt: desc }]) {
    totalCount
    nodes { title slug author { name } tags { nodes { name } } }
  }
}
`;

/** Whether a request is a browser asking `/graphql` for a page: a GET that accepts HTML (Yoga's own test). */
export const wantsGraphiQL = (request: Request): boolean => shouldRenderGraphiQL(request);

/** A JSON text safe inside `<script type="application/json">`: no `<` can close the element early. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** 16 random bytes, base64: a nonce for the one kind of inline style the page allows (see `pagePolicy`). */
function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The GraphiQL page for `endpoint`: its settings in a JSON data block (a script type the browser never runs), the
 * bundle and stylesheet from GRAPHIQL_ASSETS, and its own Content-Security-Policy, which the finishing step keeps.
 * The style nonce is fresh per response, so the page is never stored.
 * @example
 * if (wantsGraphiQL(request)) return finish(request, graphiqlPage('/graphql'), env, ctx, path);
 */
export function graphiqlPage(endpoint: string): Response {
  const styleNonce = nonce();
  const config = jsonForScript({ endpoint, defaultQuery: DEFAULT_QUERY, styleNonce });
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${GRAPHIQL_TITLE}</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS}graphiql.css">
<script id="graphiql-config" type="application/json">${config}</script>
<script defer src="${GRAPHIQL_ASSETS}graphiql.js"></script>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. The API answers POST and GET requests at ${endpoint}.</noscript>
</body>
</html>
`;
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': pagePolicy(styleNonce),
      'Cache-Control': 'no-store',
    },
  });
}

/**
 * GraphiQL's script or stylesheet from the `ASSETS` binding (GET and HEAD only); null when there is no such file
 * (or no binding), so the caller answers its own 404 rather than the platform's.
 * @example
 * const asset = await graphiqlAsset(request, env);
 */
export async function graphiqlAsset(request: Request, env: Env): Promise<Response | null> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !env.ASSETS) return null;
  const response = await env.ASSETS.fetch(request);
  if (response.status === 200 || response.status === 304) return response;
  void response.body?.cancel();
  return null;
}
