import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import type { Model } from '../config/model';
import type { Context } from '../context';
import { DEFAULT_MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../query/page';
import { DateTime, JSONScalar } from './scalars';

export interface BuilderTypes {
  Context: Context;
  // Tables are built from definitions at runtime, so their static types are not known here.
  DrizzleRelations: any;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string | number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DefaultInputFieldRequiredness: false;
}

export type Builder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>>;

/** A fresh builder for one model; the schema is built once per isolate (CONVENTIONS §1). */
export function createBuilder(model: Model): Builder {
  const builder = new SchemaBuilder<BuilderTypes>({
    plugins: [RelayPlugin, DrizzlePlugin],
    defaultFieldNullability: false,
    relay: {
      nodesOnConnection: {},
      // The contract's IDs are the items' own ids, not Relay global ids.
      clientMutationId: 'omit',
      cursorType: 'String',
      edgesFieldOptions: { nullable: { list: false, items: false } },
      nodeFieldOptions: { nullable: false },
    },
    drizzle: {
      client: (ctx) => ctx.db,
      relations: model.relations,
      getTableConfig,
      defaultConnectionSize: model.config.defaultPageSize ?? DEFAULT_PAGE_SIZE,
      maxConnectionSize: model.config.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
    },
  });
  builder.addScalarType('DateTime', DateTime);
  builder.addScalarType('JSON', JSONScalar);
  return builder as unknown as Builder;
}
