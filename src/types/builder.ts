// For Pothos's global `PothosSchemaTypes` namespace, as the Drizzle and Relay plugins extend it.
import type {} from '@pothos/core';
import type {} from '@pothos/plugin-drizzle';
import type {} from '@pothos/plugin-relay';
import type { Context } from './context';

/** The Pothos builder's types: the one builder the schema and the plugins' `schema` add to. */
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
