import { BoundedMemo } from '../cache/bounded-memo';
import type { Compiled } from './ast';
import { DEFAULT_TEMPLATE_LIMITS, type TemplateLimits } from './limits';
import { parseTemplate } from './parse';
import { type RenderState, renderNodes } from './render';

/** How to render one template. */
export interface RenderOptions {
  /** The template's name in errors (`"password-reset.html", line 3, column 7`). */
  name?: string;
  /** Partials by name (`{{> footer}}`): their template texts. Own properties only. */
  partials?: Readonly<Record<string, string>>;
  /** A layout's text: it renders around the page, which it places with `{{> @body}}`. */
  layout?: string;
  /** `html` (the default) escapes `{{x}}`; `text` prints values as they are, for subjects and plain-text parts. */
  mode?: 'html' | 'text';
  limits?: Partial<TemplateLimits>;
}

// Parsed templates by their whole text (and the parse-time bounds they were checked against): a template is parsed
// once per isolate and rendered many times. Bounded, since template texts will come from admins.
const parsed = new BoundedMemo<Compiled>(500, 8 * 1024 * 1024);

/**
 * Parses a template, or returns the parse this isolate already made of the same text. A mistake throws a
 * `TEMPLATE_INVALID` error with the line and column; mistakes are not remembered, so a fixed template parses.
 * @example
 * const { partials } = compileTemplate('{{> header}}<p>Hi {{name}}</p>', { name: 'welcome.html' });
 */
export function compileTemplate(text: string, options: { name?: string; limits?: Partial<TemplateLimits> } = {}) {
  const limits = { ...DEFAULT_TEMPLATE_LIMITS, ...options.limits };
  const key = `${limits.maxTemplateChars}:${limits.maxDepth}\n${text}`;
  return parsed.get(key) ?? parsed.set(key, parseTemplate(text, { template: options.name, limits }));
}

/**
 * Renders a template against data. `{{x}}` is HTML-escaped (unless `mode: 'text'`), `{{{x}}}` is not; missing
 * values print nothing; an object or a list in `{{x}}` is a `TEMPLATE_RENDER` error; passing a bound of
 * `TemplateLimits` is a `TEMPLATE_LIMIT` error. See docs/email.md for the syntax.
 * @example
 * renderTemplate('<p>Hello {{user.name}}</p>', { user: { name: '<b>Ann</b>' } });
 * // '<p>Hello &lt;b&gt;Ann&lt;/b&gt;</p>'
 */
export function renderTemplate(text: string, data: unknown, options: RenderOptions = {}): string {
  const limits = { ...DEFAULT_TEMPLATE_LIMITS, ...options.limits };
  const { partials = {} } = options;
  const state: RenderState = {
    limits,
    escape: options.mode !== 'text',
    partial: (name) => {
      // Own properties only: `{{> constructor}}` must not find Object.prototype's.
      const source = Object.hasOwn(partials, name) ? partials[name] : undefined;
      return typeof source === 'string' ? compileTemplate(source, { name, limits }) : undefined;
    },
    out: [],
    bytes: 0,
    steps: 0,
    including: [],
    template: options.name,
  };
  renderNodes(state, compileTemplate(text, { name: options.name, limits }), data);
  const page = state.out.join('');
  if (options.layout === undefined) return page;

  // The page's bytes were counted as it rendered; they count again wherever the layout places them.
  state.bytes = 0;
  state.body = page;
  state.out = [];
  state.template = 'layout';
  renderNodes(state, compileTemplate(options.layout, { name: 'layout', limits }), data);
  return state.out.join('');
}
