import {
  defaultFieldResolver,
  type DocumentNode,
  getNamedType,
  getOperationAST,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  Kind,
} from 'graphql';
import type { Context } from '../types/context';

/** The tags of the entities a request's response holds, while it is being executed for the cache. */
const collecting = new WeakMap<Context, Set<string>>();

/** From now until `takeTags`, every entity resolved in this request is tagged. */
export function collectTags(ctx: Context): void {
  collecting.set(ctx, new Set());
}

/** Adds tags learnt another way (a compiled read's items) to the request's, while `collectTags` is on. */
export function noteTags(ctx: Context, tags: Iterable<string>): void {
  const collected = collecting.get(ctx);
  if (collected) for (const tag of tags) collected.add(tag);
}

/** The tags collected so far in this request, without taking them (undefined when not collecting). */
export function peekTags(ctx: Context): ReadonlySet<string> | undefined {
  return collecting.get(ctx);
}

/** The tags collected in this request (`Post:42` for an item, `Post` for its type, `PostConnection` for a list). */
export function takeTags(ctx: Context): Set<string> {
  const tags = collecting.get(ctx) ?? new Set<string>();
  collecting.delete(ctx);
  return tags;
}

/**
 * Makes every field that returns an object note what it returned, in the request's tags, while `collectTags` is on:
 * the type's name, and `Type:id` for each item of a type with an `id` (a row carries its `id`: objects always select
 * it). Tags are learned as the rows are resolved, so the document is executed as sent, with no added fields.
 * Once per schema, after it is built.
 * @example
 * tagEntities(schema);
 * // { posts { nodes { title } } } → PostConnection, Post, Post:1, Post:2 …
 */
export function tagEntities(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const returned = getNamedType(field.type);
      if (!isObjectType(returned) || returned.name.startsWith('__')) continue;
      field.resolve = noting(field.resolve ?? defaultFieldResolver, returned.name, Boolean(returned.getFields().id));
    }
  }
}

function noting(
  resolve: GraphQLFieldResolver<unknown, Context>,
  type: string,
  items: boolean,
): GraphQLFieldResolver<unknown, Context> {
  const note = (value: unknown, tags: Set<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) note(item, tags);
    } else if (isThenable(value)) {
      // A list may hold promises: noted when each settles, before GraphQL (which awaits it later) completes it.
      value.then(
        (settled) => note(settled, tags),
        () => undefined,
      );
    } else if (value !== null && value !== undefined) {
      tags.add(type);
      const id = items ? (value as { id?: unknown }).id : undefined;
      if (id !== undefined && id !== null) tags.add(`${type}:${String(id)}`);
    }
  };
  return (source, args, ctx, info) => {
    const result = resolve(source, args, ctx, info);
    const tags = collecting.get(ctx);
    if (!tags) return result;
    if (isThenable(result))
      return result.then((value) => {
        note(value, tags);
        return value;
      });
    note(result, tags);
    return result;
  };
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/**
 * Tags for root lookups that found nothing (`post(where: …)` → null): the response depends on the item not existing,
 * so it carries the type's list tag (`PostConnection`), which every write of that type invalidates.
 */
export function absenceTags(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown>,
): string[] {
  const operation = getOperationAST(document, operationName);
  const fields = schema.getQueryType()?.getFields();
  if (operation?.operation !== 'query' || !fields) return [];
  const tags: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    const type = fields[selection.name.value] && getNamedType(fields[selection.name.value]!.type);
    if (data[key] === null && isObjectType(type)) tags.push(`${type.name}Connection`);
  }
  return tags;
}
