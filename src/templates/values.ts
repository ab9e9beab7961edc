const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/**
 * Escapes text for HTML, in an element or a quoted attribute: `` & < > " ' ` = ``. The backtick and `=` are for
 * old parsers and unquoted attributes, as Handlebars does.
 * @example
 * escapeHtml('<script>'); // '&lt;script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (char) => ESCAPES[char]!);
}

/**
 * A value as `{{x}}` prints it: strings as they are, finite numbers and booleans as JavaScript writes them, dates as
 * ISO 8601, null, undefined and non-finite numbers as nothing. Anything else (an object, an array, a function) is
 * not printable: the caller reports it, rather than printing `[object Object]`.
 */
export function printable(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
      return null;
  }
}

/** `{{#if}}`'s truth: false, 0, NaN, '', null, undefined and an empty array are false; everything else is true. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string, counted without encoding it for the ASCII that most output is. */
export function utf8Bytes(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is "is it all ASCII"
  return /^[\u0000-\u007f]*$/.test(text) ? text.length : encoder.encode(text).length;
}
