import { button, type DefaultEmail } from './email';

const variables = {
  'item.title': 'the item’s title (or, without one, its id)',
  'item.collection': 'the item’s collection, by its type name (`Post`)',
  'item.url': 'where the item is edited',
  'actor.name': 'the name (or, without one, the email) of whoever moved the item',
  comment: 'the comment given with the move, when there is one',
};

const sample = {
  item: { title: 'Edge caching, explained', collection: 'Post', url: 'https://cms.example.com/posts/42' },
  actor: { name: 'Sam Editor' },
  comment: 'The second section needs a source.',
};

const comment =
  '{{#if comment}}<blockquote style="margin:16px 0;padding-left:12px;border-left:3px solid #d4d4d8">'.concat(
    '{{comment}}</blockquote>{{/if}}',
  );
// The block's tags take their lines with them: with a comment, it stands between two empty lines; without, one.
const textComment = '{{#if comment}}\n\n"{{comment}}"\n{{/if}}\n';

export const reviewSubmitted: DefaultEmail = {
  description: 'To the reviewers (the roles that may approve) when an item is submitted for review.',
  subject: 'For review: {{item.title}}',
  html: `<p>{{actor.name}} submitted the {{item.collection}} “{{item.title}}” for review.</p>
${comment}
${button('item.url', 'Review it')}
`,
  text: `{{actor.name}} submitted the {{item.collection}} "{{item.title}}" for review.
${textComment}
Review it: {{item.url}}
`,
  variables,
  sample,
};

export const reviewApproved: DefaultEmail = {
  description: 'To the item’s author when a reviewer approves it.',
  subject: 'Approved: {{item.title}}',
  html: `<p>{{actor.name}} approved the {{item.collection}} “{{item.title}}”: it can be published.</p>
${comment}
${button('item.url', 'Open it')}
`,
  text: `{{actor.name}} approved the {{item.collection}} "{{item.title}}": it can be published.
${textComment}
Open it: {{item.url}}
`,
  variables,
  sample: { ...sample, comment: 'Good to go.' },
};

export const reviewRejected: DefaultEmail = {
  description: 'To the item’s author when a reviewer sends it back to draft (request changes).',
  subject: 'Changes requested: {{item.title}}',
  html: `<p>{{actor.name}} sent the {{item.collection}} “{{item.title}}” back to draft.</p>
${comment}
${button('item.url', 'Make the changes')}
`,
  text: `{{actor.name}} sent the {{item.collection}} "{{item.title}}" back to draft.
${textComment}
Make the changes: {{item.url}}
`,
  variables,
  sample,
};
