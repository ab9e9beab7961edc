import { badUserInput } from '../errors';

const encoder = new TextEncoder();

/** Whether a text's UTF-8 encoding fits in `max` bytes; encodes it only when its length can't tell. */
export function fitsInBytes(text: string, max: number): boolean {
  if (text.length > max) return false; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= max) return true; // and at most three
  return encoder.encode(text).length <= max;
}

/** The body sent instead of a response over the limit: `data: null`, as for an execution that could not finish. */
export function tooLargeBody(max: number): string {
  const error = badUserInput(`The response is larger than the limit of ${max} bytes; ask for fewer items or fields`, {
    limit: 'responseBytes',
  });
  const { http: _status, ...extensions } = error.extensions;
  return JSON.stringify({ errors: [{ message: error.message, extensions }], data: null });
}
