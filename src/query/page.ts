import type { CmsConfig } from '../types/config';
import { badUserInput } from '../errors';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  skip?: number | null;
}

export const DEFAULT_MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
// Offsets make SQLite walk and discard rows; past this, cursors are the way.
export const MAX_SKIP = 10_000;

/** Rejects page sizes above the cap instead of silently clamping them, as the contract requires. */
export function checkPage(args: PageArgs, config: Pick<CmsConfig, 'maxPageSize'>): void {
  const max = config.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
  for (const key of ['first', 'last'] as const) {
    const value = args[key];
    if (value == null) continue;
    if (value < 0) throw badUserInput(`${key} can't be negative`);
    if (value > max) throw badUserInput(`${key} can be at most ${max}; page through larger results with cursors`);
  }
  if (args.first != null && args.last != null) throw badUserInput('Use first or last, not both');
  if (args.skip != null && (args.skip < 0 || args.skip > MAX_SKIP))
    throw badUserInput(`skip must be between 0 and ${MAX_SKIP}`);
}
