import { defineRelations } from 'drizzle-orm';
import { foreignKey } from '../config/collection';
import type { Collection } from '../types/collection';
import type { RelationOptions, ReverseOptions } from '../types/fields';
import { joinKey } from './tables';
import type { Relations, Tables } from '../types/db';

/** Drizzle relations v2 for every relation and reverse field, named like the GraphQL fields. */
export function buildRelations(collections: Collection[], tables: Tables): Relations {
  const byName = new Map(collections.map((c) => [c.names.type, c]));
  // The builder is keyed by table keys only known at runtime, hence the loose typing here.
  return defineRelations(tables, (r: any): any => {
    const config: Record<string, Record<string, unknown>> = {};
    for (const collection of collections) {
      const self = collection.names.list;
      const entry: Record<string, unknown> = {};
      for (const field of collection.fields) {
        if (field.def.type === 'relation') {
          const target = byName.get((field.def as RelationOptions).to)!.names.list;
          if (field.def.many) {
            const join = joinKey(collection, field.name);
            entry[field.name] = r.many[target]({
              from: r[self].id.through(r[join].sourceId),
              to: r[target].id.through(r[join].targetId),
            });
          } else {
            entry[field.name] = r.one[target]({
              from: r[self][foreignKey(field)],
              to: r[target].id,
              optional: !field.def.required,
            });
          }
        } else if (field.def.type === 'reverse') {
          const def = field.def as ReverseOptions;
          const owner = byName.get(def.from)!;
          const forward = owner.field.get(def.field)!;
          const target = owner.names.list;
          if ((forward.def as RelationOptions).many) {
            const join = joinKey(owner, def.field);
            entry[field.name] = r.many[target]({
              from: r[self].id.through(r[join].targetId),
              to: r[target].id.through(r[join].sourceId),
            });
          } else {
            entry[field.name] = r.many[target]({ from: r[self].id, to: r[target][foreignKey(forward)] });
          }
        }
      }
      config[self] = entry;
    }
    return config;
  });
}
