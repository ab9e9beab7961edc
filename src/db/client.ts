import type { Database } from '../types/db';
import { drizzle } from 'drizzle-orm/d1';
import type { Model } from '../types/cms';

/** A Drizzle client over the D1 binding; cheap, made per request. */
export function createDb(d1: D1Database, model: Model): Database {
  return drizzle(d1, { relations: model.relations });
}
