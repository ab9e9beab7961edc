import type { Builder, BuilderTypes } from '../types/builder';
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import type { Model } from '../types/cms';
import { DEFAULT_MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../query/page';
import { DateTime, JSONScalar } from './scalars';

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
