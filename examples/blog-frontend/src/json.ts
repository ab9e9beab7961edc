/** A JSON value: what the CMS's `JSON` scalar carries, mapped in codegen.ts (`JSON: '../json#JsonValue'`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * A rich-text field (`richText()`, e.g. `Post.body`) is `JSON` in the schema; the server only guarantees it is an
 * object or an array (the editor's document). Narrow it once here, then type the editor's own format on top.
 */
export type RichTextDocument = JsonObject | JsonValue[];

export const isRichText = (value: JsonValue | null | undefined): value is RichTextDocument =>
  typeof value === 'object' && value !== null;

/** The text of a rich-text document: every string in it, in order (enough for an excerpt or a word count). */
export function plainText(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(plainText).filter(Boolean).join(' ');
  if (typeof value === 'object' && value !== null) return Object.values(value).map(plainText).filter(Boolean).join(' ');
  return '';
}
