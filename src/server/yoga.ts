import { createYoga } from 'graphql-yoga';
import type { Cms } from '../types/cms';
import type { Context } from '../types/context';
import type { ServerContext } from '../types/server';
import { createDb } from '../db/client';
import { ANONYMOUS } from '../auth/viewer';
import type { Bootstrap } from '../bootstrap/bootstrap';
import { useAuth } from './plugins/use-auth';
import { useBootstrap } from './plugins/use-bootstrap';
import { useLogging } from './plugins/use-logging';
import { useD1Session } from './plugins/use-d1-session';
import { Access } from '../permissions/access';
import { usePermissions } from './plugins/use-permissions';
import { corsPolicy } from '../security/cors';
import { useSecurity } from './plugins/use-security';
import { DEFAULT_PAGE_SIZE } from '../query/page';
import { useRequestErrors } from './plugins/use-request-errors';
import { useCmsPlugins } from './plugins/use-cms-plugins';
import type { ResponseCache } from '../cache/response-cache';
import { useResponseCache } from './plugins/use-response-cache';
import { requestIdOf } from '../request/request-id';
import type { PersistedDocumentStore } from '../cache/persisted-documents';
import { usePersistedDocuments } from './plugins/use-persisted-documents';
import type { CompiledRunner } from './compiled-run';
import { useCompiledCompare } from './plugins/use-compiled-compare';
import type { CompiledReads } from '../compiled/reads';
import { useCompiledReads } from './plugins/use-compiled-reads';
import type { CompiledMode } from './compiled-mode';

/** Development mode is explicit: `ENVIRONMENT=development`. Anything else masks unexpected errors. */
export const isDevelopment = (env: Pick<Env, 'ENVIRONMENT'>) => env.ENVIRONMENT === 'development';

export interface ServerParts {
  bootstrap: Bootstrap;
  /** The isolate's response cache for an environment. */
  cacheFor(env: Env): ResponseCache;
  /** The isolate's registered persisted documents for an environment. */
  persistedFor(env: Env): PersistedDocumentStore;
  /** The compiled reads, for compare mode (development only). */
  runner: CompiledRunner;
  /** Whether the compiled path is on for this handler (`compiledReads`). */
  compiledReads: boolean;
  /** The isolate's compiled reads, and how the pipeline uses them in an environment (on, off, compared). */
  compiled: { reads: CompiledReads; mode(env: Env): CompiledMode };
}

export function createServer(
  cms: Cms,
  development: boolean,
  { bootstrap, cacheFor, persistedFor, runner, compiledReads, compiled }: ServerParts,
) {
  return createYoga<ServerContext, Context>({
    schema: cms.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // The security step enforces the body limit (a smaller one, with its event), reading the body once; Yoga's own
    // limiter would pipe every body through a second stream and copy the request again.
    maxRequestBodySize: false,
    // NODE_ENV is "development" under wrangler dev; masking follows ENVIRONMENT instead (see isDevelopment).
    maskedErrors: { isDev: development },
    // GraphiQL is the worker's own page (./graphiql.ts), answered before the pipeline; Yoga's loads from a CDN.
    graphiql: false,
    // CORS (its slot in the order below): Yoga runs it first, so a preflight is answered before anything else runs.
    cors: corsPolicy(cms.security.cors, development),
    // The pipeline, in its fixed order: bootstrap → logging → security → CORS → authentication → permissions →
    // persisted documents → response cache → CMS plugin middleware → resolvers. Its responses leave through the worker's finishing step (`createFinish`).
    plugins: [
      // Request errors in the contract's words: a body Yoga can't read, variables that don't coerce: BAD_USER_INPUT.
      useRequestErrors({ development }),
      useBootstrap(bootstrap, { development }),
      useLogging(),
      // Which D1 session the statements of the operation use (see ../d1-session).
      useD1Session(),
      useSecurity({
        settings: cms.security,
        development,
        defaultPageSize: cms.config.defaultPageSize ?? DEFAULT_PAGE_SIZE,
      }), // CSRF, body size, document limits, introspection, response size
      // CORS: Yoga's `cors` option, above
      useAuth(),
      usePermissions(),
      // A hash becomes its document before the cache looks; a document is registered after the limits passed it.
      usePersistedDocuments({ settings: cms.persisted, development, storeFor: persistedFor }),
      // The response cache answers before parsing (its step shows before auth in Server-Timing); its place here puts
      // its execute hooks after the steps above.
      useResponseCache({ cms, cacheFor, development }),
      // Compare mode checks a cache-filling read against its compiled read; after the cache step, which keeps its tags.
      ...(development ? [useCompiledCompare({ cms, runner, enabled: compiledReads })] : []),
      // Compiled reads: the root fields a statement can answer whole, the others through the resolvers; before the
      // plugins' middleware, so a plugin wrapping execution wraps this too.
      useCompiledReads(compiled.reads, compiled.mode),
      // CMS plugin middleware: the plugins' envelop plugins, each acting while its plugin is active.
      useCmsPlugins(cms),
    ],
    context: ({ env, executionContext, request, reads }): Context => {
      const db = createDb(reads ?? env.DB, cms);
      return {
        env,
        cms,
        db,
        request,
        requestId: requestIdOf(request),
        waitUntil: (promise) => executionContext?.waitUntil(promise),
        viewer: ANONYMOUS,
        responseCache: cacheFor(env),
        // Replaced by the permissions step for the signed-in viewer; anonymous rules until then.
        access: new Access(ANONYMOUS, db),
      };
    },
  });
}
