import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { env } from 'cloudflare:test';
import { print } from 'graphql';
import type { CmsConfig } from '../../src/types/config';
import { testWorker } from '../helpers';

/**
 * A test worker that runs the generated typed documents (test/generated/graphql.ts): the variables and the result are
 * typed from the document, so a test reads `result.posts.nodes[0].title` without `any`.
 * @example
 * const w = typedWorker();
 * const { posts } = await w.run(PostsPageDocument, { first: 10 });
 */
export function typedWorker(config?: CmsConfig) {
  const worker = testWorker(config);
  return {
    ...worker,
    run: <R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V) =>
      worker.data<R>(print(document), variables),
    /** Seeds rows directly: the tests of reads should not depend on the mutations. */
    raw: (sql: string, ...binds: unknown[]) =>
      env.DB.prepare(sql)
        .bind(...binds)
        .run(),
  };
}
