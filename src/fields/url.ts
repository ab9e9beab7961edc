import { stringType } from './text';
import type { TextOptions } from '../types/fields';

export const urlType = stringType((value) => {
  try {
    const { protocol } = new URL(value);
    if (protocol === 'http:' || protocol === 'https:') return undefined;
  } catch {
    // fall through to the problem below
  }
  return { code: 'INVALID_URL', message: 'must be an absolute http(s) URL' };
});

/**
 * An absolute http(s) URL.
 * @example
 * website: url()
 */
export const url = (options: TextOptions = {}) => ({ type: 'url' as const, ...options });
