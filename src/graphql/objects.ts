import type { ObjectRef } from '@pothos/core';
import type { PathInfo } from '@pothos/plugin-drizzle';
import type { Collection } from '../types/collection';
import type { Model } from '../types/cms';
import type { Context } from '../types/context';
import type { Field, RelationOptions } from '../types/fields';
import type { Access } from '../permissions/access';
import type { ContentStage } from '../permissions/rules';
import { isPrivate } from '../permissions/fields';
import { alwaysHasValue, storedOrFallback } from '../fields/presence';
import type { Item } from '../types/hooks';
import { allOf, NOTHING } from '../db/filters';
import { connectionQuery } from '../query/connection';
import type { Builder } from '../types/builder';
import type { Inputs } from './inputs';
import { valueType } from './inputs';

/** Arguments every connection takes, the root lists and the to-many fields alike. */
export function connectionArgs(t: any, inputs: Inputs, collection: Collection) {
  return {
    where: t.arg({ type: inputs.ref(collection.names.where) }),
    orderBy: t.arg({ type: [inputs.ref(collection.names.orderBy)] }),
    skip: t.arg.int({ description: 'Items to skip before the page starts (at most 10000).' }),
  };
}

/**
 * The plugin derives pageInfo from the cursors alone; items passed over by `skip` lie before a forward page
 * (and after a backward one) just the same.
 */
function pageInfoWithSkip(connection: any) {
  const { pageInfo, args } = connection;
  if (!args?.skip) return pageInfo;
  const backward = args.first == null && args.last != null;
  return backward ? { ...pageInfo, hasNextPage: true } : { ...pageInfo, hasPreviousPage: true };
}

/** The related items a caller sees through a relation field at a stage: none when the field is private to them. */
export function relatedFilter(access: Access, field: Field, related: Collection, stage: ContentStage) {
  return access.canReadField(field) ? access.readable(related, stage) : NOTHING;
}

/**
 * The stage of a relation: its root field's (the first segment of the path it was planned from, when that is a
 * root query), so a draft never comes through a relation of a root read at PUBLISHED, nor is missed at DRAFT.
 */
function stageBelow(access: Access, path: PathInfo | undefined): ContentStage {
  const root = path?.segments[0];
  return access.stageOf(root?.parentType === 'Query' ? root.alias : undefined);
}

/** Runs `build` once the caller's rules are known: at once when they are (the plan stays synchronous). */
function whenReady<T>(access: Access, build: () => T): T | Promise<T> {
  return access.ready ? build() : access.load().then(build);
}

const ALWAYS = { id: true };

export interface ObjectRefs {
  object: Map<string, any>;
  connection: Map<string, ObjectRef<any, any>>;
}

export function createObjects(builder: Builder, model: Model, inputs: Inputs): ObjectRefs {
  const refs: ObjectRefs = { object: new Map(), connection: new Map() };
  for (const collection of model.collections) {
    const n = collection.names;
    const object = builder.drizzleObject(n.list as never, {
      name: n.type,
      description: collection.def.description,
      // Columns are read only when a requested field needs them (an exposed field selects its own column, a computed
      // one declares `select`, cursors their order's columns); a list of titles doesn't load every body. Only `id`
      // always comes: it names the item (entity tags, loaders). Item-level rules are filters in the statement.
      select: { columns: ALWAYS },
      fields: (t: any): any => {
        const fields: Record<string, unknown> = {
          id: t.exposeID('id'),
          createdAt: t.expose('createdAt', { type: 'DateTime' }),
          updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
          status: t.expose('status', { type: 'ContentStatus' }),
          publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
          version: t.exposeInt('version'),
        };
        for (const field of collection.fields) {
          const description = field.def.description;
          if (field.def.type === 'relation' && !field.def.many) {
            const related = model.byName.get((field.def as RelationOptions).to)!;
            // Always nullable: the related item may be hidden from the caller (a draft, for anonymous callers).
            fields[field.name] = t.relation(field.name, {
              nullable: true,
              description,
              query: (_args: unknown, ctx: Context, path?: PathInfo) =>
                whenReady(ctx.access, () => {
                  const where = relatedFilter(ctx.access, field, related, stageBelow(ctx.access, path));
                  return where ? { where } : {};
                }),
            });
          } else if (field.def.type === 'relation' || field.def.type === 'reverse') {
            const related = model.byName.get(
              field.def.type === 'relation' ? (field.def as RelationOptions).to : field.def.from,
            )!;
            fields[field.name] = t.relatedConnection(
              field.name,
              {
                description,
                totalCount: true,
                args: connectionArgs(t, inputs, related),
                // The filter also bounds the connection's totalCount: hidden items are not counted.
                query: (args: any, ctx: Context, path?: PathInfo) =>
                  whenReady(ctx.access, () => {
                    const stage = stageBelow(ctx.access, path);
                    const query = connectionQuery(model, related, args, ctx.access.at(stage));
                    return { ...query, where: allOf(query.where, relatedFilter(ctx.access, field, related, stage)) };
                  }),
              },
              refs.connection.get(related.names.type),
            );
          } else if (isPrivate(field)) {
            // Nullable, and null for callers who may not read it; the column isn't even read for them.
            fields[field.name] = t.field({
              type: valueType(collection, field),
              nullable: true,
              description,
              select: (_args: unknown, ctx: Context) =>
                ctx.access.canReadField(field) ? { columns: { [field.name]: true } } : {},
              resolve: (item: Record<string, unknown>, _args: unknown, ctx: Context) =>
                ctx.access.canReadField(field) ? (item[field.name] ?? null) : null,
            });
          } else if (alwaysHasValue(field)) {
            // Non-null: writes refuse null for it; a row holding none anyway reads as its default (or derived) value.
            fields[field.name] = t.field({
              type: valueType(collection, field),
              nullable: false,
              description,
              select: { columns: { [field.name]: true } },
              resolve: (item: Item) => storedOrFallback(field, item),
            });
          } else {
            fields[field.name] = t.expose(field.name, {
              type: valueType(collection, field),
              nullable: true,
              description,
            });
          }
        }
        return fields;
      },
    });
    refs.object.set(n.type, object);
    refs.connection.set(
      n.type,
      builder.connectionObject(
        {
          type: object,
          name: n.connection,
          fields: (t: any) => ({
            // Replaces the relay plugin's pageInfo field (connection fields are spread after it).
            pageInfo: t.field({ type: builder.pageInfoRef(), resolve: pageInfoWithSkip }),
            totalCount: t.int({
              description: 'Items matching the filter across all pages.',
              extensions: { pothosDrizzleTotalCount: true },
              // Root connections count lazily (a function); related connections carry the value.
              resolve: (connection: any) =>
                typeof connection.totalCount === 'function' ? connection.totalCount() : connection.totalCount,
            }),
          }),
        } as any,
        { name: n.edge } as any,
      ) as ObjectRef<any, any>,
    );
  }
  return refs;
}
