import { sql } from 'drizzle-orm';
import type { Filter } from '../types/query';

/** A filter no item matches: what a caller without the right to read a collection sees of it. */
export const NOTHING: Filter = Object.freeze({ RAW: () => sql`0 = 1` });

/** The conjunction of filters, leaving out the missing ones (undefined: no filter at all). */
export function allOf(...filters: Array<Filter | undefined>): Filter | undefined {
  const present = filters.filter((f): f is Filter => f !== undefined && Object.keys(f).length > 0);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { AND: present };
}
