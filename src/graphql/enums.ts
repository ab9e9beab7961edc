import type { Collection } from '../types/collection';
import type { Field, SelectOptions } from '../types/fields';
import { upperFirst } from '../names';
import type { Builder } from '../types/builder';

/** The GraphQL enum of a select field: `<Collection><Field>`, e.g. `WidgetSize`. */
export const enumName = (collection: Collection, field: Field) => `${collection.names.type}${upperFirst(field.name)}`;

export function createEnums(builder: Builder, collections: Collection[]) {
  for (const collection of collections) {
    for (const field of collection.fields) {
      if (field.def.type !== 'select') continue;
      builder.enumType(enumName(collection, field), {
        values: (field.def as SelectOptions).options as string[],
        description: `Allowed values of ${collection.names.type}.${field.name}`,
      });
    }
  }
}
