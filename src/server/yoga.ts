import { createYoga } from 'graphql-yoga';
import type { Cms } from '../config/build';
import type { Context } from '../context';
import { createDb } from '../db/client';
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
    plugins: [useRequestId()],
    context: ({ env, executionContext, request }): Context => ({
      env,
      cms,
      db: createDb(env.DB, cms),
      request,
      requestId: requestIdFor(request),
      waitUntil: (promise) => executionContext?.waitUntil(promise),
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
