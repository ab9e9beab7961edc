import { createYoga } from 'graphql-yoga';
import type { Cms } from '../config/build';
import type { Context } from '../context';
import { createDb } from '../db/client';
import { ANONYMOUS } from '../auth/viewer';
import { useAuth } from './plugins/use-auth';
import { corsPolicy } from '../security/cors';
import { useSecurity } from './plugins/use-security';
import { requestIdFor, useRequestId } from './plugins/use-request-id';

export interface ServerContext {
  env: Env;
  executionContext?: ExecutionContext;
}

/** Development mode is explicit: `ENVIRONMENT=development`. Anything else masks unexpected errors. */
export const isDevelopment = (env: Pick<Env, 'ENVIRONMENT'>) => env.ENVIRONMENT === 'development';

export function createServer(cms: Cms, development: boolean) {
  return createYoga<ServerContext, Context>({
    schema: cms.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // NODE_ENV is "development" under wrangler dev; masking follows ENVIRONMENT instead (see isDevelopment).
    maskedErrors: { isDev: development },
    graphiql: development ? { title: 'Edge CMS', defaultQuery: DEFAULT_QUERY } : false,
    // CORS (its slot in the order below): Yoga runs it first, so a preflight is answered before anything else runs.
    cors: corsPolicy(cms.security.cors, development),
    // The pipeline, in its fixed order: bootstrap → logging → security → CORS → authentication → permissions →
    // CMS plugin middleware → resolvers.
    plugins: [
      useRequestId(),
      // bootstrap: migrations, model check, first admin (once per isolate)
      // logging: structured lines, slow operations and security events
      useSecurity({ settings: cms.security, development }), // headers, CSRF, body size, document limits, introspection
      // CORS: Yoga's `cors` option, above
      useAuth(),
      // permissions: ctx.can(), built from the role matrix
      // CMS plugin middleware (plugins' envelop plugins)
    ],
    context: ({ env, executionContext, request }): Context => ({
      env,
      cms,
      db: createDb(env.DB, cms),
      request,
      requestId: requestIdFor(request),
      waitUntil: (promise) => executionContext?.waitUntil(promise),
      viewer: ANONYMOUS,
    }),
  });
}

const DEFAULT_QUERY = `# Welcome to the Edge CMS GraphQL API.
query LatestPosts {
  posts(first: 5, orderBy: [{ createdAt: desc }]) {
    totalCount
    nodes { title slug author { name } tags { nodes { name } } }
  }
}
`;
