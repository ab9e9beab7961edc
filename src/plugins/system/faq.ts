import type { Context } from '../../types/context';
import { defineCollection } from '../../config/define';
import { integer, text, textarea } from '../../fields';
import { readPage } from '../../operations/read';
import { definePlugin } from '../define';

/** At most this many questions are grouped by `faqSections` (the largest page a connection returns). */
const MAX_FAQS = 100;

export interface FaqOptions {
  /** Whether anonymous callers read published questions. Default true. */
  publicRead?: boolean;
}

interface FaqRow {
  category: string | null;
  order: number | null;
}

/** Categories A–Z with uncategorised last, then by order (the read keeps creation order for ties). */
const bySection = (a: FaqRow, b: FaqRow) =>
  a.category === b.category
    ? (a.order ?? 0) - (b.order ?? 0)
    : a.category === null
      ? 1
      : b.category === null
        ? -1
        : a.category.localeCompare(b.category);

/**
 * The FAQ system plugin: a `Faq` collection (question, answer, category, order), with the queries and mutations of
 * any collection, and `faqSections(category)`: the questions grouped by category, each group in `order`. Reads go
 * through the same rules as `faqs` (anonymous callers see published questions only).
 * @example
 * defineConfig({ collections, plugins: [faq()] });
 */
export function faq(options: FaqOptions = {}) {
  const collection = defineCollection({
    name: 'Faq',
    description: 'A frequently asked question and its answer.',
    access: { publicRead: options.publicRead ?? true },
    fields: {
      question: text({ required: true, minLength: 3, maxLength: 300 }),
      answer: textarea({ required: true, maxLength: 10_000 }),
      category: text({ maxLength: 80, index: true }),
      order: integer({ default: 0, min: 0, max: 100_000 }),
    },
  });
  return definePlugin({
    name: 'faq',
    version: '1.0.0',
    description: 'Frequently asked questions, grouped by category.',
    collections: [collection],
    schema(builder, plugin) {
      const faqType = plugin.type('Faq');
      const section = builder.objectRef<{ category: string | null; faqs: FaqRow[] }>('FaqSection').implement({
        description: 'The questions of one category, in their order.',
        fields: (t) => ({
          category: t.string({
            nullable: true,
            description: 'Null for questions without a category.',
            resolve: (s) => s.category,
          }),
          faqs: t.field({ type: [faqType], resolve: (s) => s.faqs as never }),
        }),
      });
      builder.queryField('faqSections', (t) =>
        t.field({
          type: [section],
          description: `The questions grouped by category (categories A–Z, uncategorised last), at most ${MAX_FAQS} in all.`,
          args: { category: t.arg.string({ description: 'Only this category.' }) },
          resolve: async (_root, args, ctx: Context) => {
            const where = args.category ? { category: { equals: args.category } } : undefined;
            const items = (await readPage(ctx, ctx.cms.byName.get('Faq')!, {
              where,
              orderBy: [{ createdAt: 'asc' }],
              first: MAX_FAQS,
            })) as unknown as FaqRow[];
            const sections = new Map<string | null, FaqRow[]>();
            for (const item of items.sort(bySection))
              sections.set(item.category, [...(sections.get(item.category) ?? []), item]);
            return [...sections].map(([category, faqs]) => ({ category, faqs }));
          },
        }),
      );
    },
  });
}
