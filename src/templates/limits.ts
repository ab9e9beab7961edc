/**
 * The bounds of one render. Templates will be edited by admins and the data comes from users, so each dimension
 * that could grow is capped and passing a cap is a `TEMPLATE_LIMIT` error, never a hang. Time is bounded by work,
 * not by a clock: on Cloudflare a Worker's clock does not advance while it computes.
 */
export interface TemplateLimits {
  /** Characters of one template's text (a page, a partial or a layout). */
  maxTemplateChars: number;
  /** Blocks nested in one template (`{{#each}}` inside `{{#if}}` inside …). */
  maxDepth: number;
  /** Partials nested in one render, the layout included. */
  maxPartialDepth: number;
  /** UTF-8 bytes of one render's output. */
  maxOutputBytes: number;
  /** Nodes visited and loop iterations in one render: nested loops over large data stop here. */
  maxSteps: number;
}

export const DEFAULT_TEMPLATE_LIMITS: Readonly<TemplateLimits> = Object.freeze({
  maxTemplateChars: 100_000,
  maxDepth: 32,
  maxPartialDepth: 8,
  maxOutputBytes: 1024 * 1024,
  maxSteps: 200_000,
});
