// GraphiQL for the worker's own page (src/server/graphiql.ts renders it): bundled by scripts/build-graphiql.mjs into
// public/graphiql/, which the worker serves itself, so the page needs no CDN and runs under `script-src 'self'`.
// The page hands its settings over in a JSON data block, never in an inline script.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { setNonce } from 'get-nonce';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './page.css';

/** `{ endpoint, defaultQuery, styleNonce }`, written by the worker into `<script type="application/json">`. */
const config = JSON.parse(document.getElementById('graphiql-config')?.textContent || '{}');
// GraphiQL's dialogs (Radix, through react-style-singleton) add a `<style>` element when they open; the page's policy
// admits inline style only with this response's nonce, which react-style-singleton reads from get-nonce.
if (config.styleNonce) setNonce(config.styleNonce);

const fetcher = createGraphiQLFetcher({
  url: config.endpoint || '/graphql',
  // The `auth_token` cookie that `login(…, setCookie: true)` sets must go with every request (the page and the API
  // share an origin); said outright rather than left to the default.
  fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
});

const root = document.getElementById('graphiql');
if (root) createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: config.defaultQuery }));
