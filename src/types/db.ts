import type { ExtractTablesFromSchema, ExtractTablesWithRelations } from 'drizzle-orm';
import type { drizzle } from 'drizzle-orm/d1';
import type { sqliteTable } from 'drizzle-orm/sqlite-core';

/** The Drizzle tables of a model (collections, join tables and the CMS's own), by key. */
export type Tables = Record<string, ReturnType<typeof sqliteTable>>;

/** Drizzle relations v2 of the tables; built from definitions at runtime, so loosely typed. */
export type Relations = ExtractTablesWithRelations<any, ExtractTablesFromSchema<Tables>>;

/** A Drizzle client over the D1 binding with the model's relations (`db/client.ts` makes one per request). */
export type Database = ReturnType<typeof drizzle<Relations, D1Database>>;
