import { defaultFieldResolver, type GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { CmsConfigError } from '../errors';
import type { Builder } from '../types/builder';
import type { Model } from '../types/cms';
import { isCore } from '../config/core';
import { requireActive } from '../plugins/state';

const ROOTS: Record<string, string> = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
const ROOT_TYPES = new Set(Object.values(ROOTS));
type FieldsFn = (t: unknown) => Record<string, unknown>;

const typeName = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { name?: string })?.name));

/**
 * The builder a plugin's `schema` gets: the same builder, noting which fields the plugin adds to which types
 * (`Query.faqs`, `Post.workflowState`) so they can be switched off with the plugin. Types it creates need no note:
 * they are reached only through its fields.
 */
function ownedBuilder(builder: Builder, plugin: string, owned: Map<string, string>): Builder {
  const note = (type: string, field: string) => owned.set(`${type}.${field}`, plugin);
  return new Proxy(builder, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const root = /^(query|mutation|subscription)(Field|Fields)$/.exec(prop);
      if (root?.[2] === 'Field')
        return (name: string, ...rest: unknown[]) => {
          note(ROOTS[root[1]!]!, name);
          return value.call(target, name, ...rest);
        };
      if (root?.[2] === 'Fields')
        return (fn: FieldsFn) => value.call(target, (t: unknown) => noted(fn(t), ROOTS[root[1]!]!));
      if (/Field$/.test(prop) && prop !== 'addScalarType')
        return (ref: unknown, name: string, ...rest: unknown[]) => {
          note(typeName(ref), name);
          return value.call(target, ref, name, ...rest);
        };
      if (/Fields$/.test(prop))
        return (ref: unknown, fn: FieldsFn) => value.call(target, ref, (t: unknown) => noted(fn(t), typeName(ref)));
      return value.bind(target);
    },
  });
  function noted(fields: Record<string, unknown>, type: string) {
    for (const field of Object.keys(fields)) note(type, field);
    return fields;
  }
}

/** Runs each plugin's `schema` on the builder; returns the fields each added (`Type.field` → plugin). */
export function extendSchema(
  builder: Builder,
  model: Model,
  objects: ReadonlyMap<string, unknown>,
): Map<string, string> {
  const owned = new Map<string, string>();
  for (const plugin of model.plugins) {
    const type = (collection: string) => {
      const ref = objects.get(collection);
      if (!ref)
        throw new CmsConfigError(`Plugin "${plugin.name}": there is no collection "${collection}" to add fields to`);
      return ref;
    };
    // A core plugin's fields are never switched off: its builder notes nothing.
    const noted = isCore(plugin) ? builder : ownedBuilder(builder, plugin.name, owned);
    plugin.schema?.(noted, { name: plugin.name, type, model });
  }
  return owned;
}

/**
 * Makes the plugins' fields answer only while their plugin is active: otherwise `null` with a `FORBIDDEN` error
 * naming the plugin. A field a plugin adds to a type of the CMS must therefore be nullable (checked here).
 */
export function gatePluginFields(schema: GraphQLSchema, owned: Map<string, string>): void {
  for (const [coordinate, plugin] of owned) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) continue;
    if (!ROOT_TYPES.has(typeName) && isNonNullType(field.type))
      throw new CmsConfigError(
        `Plugin "${plugin}": ${coordinate} must be nullable (it answers null while the plugin is not active)`,
      );
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, ctx, info) => {
      await requireActive(ctx, plugin, coordinate);
      return resolve(source, args, ctx, info);
    };
  }
}
