/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import docs from '../docs/email.md?raw';
import type { Node } from '../src/templates/ast';
import { compileTemplate } from '../src/templates/compile';
import {
  COMMON_EMAIL_SAMPLE,
  COMMON_EMAIL_VARIABLES,
  DEFAULT_EMAIL_LAYOUT,
  DEFAULT_EMAILS,
  type DefaultEmail,
} from '../src/templates/emails';
import { renderMessage } from '../src/templates/message';

const emails = Object.entries(DEFAULT_EMAILS) as [string, DefaultEmail][];

/** The variables a template reads from its data (the defaults loop over nothing, so every path starts at the root). */
function variablesOf(text: string): string[] {
  const found: string[] = [];
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.kind === 'text' || node.kind === 'partial') continue;
      expect(node.path.depth, `${node.path.source} in a default template`).toBe(0);
      found.push(node.path.parts.join('.'));
      if (node.kind === 'block') {
        expect(node.helper === 'if' || node.helper === 'unless', 'the defaults use #if and #unless only').toBe(true);
        visit(node.body);
        visit(node.inverse ?? []);
      }
    }
  };
  visit(compileTemplate(text).nodes);
  return found;
}

const valueAt = (data: unknown, path: string) =>
  path.split('.').reduce<any>((value, part) => (value == null ? undefined : value[part]), data);

const render = (email: DefaultEmail, data: unknown) =>
  renderMessage(email, data, { layout: DEFAULT_EMAIL_LAYOUT, name: 'email' });

describe('the default emails', () => {
  it('are the six the CMS sends', () => {
    expect(Object.keys(DEFAULT_EMAILS)).toEqual([
      'password-reset',
      'invitation',
      'welcome',
      'review-submitted',
      'review-approved',
      'review-rejected',
    ]);
  });

  for (const [name, email] of emails) {
    it(`${name}: uses only documented variables, and its sample has a value for each`, () => {
      const documented = { ...COMMON_EMAIL_VARIABLES, ...email.variables };
      const used = [email.subject, email.html, email.text, DEFAULT_EMAIL_LAYOUT].flatMap(variablesOf);
      for (const variable of used) expect(Object.keys(documented), `${name} uses ${variable}`).toContain(variable);
      const sample = { ...COMMON_EMAIL_SAMPLE, ...email.sample };
      for (const variable of Object.keys(documented)) {
        expect(valueAt(sample, variable), `${name}'s sample has ${variable}`).toBeDefined();
        expect(docs, `docs/email.md lists ${variable}`).toContain(`| \`${variable}\``);
      }
      expect(docs).toContain(`\`${name}\``);
    });

    it(`${name}: renders its sample into three parts, the data escaped where it is HTML`, () => {
      const hostile = '<script>alert(1)</script> & "quotes"';
      const data = {
        ...COMMON_EMAIL_SAMPLE,
        ...email.sample,
        recipient: { email: 'ann@example.com', name: hostile },
        inviter: { name: hostile },
        actor: { name: hostile },
        item: { title: `${hostile}\r\nBcc: x@evil.test`, collection: 'Post', url: 'https://cms.example.com/posts/1' },
        comment: hostile,
      };
      const message = render(email, data);
      expect(message.html).not.toContain('<script>');
      expect(message.html).toMatch(/^<!DOCTYPE html>/);
      expect(message.subject).not.toMatch(/[\r\n]/);
      expect(message.subject.length).toBeGreaterThan(5);
      // The text part is not HTML: the data is in it as it was typed.
      if (email.text.includes('actor.name')) expect(message.text).toContain(hostile);
      for (const url of ['resetUrl', 'registerUrl', 'loginUrl']) {
        const value = (email.sample as Record<string, unknown>)[url];
        if (typeof value === 'string') {
          expect(message.text).toContain(value);
          expect(message.html).toContain(`href="${value.replaceAll('=', '&#x3D;')}"`);
        }
      }
    });
  }

  it('password-reset, as sent', () => {
    const message = render(DEFAULT_EMAILS['password-reset'], {
      ...COMMON_EMAIL_SAMPLE,
      ...DEFAULT_EMAILS['password-reset'].sample,
    });
    expect(message.subject).toBe('Reset your password for Edge CMS');
    expect(message.text).toBe(
      [
        'Hello Ann Lee,',
        '',
        'Someone, probably you, asked to reset the password of your Edge CMS account. Choose a new one here:',
        '',
        'https://cms.example.com/reset-password?token=pr_sample',
        '',
        'The link works once, for 30 minutes. If you did not ask for it, ignore this email: your password',
        'stays as it is.',
      ].join('\n'),
    );
    expect(message.html).toContain('<p>Hello Ann Lee,</p>');
    expect(message.html).toContain('Sent by <a href="https://cms.example.com" style="color:#71717a">Edge CMS</a>');
  });

  it('a workflow notification has its comment between empty lines, or no gap without one', () => {
    const email = DEFAULT_EMAILS['review-rejected'];
    const data = { ...COMMON_EMAIL_SAMPLE, ...email.sample };
    expect(render(email, data).text).toBe(
      'Sam Editor sent the Post "Edge caching, explained" back to draft.\n\n' +
        '"The second section needs a source."\n\nMake the changes: https://cms.example.com/posts/42',
    );
    expect(render(email, { ...data, comment: null }).text).toBe(
      'Sam Editor sent the Post "Edge caching, explained" back to draft.\n\n' +
        'Make the changes: https://cms.example.com/posts/42',
    );
  });

  it('the HTML part made plain reads like the text part', () => {
    const email = DEFAULT_EMAILS.welcome;
    const data = { ...COMMON_EMAIL_SAMPLE, ...email.sample, recipient: { email: 'bo@example.com' } };
    const fromHtml = renderMessage({ subject: email.subject, html: email.html }, data, {
      layout: DEFAULT_EMAIL_LAYOUT,
    });
    expect(fromHtml.text).toBe(
      [
        'Hello,',
        '',
        'Your Edge CMS account is ready, with the role author. You sign in with this email address.',
        '',
        'Sign in (https://cms.example.com/login)',
        '',
        'Sent by Edge CMS (https://cms.example.com) to bo@example.com.',
      ].join('\n'),
    );
  });
});
