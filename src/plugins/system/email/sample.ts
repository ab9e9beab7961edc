import { badUserInput } from '../../../errors';
import { COMMON_EMAIL_SAMPLE, DEFAULT_EMAILS, type EmailName } from '../../../templates/emails';
import type { ResolvedEmailOptions } from './options';

// A preview's own data: enough for any email's variables, small enough that merging it costs nothing.
const MAX_DATA_VALUES = 1000;
const MAX_DATA_DEPTH = 16;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Refuses data that is not an object, or larger than a preview needs (counted without recursion). */
function checkData(data: unknown): Record<string, unknown> {
  if (data == null) return {};
  if (!isRecord(data)) throw badUserInput('`data` must be an object: the values of the email’s variables');
  const stack: Array<[unknown, number]> = [[data, 0]];
  let values = 0;
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (++values > MAX_DATA_VALUES || depth > MAX_DATA_DEPTH)
      throw badUserInput(`\`data\` may hold at most ${MAX_DATA_VALUES} values, ${MAX_DATA_DEPTH} levels deep`);
    if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stack.push([v, depth + 1]);
  }
  return data;
}

/** `data` over `base`, object by object; new objects made with own properties only (`__proto__` stays a key). */
function merge(base: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set([...Object.keys(base), ...Object.keys(data)]);
  return Object.fromEntries(
    [...keys].map((key) => {
      const [from, over] = [
        Object.hasOwn(base, key) ? base[key] : undefined,
        Object.hasOwn(data, key) ? data[key] : undefined,
      ];
      if (isRecord(from) && isRecord(over)) return [key, merge(from, over)];
      return [key, Object.hasOwn(data, key) ? over : from];
    }),
  );
}

/**
 * The data a preview renders an email with: the common sample (with the config's site), the email's own sample, and
 * the caller's `data` over them, so `{ recipient: { name: "Bo" } }` changes the name and keeps the address.
 */
export function mergeSample(name: EmailName, options: Pick<ResolvedEmailOptions, 'site'>, data: unknown) {
  const sample = merge({ ...COMMON_EMAIL_SAMPLE, site: options.site }, DEFAULT_EMAILS[name].sample);
  return merge(sample, checkData(data));
}
