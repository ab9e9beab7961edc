import type { Collection } from '../types/collection';
import type { Model } from '../types/cms';
import type { Field, RelationOptions, ReverseOptions } from '../types/fields';
import type { Builder } from '../types/builder';
import type { CollectionHooks } from '../types/hooks';
import { neededOnCreate } from '../fields/presence';
import { enumName } from './enums';
import type { Filters } from './filters';

/** The GraphQL type of a stored field's value (output and input alike). */
export function valueType(collection: Collection, field: Field): string {
  return field.def.type === 'select' ? enumName(collection, field) : field.kind.scalar!;
}

/** A beforeCreate hook (the collection's, or a plugin's for it or for every collection) may fill in any field. */
function hookMayFill(model: Model, collection: Collection): boolean {
  const has = (hooks: CollectionHooks | undefined) => hooks?.beforeCreate !== undefined;
  return (
    has(collection.def.hooks) || model.plugins.some((p) => has(p.hooks?.[collection.names.type]) || has(p.hooks?.['*']))
  );
}

const isStored = (field: Field) => field.def.type !== 'relation' && field.def.type !== 'reverse';

/**
 * The per-collection inputs of the contract: Where, WhereUnique, OrderBy, Create, Update and the relation inputs.
 * Refs are made first because inputs of different collections refer to each other.
 */
export function createInputs(builder: Builder, model: Model, filters: Filters) {
  const refs = new Map<string, any>();
  const ref = (name: string) => {
    if (!refs.has(name)) refs.set(name, builder.inputRef<any>(name));
    return refs.get(name);
  };
  const target = (field: Field) =>
    model.byName.get(
      field.def.type === 'relation' ? (field.def as RelationOptions).to : (field.def as ReverseOptions).from,
    )!;

  for (const collection of model.collections) {
    const n = collection.names;

    ref(n.where).implement({
      description: `Filters ${n.list}; every entry must hold (AND). Relation filters test related items.`,
      fields: (t: any) => {
        const fields: Record<string, unknown> = {
          AND: t.field({ type: [ref(n.where)] }),
          OR: t.field({ type: [ref(n.where)] }),
          NOT: t.field({ type: [ref(n.where)] }),
          id: t.field({ type: filters.id }),
          createdAt: t.field({ type: filters.datetime }),
          updatedAt: t.field({ type: filters.datetime }),
          publishedAt: t.field({ type: filters.datetime }),
          status: t.field({ type: filters.status }),
          version: t.field({ type: filters.int }),
        };
        for (const field of collection.fields) {
          if (isStored(field)) {
            const filter = filters.forField(
              field,
              field.def.type === 'select' ? enumName(collection, field) : undefined,
            );
            if (filter) fields[field.name] = t.field({ type: filter });
          } else {
            const related = target(field);
            const toMany = field.def.type === 'reverse' || !!(field.def as RelationOptions).many;
            fields[field.name] = t.field({
              type: toMany ? ref(`${related.names.type}ListRelationFilter`) : ref(related.names.where),
            });
          }
        }
        return fields;
      },
    });

    ref(`${n.type}ListRelationFilter`).implement({
      description: `Tests the related ${n.list}: some match, every one matches (also true for none), or none matches.`,
      fields: (t: any) => ({
        some: t.field({ type: ref(n.where) }),
        every: t.field({ type: ref(n.where) }),
        none: t.field({ type: ref(n.where) }),
      }),
    });

    ref(n.whereUnique).implement({
      description: `Identifies one ${n.type}: give exactly one of these fields.`,
      // @oneOf: GraphQL validation itself refuses none, two, or a null, and generated clients type it as a union.
      isOneOf: true,
      fields: (t: any) => ({
        id: t.id(),
        ...Object.fromEntries(
          collection.uniqueFields.map((f) => [f.name, t.field({ type: valueType(collection, f) })]),
        ),
      }),
    });

    ref(n.orderBy).implement({
      description: 'One field per entry; list several entries to break ties. The id breaks any remaining tie.',
      fields: (t: any) => ({
        ...Object.fromEntries(
          ['id', 'createdAt', 'updatedAt', 'publishedAt', 'status', 'version'].map((k) => [
            k,
            t.field({ type: 'SortOrder' }),
          ]),
        ),
        ...Object.fromEntries(
          collection.fields.filter((f) => f.kind.orderable).map((f) => [f.name, t.field({ type: 'SortOrder' })]),
        ),
      }),
    });

    ref(`${n.type}RelateToOneForCreateInput`).implement({
      fields: (t: any) => ({ connect: t.field({ type: ref(n.whereUnique) }) }),
    });
    ref(`${n.type}RelateToOneForUpdateInput`).implement({
      description: 'Give connect or disconnect: true.',
      fields: (t: any) => ({ connect: t.field({ type: ref(n.whereUnique) }), disconnect: t.boolean() }),
    });
    ref(`${n.type}RelateToManyForCreateInput`).implement({
      fields: (t: any) => ({ connect: t.field({ type: [ref(n.whereUnique)] }) }),
    });
    ref(`${n.type}RelateToManyForUpdateInput`).implement({
      description: 'set replaces every link; connect and disconnect add and remove some.',
      fields: (t: any) => ({
        connect: t.field({ type: [ref(n.whereUnique)] }),
        disconnect: t.field({ type: [ref(n.whereUnique)] }),
        set: t.field({ type: [ref(n.whereUnique)] }),
      }),
    });

    // Non-null in the create input: what a create must give, unless a beforeCreate hook could supply it. What GraphQL
    // can't express (lengths, formats, uniqueness, a value a hook left out) comes back as VALIDATION_FAILED
    // fieldErrors.
    const hooked = hookMayFill(model, collection);
    for (const mode of ['Create', 'Update'] as const) {
      ref(mode === 'Create' ? n.createInput : n.updateInput).implement({
        description:
          mode === 'Create'
            ? `A new ${n.type}. Fields the server can't supply are non-null; the other rules (lengths, formats, ` +
              'unique values) are checked on the server and reported together as VALIDATION_FAILED fieldErrors.'
            : `Changes to a ${n.type}: only the fields given are changed; null clears an optional field.`,
        fields: (t: any) => {
          const fields: Record<string, unknown> = {};
          for (const field of collection.fields) {
            if (field.def.type === 'reverse') continue;
            const required = mode === 'Create' && !hooked && neededOnCreate(field);
            if (field.def.type === 'relation') {
              const related = target(field).names.type;
              const many = (field.def as RelationOptions).many ? 'Many' : 'One';
              fields[field.name] = t.field({
                type: ref(`${related}RelateTo${many}For${mode}Input`),
                required, // a required to-one relation: its input must be there (`{}` is still a field error)
                description: field.def.description,
              });
            } else {
              fields[field.name] = t.field({
                type: valueType(collection, field),
                required,
                description: field.def.description,
              });
            }
          }
          return fields;
        },
      });
    }
  }
  return { ref };
}

export type Inputs = ReturnType<typeof createInputs>;
