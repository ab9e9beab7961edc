import type { GraphQLSchema } from 'graphql';
import type { Model } from '../types/cms';
import { createBuilder } from './builder';
import { createEnums } from './enums';
import { createEventLogQuery } from './event-log';
import { createFilters } from './filters';
import { createInputs } from './inputs';
import { createMutations } from './mutations';
import { createObjects } from './objects';
import { createPermissionSchema } from './permissions';
import { createQueries } from './queries';
import { createPluginSchema } from './plugins';
import { extendSchema, gatePluginFields } from './plugin-schema';
import { tagEntities } from '../cache/entities';
import { createStages, stageRootFields } from './stages';

/** The whole GraphQL schema of a model, built once per isolate. */
export function buildSchema(model: Model): GraphQLSchema {
  const builder = createBuilder(model);
  const filters = createFilters(builder);
  createEnums(builder, model.collections);
  const inputs = createInputs(builder, model, filters);
  const refs = createObjects(builder, model, inputs);
  createQueries(builder, model, inputs, refs, createStages(builder));
  createMutations(builder, model, inputs);
  createEventLogQuery(builder);
  createPermissionSchema(builder);
  createPluginSchema(builder, model.plugins);
  const owned = extendSchema(builder, model, refs.object);
  const schema = builder.toSchema({ sortSchema: false });
  gatePluginFields(schema, owned);
  stageRootFields(schema, model);
  // Last, so the cache sees what each field finally returns.
  tagEntities(schema);
  return schema;
}
