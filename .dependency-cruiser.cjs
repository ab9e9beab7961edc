// The layers of src/ and the rules that keep them (`npm run check:layers`, in .ci/run). A folder is a layer and
// imports only the layers below it (CONVENTIONS §11), type imports included; there is no import cycle outside
// src/types. Bottom to top, one line per layer:
const LAYERS = [
  // Declarations shared across layers (Context, Cms, Model, config, field, hook, plugin, builder and database types);
  // runs no code and imports only types, from packages and itself. env.d.ts declares the Worker's bindings.
  ['types', '^src/types/|^src/env[.]d[.]ts$'],
  // The error factories and the generated names: leaves every layer uses.
  ['base', '^src/(errors|names)[.]ts$'],
  // A request's own values in one typed place (Hono's c.set/c.get): its id, the cookies it asks for, what each step
  // learnt of it. Keyed by the Request, imports nothing of the CMS.
  ['request', '^src/request/'],
  // Field types: each yields its Drizzle column and its GraphQL parts.
  ['fields', '^src/fields/'],
  // define*, and the model build: validates and normalises the config and its plugins, builds nothing.
  ['config', '^src/config/'],
  // The CMS's own tables (users, sessions, roles, plugins, events…).
  ['system', '^src/system/'],
  // Tables and relations of a model, the D1 client, statements and loaders.
  ['db', '^src/db/'],
  // where/orderBy/cursor/page: from a client's arguments to Drizzle filters.
  ['query', '^src/query/'],
  // Services, each above the ones before it. Event and request logs, the hook time budget.
  ['log', '^src/log/'],
  // Security settings and checks (CORS, CSRF, body and document limits, hashing of secrets).
  ['security', '^src/security/'],
  // The response cache: settings, store, keys, invalidation.
  ['cache', '^src/cache/'],
  // The template renderer ({{var}}, blocks, partials, layouts, bounds) and the plain text of an HTML part: pure
  // functions of a template and its data, for the email plugin and the admin API above.
  ['templates', '^src/templates/'],
  // Plugin runtime: definePlugin, states in D1, events, services, lifecycle (not plugins/system or plugins/core).
  ['plugins', '^src/plugins/[^/]+$'],
  // The hook registry and the running of hooks.
  ['hooks', '^src/hooks/'],
  // Accounts, tokens, sessions, sign-in limits, roles, auth cookies.
  ['auth', '^src/auth/'],
  // Who may do what: rules, the permission matrix, field visibility.
  ['permissions', '^src/permissions/'],
  // Input validation: values, slugs, unique fields, connects.
  ['validation', '^src/validation/'],
  // First-run setup: migrations, the first admin, the model check.
  ['bootstrap', '^src/bootstrap/'],
  // operations/<verb>.ts: access, hooks and database work, no HTTP or GraphQL (CONVENTIONS §4).
  ['operations', '^src/operations/'],
  // The opt-in system plugins (media, workflow, faq, database tools), built on operations.
  ['plugins/system', '^src/plugins/system/'],
  // The GraphQL schema: types, resolvers as one-line calls into operations, the admin APIs.
  ['graphql', '^src/graphql/'],
  // Compiled reads: a validated read document turned into one SQL statement per root field producing its JSON.
  ['compiled', '^src/compiled/'],
  // The HTTP handler and the Yoga pipeline (envelop plugins, cache lookup, fast hits).
  ['server', '^src/server/'],
  // The built-in features' core plugins (auth, cache), which bring GraphQL fields: handed in by the build.
  ['plugins/core', '^src/plugins/core/'],
  // The top-level build (buildCms), the worker's entry and the public API.
  ['top', '^src/(build|worker|index)[.]ts$'],
];

const layerRules = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name.replace('/', '-')}`,
  comment: `${name} imports only the layers below it (${
    LAYERS.slice(0, i)
      .map(([below]) => below)
      .join(', ') || 'none'
  })`,
  severity: 'error',
  from: { path },
  to: {
    path: '^src/',
    pathNot: LAYERS.slice(0, i + 1)
      .map(([, p]) => p)
      .join('|'),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle outside src/types, type imports included.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/types/' },
      to: { circular: true },
    },
    {
      name: 'types-import-only-types',
      comment: 'src/types runs no code: it imports types only (import type), from packages and src/types.',
      severity: 'error',
      from: { path: '^src/types/' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'types-import-only-types-layer',
      comment: 'src/types imports nothing else of src.',
      severity: 'error',
      from: { path: '^src/types/' },
      to: { path: '^src/', pathNot: '^src/types/' },
    },
    {
      name: 'src-not-to-tooling',
      comment: 'The worker never imports tests, scripts or benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|bench)/' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
