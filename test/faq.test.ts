import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';

const admin = testWorker();
const visitor = testWorker(undefined, { as: 'anonymous' });

beforeAll(async () => {
  const create = async (question: string, category: string | null, order: number, publish = true) => {
    const { createFaq } = await admin.data(`mutation C($d: FaqCreateInput!) { createFaq(data: $d) { id } }`, {
      d: { question, answer: `About ${question}`, category, order },
    });
    if (publish)
      await admin.data(`mutation P($id: ID!) { publishFaq(where: { id: $id }) { id } }`, { id: createFaq.id });
  };
  await create('How do I pay?', 'Billing', 2);
  await create('Can I get an invoice?', 'Billing', 1);
  await create('Where is my data?', 'Privacy', 1);
  await create('Is this a draft?', 'Privacy', 0, false);
  await create('Anything else?', null, 0);
});

describe('the FAQ plugin', () => {
  it('groups published questions by category, A–Z with uncategorised last, each in its order', async () => {
    const { faqSections } = await visitor.data(`{ faqSections { category faqs { question answer order } } }`);
    expect(faqSections.map((s: any) => [s.category, s.faqs.map((f: any) => f.question)])).toEqual([
      ['Billing', ['Can I get an invoice?', 'How do I pay?']],
      ['Privacy', ['Where is my data?']],
      [null, ['Anything else?']],
    ]);
    expect(faqSections[0].faqs[0]).toEqual({
      question: 'Can I get an invoice?',
      answer: 'About Can I get an invoice?',
      order: 1,
    });
  });

  it('filters by category; editors also see drafts, as with any collection', async () => {
    const { faqSections } = await visitor.data(`{ faqSections(category: "Privacy") { category faqs { question } } }`);
    expect(faqSections).toEqual([{ category: 'Privacy', faqs: [{ question: 'Where is my data?' }] }]);
    const asEditor = await testWorker(undefined, { as: 'editor' }).data(
      `{ faqSections(category: "Privacy") { faqs { question } } }`,
    );
    expect(asEditor.faqSections[0].faqs.map((f: any) => f.question)).toEqual(['Is this a draft?', 'Where is my data?']);
    expect(
      (await visitor.data(`{ faqs(where: { category: { equals: "Billing" } }) { totalCount } }`)).faqs.totalCount,
    ).toBe(2);
  });

  it('validates questions like any collection', async () => {
    const { body } = await admin.gql(`mutation { createFaq(data: { question: "", answer: "x", order: -1 }) { id } }`);
    expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    expect(body.errors![0]!.extensions!.fieldErrors.map((e: any) => e.path.join('.'))).toEqual(
      expect.arrayContaining(['data.question', 'data.order']),
    );
  });

  it('answers FORBIDDEN while the plugin is inactive', async () => {
    await admin.data(`mutation { deactivatePlugin(name: "faq") { status } }`);
    const { body } = await admin.gql(`{ faqSections { category } }`);
    expect([codes(body), body.errors![0]!.extensions!.plugin]).toEqual([['FORBIDDEN'], 'faq']);
    expect(codes((await admin.gql(`{ faqs { totalCount } }`)).body)).toEqual(['FORBIDDEN']);
    await admin.data(`mutation { activatePlugin(name: "faq") { status } }`);
    expect((await admin.data(`{ faqs { totalCount } }`)).faqs.totalCount).toBe(5);
  });
});
