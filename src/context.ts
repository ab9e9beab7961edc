import type { Viewer } from './auth/viewer';
import type { ResponseCache } from './cache/response-cache';
import type { Cms } from './config/build';
import type { Database } from './db/client';

/** Per-request context. Features extend it by declaration merging (CONVENTIONS §9). */
export interface Context {
  env: Env;
  cms: Cms;
  db: Database;
  requestId: string;
  request: Request;
  waitUntil(promise: Promise<unknown>): void;
  /** The isolate's response cache (stats and purges; the cache step does the rest). */
  responseCache: ResponseCache;
  /** The caller, set by the authentication step; anonymous until then. */
  viewer: Viewer;
}
