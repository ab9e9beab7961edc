import type { CollectionDefinition } from './config';
import type { Field } from './fields';

/** Every name generated for a collection, from one place, so the schema, the SQL and the docs agree. */
export interface CollectionNames {
  type: string;
  one: string;
  list: string;
  table: string;
  where: string;
  whereUnique: string;
  orderBy: string;
  createInput: string;
  updateInput: string;
  connection: string;
  edge: string;
  create: string;
  createMany: string;
  update: string;
  updateMany: string;
  delete: string;
  deleteMany: string;
  publish: string;
  unpublish: string;
}

/** A collection once validated: its names, its fields in order, and the fields that are unique. */
export interface Collection {
  def: CollectionDefinition;
  names: CollectionNames;
  fields: Field[];
  field: Map<string, Field>;
  /** Fields usable in `WhereUniqueInput`, besides `id`. */
  uniqueFields: Field[];
  /** The join table of each to-many relation, by field name. */
  joinTables: Map<string, string>;
  /** The plugin that brings it, if one does: it answers FORBIDDEN while that plugin is not active. */
  plugin?: string;
}
