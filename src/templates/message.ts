import { type RenderOptions, renderTemplate } from './compile';
import { htmlToText } from './html-to-text';

/** An email's templates: its subject, its HTML part and, optionally, its plain-text part. */
export interface MessageTemplates {
  subject: string;
  html: string;
  text?: string | null;
}

/** An email ready to send: every part is always there. */
export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** The longest subject kept: a title a user typed can be long, a subject line should not be. */
export const MAX_SUBJECT_CHARS = 250;

/**
 * Renders an email's parts from its templates and data: the HTML part escaped and in its layout, the subject and the
 * text part unescaped (they are not HTML). Without a text template, the text part is made from the HTML part, so a
 * plain-text part is always produced. The subject is one line, at most `MAX_SUBJECT_CHARS` characters: a line
 * break in the data can't add a header.
 * @example
 * renderMessage({ subject: 'Welcome, {{user.name}}', html: '<p>Hi {{user.name}}</p>' }, { user: { name: 'Ann' } });
 * // { subject: 'Welcome, Ann', html: '<p>Hi Ann</p>', text: 'Hi Ann' }
 */
export function renderMessage(
  templates: MessageTemplates,
  data: unknown,
  { name = 'message', ...options }: Omit<RenderOptions, 'mode'> = {},
): RenderedMessage {
  const { layout: _, ...plain } = options;
  const subject = oneLine(renderTemplate(templates.subject, data, { ...plain, name: `${name}.subject`, mode: 'text' }));
  const html = renderTemplate(templates.html, data, { ...options, name: `${name}.html` });
  const text = templates.text
    ? renderTemplate(templates.text, data, { ...plain, name: `${name}.text`, mode: 'text' }).trim()
    : htmlToText(html);
  return { subject, html, text };
}

function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a header must not carry
  const line = text.replace(/[\s\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  if (line.length <= MAX_SUBJECT_CHARS) return line;
  // Not between the halves of a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(line[MAX_SUBJECT_CHARS - 2]!) ? MAX_SUBJECT_CHARS - 2 : MAX_SUBJECT_CHARS - 1;
  return `${line.slice(0, cut).trimEnd()}…`;
}
