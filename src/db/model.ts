import { systemTables } from '../system/tables';
import type { ContentModel, Model } from '../types/cms';
import type { Tables } from '../types/db';
import { buildRelations } from './relations';
import { buildTables } from './tables';

/**
 * A content model with its Drizzle tables (the collections' and the CMS's own) and relations: what migrations are
 * generated from and what the database layer reads with.
 * @example
 * const { tables } = withTables(buildModel(config)); // drizzle-kit's schema
 */
export function withTables(model: ContentModel): Model {
  const tables: Tables = { ...buildTables(model.collections), ...systemTables };
  return { ...model, tables, relations: buildRelations(model.collections, tables) };
}
