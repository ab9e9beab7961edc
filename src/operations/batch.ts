import type { Context } from '../types/context';
import { constraintError } from '../db/errors';

/**
 * Runs writes that belong together as one D1 batch: D1 has no BEGIN, but a batch is atomic, so a failing statement
 * leaves the database as it was. Constraint errors become CONFLICT; anything else is left for Yoga to mask.
 */
export async function runBatch(ctx: Context, statements: any[]): Promise<any[]> {
  if (statements.length === 0) return [];
  try {
    return await ctx.db.batch(statements as [any, ...any[]]);
  } catch (error) {
    throw constraintError(error, ctx.cms);
  }
}
