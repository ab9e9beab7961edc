import { requireAdmin } from '../../../auth/require';
import type { Context } from '../../../types/context';
import { badUserInput } from '../../../errors';
import { definePlugin } from '../../define';
import { databaseStats, type TableStats } from './stats';
import { exportCollection, importCollection, MAX_TRANSFER_ITEMS } from './transfer';

const collectionOf = (ctx: Context, name: string) => {
  const collection = ctx.cms.byName.get(name);
  if (!collection) throw badUserInput(`There is no collection "${name}" (use a type name such as "Post")`);
  return collection;
};

/**
 * The database tools system plugin, for admins: every table's row count and the database size, and a collection's
 * export to R2 as JSON and import back (e.g. from staging to production, or as a backup before a risky change).
 * @example
 * defineConfig({ collections, plugins: [databaseTools()] });
 */
export function databaseTools() {
  return definePlugin({
    name: 'database-tools',
    version: '1.0.0',
    description: 'Table statistics, and collection export to R2 and import (admins only).',
    schema(builder) {
      const table = builder.objectRef<TableStats>('TableStats').implement({
        fields: (t) => ({
          name: t.exposeString('name'),
          rows: t.exposeInt('rows'),
          collection: t.exposeString('collection', {
            nullable: true,
            description: 'The collection it belongs to; null for the CMS’s own tables.',
          }),
        }),
      });
      const stats = builder.objectRef<{ tables: TableStats[]; sizeBytes: number }>('DatabaseStats').implement({
        fields: (t) => ({
          tables: t.field({ type: [table], resolve: (s) => s.tables }),
          sizeBytes: t.exposeFloat('sizeBytes', { description: 'The D1 database’s size.' }),
        }),
      });
      const transfer = builder.objectRef<{ key: string; items: number; bytes: number }>('CollectionExport').implement({
        fields: (t) => ({
          key: t.exposeString('key', { description: 'Where in MEDIA_BUCKET the file is.' }),
          items: t.exposeInt('items'),
          bytes: t.exposeInt('bytes'),
        }),
      });
      builder.queryField('databaseStats', (t) =>
        t.field({
          type: stats,
          nullable: true,
          description: 'Row counts of every table and the database size. Admins only.',
          resolve: (_root, _args, ctx: Context) => {
            requireAdmin(ctx);
            return databaseStats(ctx.cms, ctx.env.DB);
          },
        }),
      );
      builder.mutationFields((t) => ({
        exportCollection: t.field({
          type: transfer,
          nullable: true,
          description: `Writes every item of a collection (at most ${MAX_TRANSFER_ITEMS}) to R2 as JSON. Admins only.`,
          args: { collection: t.arg.string({ required: true }) },
          resolve: (_root, args, ctx: Context) => {
            requireAdmin(ctx);
            return exportCollection(ctx, collectionOf(ctx, args.collection));
          },
        }),
        importCollection: t.int({
          nullable: true,
          description:
            'Reads an export back into its collection (items upserted by id, links replaced; all or nothing) and returns how many items. Admins only.',
          args: { collection: t.arg.string({ required: true }), key: t.arg.string({ required: true }) },
          resolve: async (_root, args, ctx: Context) => {
            requireAdmin(ctx);
            const collection = collectionOf(ctx, args.collection);
            const { items } = await importCollection(ctx, collection, args.key);
            const type = collection.names.type;
            ctx.waitUntil(ctx.responseCache.purge([type, `${type}Connection`]));
            return items;
          },
        }),
      }));
    },
  });
}
