import { drizzle } from 'drizzle-orm/d1';
import type { Model } from '../config/model';

/** A Drizzle client over the D1 binding; cheap, made per request. */
export function createDb(d1: D1Database, model: Model) {
  return drizzle(d1, { relations: model.relations });
}

export type Database = ReturnType<typeof createDb>;
