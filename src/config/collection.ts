import { CmsConfigError } from '../errors';
import { fieldTypes } from '../fields/registry';
import type { Collection } from '../types/collection';
import type { CollectionDefinition } from '../types/config';
import type { Field, FieldDefinition } from '../types/fields';
import { names, snakeCase } from '../names';

/** The key of a to-one relation's id column in the Drizzle table (`author` → `authorId`). */
export const foreignKey = (field: { name: string }) => `${field.name}Id`;

export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'status', 'publishedAt', 'version', 'createdBy'] as const;
const RESERVED = new Set<string>([...SYSTEM_FIELDS, 'AND', 'OR', 'NOT', '__typename']);
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const FIELD_NAME = /^[a-z][A-Za-z0-9]*$/;

/** `private` is a boolean or `{ read: [role, …] }` (see PrivateOption). */
function checkPrivate(def: FieldDefinition, where: string) {
  const option = (def as { private?: unknown }).private;
  if (option === undefined || typeof option === 'boolean') return;
  const read = (option as { read?: unknown })?.read;
  if (!Array.isArray(read) || read.length === 0 || !read.every((role) => typeof role === 'string' && role !== ''))
    throw new CmsConfigError(`${where}: private must be true, false or { read: [role, …] } with at least one role`);
}

export function normaliseCollection(def: CollectionDefinition): Collection {
  if (!TYPE_NAME.test(def.name ?? ''))
    throw new CmsConfigError(`Collection name "${def.name}" must be PascalCase, e.g. "BlogPost"`);
  const n = names(def);
  if (!FIELD_NAME.test(n.list)) throw new CmsConfigError(`${def.name}: plural "${n.list}" must be camelCase`);
  if (n.list === n.one) throw new CmsConfigError(`${def.name}: plural "${n.list}" must differ from the singular`);
  const fields: Field[] = [];
  for (const [name, fieldDef] of Object.entries(def.fields ?? {})) {
    if (!FIELD_NAME.test(name)) throw new CmsConfigError(`${def.name}.${name}: field names must be camelCase`);
    if (RESERVED.has(name)) throw new CmsConfigError(`${def.name}.${name}: "${name}" is a system field`);
    if (name.endsWith('Id') && def.fields[name.slice(0, -2)]?.type === 'relation')
      throw new CmsConfigError(`${def.name}.${name}: the name is taken by relation "${name.slice(0, -2)}"`);
    const kind = fieldTypes[fieldDef?.type as keyof typeof fieldTypes];
    if (!kind) throw new CmsConfigError(`${def.name}.${name}: unknown field type "${String(fieldDef?.type)}"`);
    const column = fieldDef.type === 'relation' && !fieldDef.many ? `${snakeCase(name)}_id` : snakeCase(name);
    const field: Field = { name, column, def: fieldDef, kind };
    checkPrivate(fieldDef, `${def.name}.${name}`);
    kind.check?.(field, def.name);
    fields.push(field);
  }
  const joinTables = new Map(
    fields
      .filter((f) => f.def.type === 'relation' && f.def.many)
      .map((f) => [f.name, `${n.table}_${snakeCase(f.name)}`]),
  );
  return {
    def,
    names: n,
    fields,
    field: new Map(fields.map((f) => [f.name, f])),
    uniqueFields: fields.filter((f) => 'unique' in f.def && f.def.unique),
    joinTables,
  };
}
