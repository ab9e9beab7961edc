import type { Viewer } from './auth';
import type { Cms } from './cms';
import type { Database } from './db';

/**
 * Per-request context. Features extend it by declaration merging (CONVENTIONS §9): the response cache adds
 * `responseCache`, the permissions step `access`.
 */
export interface Context {
  env: Env;
  cms: Cms;
  db: Database;
  requestId: string;
  request: Request;
  waitUntil(promise: Promise<unknown>): void;
  /** The caller, set by the authentication step; anonymous until then. */
  viewer: Viewer;
}
