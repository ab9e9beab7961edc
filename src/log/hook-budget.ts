import type { Context } from '../types/context';
import { recordEvent } from './events';

/** A hook handler taking longer than this (ms) is logged, unless `logging.hookBudgetMs` says otherwise. */
export const DEFAULT_HOOK_BUDGET_MS = 100;

/**
 * Runs one hook handler and logs it when it outlives its time budget: a JSON warning line and a `hook_over_budget`
 * row in the event log, naming the hook and handler. The handler is not cut short (a write may be under way).
 * @example
 * const result = await withinBudget(ctx, 'Post.beforeCreate', 'seo.beforeCreate', () => handler(args));
 */
export async function withinBudget<T>(
  ctx: Context,
  hook: string,
  handler: string,
  run: () => T | Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    const ms = performance.now() - started;
    const budgetMs = ctx.cms.config.logging?.hookBudgetMs ?? DEFAULT_HOOK_BUDGET_MS;
    if (ms > budgetMs)
      recordEvent(ctx, {
        kind: 'slow',
        event: 'hook_over_budget',
        requestId: ctx.requestId,
        durationMs: ms,
        detail: { hook, handler, budgetMs },
      });
  }
}
