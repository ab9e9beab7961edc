import type { Collection } from '../config/collection';
import { badUserInput } from '../errors';

export type OrderBy = Array<Record<string, 'asc' | 'desc' | null | undefined>>;

/** The default order of a list: newest first. The id tie-break is appended by the connection planner. */
export const DEFAULT_ORDER = { createdAt: 'desc' } as const;

/** `[{title: asc}, {createdAt: desc}]` → `{ title: 'asc', createdAt: 'desc' }` (object keys keep their order). */
export function toOrderBy(collection: Collection, orderBy: OrderBy | null | undefined): Record<string, 'asc' | 'desc'> {
  if (!orderBy || orderBy.length === 0) return { ...DEFAULT_ORDER };
  const order: Record<string, 'asc' | 'desc'> = {};
  orderBy.forEach((entry, index) => {
    const keys = Object.entries(entry).filter(([, v]) => v != null);
    if (keys.length !== 1) throw badUserInput(`orderBy[${index}] must name exactly one field`);
    const [key, direction] = keys[0]!;
    if (key in order) throw badUserInput(`orderBy names ${key} twice`);
    order[key] = direction!;
  });
  return order;
}
