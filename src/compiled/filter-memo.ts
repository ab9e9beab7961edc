// A filter rendered once per shape: Drizzle turns a relational filter into SQL text and parameters on every call,
// and a read's filters (the caller's rules, the client's `where`) mostly differ from one request to the next only in
// their values. The text is kept per shape (the filter with its values taken out) with where each parameter comes
// from, so the next filter of that shape costs a walk, not a rendering. A shape is kept only when a second rendering,
// with probe values in place of the real ones, proves the text does not depend on them and explains every parameter.
import { BoundedMemo } from '../cache/bounded-memo';

/** A rendered filter: its SQL text with `?` placeholders, and their values in order. */
export interface RenderedFilter {
  sql: string;
  params: unknown[];
}

/** Where a parameter of a kept shape comes from: a value of the filter (as is, or as Drizzle maps it), or a constant. */
type Source = { leaf: number; as: 'same' | 'ms' | 'json' } | { constant: unknown };

/** A kept shape: its text cut at the placeholders (quoted text left whole), and each parameter's source. */
interface Template {
  pieces: string[];
  sources: Source[];
}

/** The text as pieces around its `?` placeholders, outside quoted names and strings. */
export function splitPlaceholders(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '?') {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

const isPlain = (value: object) => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * The shape of a filter, its values pushed to `leaves` in order: strings, numbers and dates are values (an empty
 * string, zero and NaN are kept in the shape, as Drizzle may test a value's truth), booleans, null and undefined are
 * shape, arrays keep their length. Undefined for anything else (a function, a SQL object, a class instance): such a
 * filter is rendered every time.
 */
function shapeOf(value: unknown, leaves: unknown[]): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'boolean':
      return value ? 't' : 'f';
    case 'string':
      if (value === '') return '""';
      leaves.push(value);
      return 's';
    case 'number':
      if (value === 0 || Number.isNaN(value)) return `#${value}`;
      leaves.push(value);
      return 'd';
    case 'object': {
      if (value === null) return 'n';
      if (value instanceof Date) {
        leaves.push(value);
        return 'D';
      }
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (const item of value) {
          const shape = shapeOf(item, leaves);
          if (shape === undefined) return undefined;
          parts.push(shape);
        }
        return `[${parts.join(',')}]`;
      }
      if (!isPlain(value)) return undefined;
      for (const [key, item] of Object.entries(value)) {
        const shape = shapeOf(item, leaves);
        if (shape === undefined) return undefined;
        parts.push(`${JSON.stringify(key)}:${shape}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/**
 * The filter with each value (in `shapeOf`'s order) replaced by a probe of its kind: a string no transformation
 * leaves alone (case, spaces, LIKE wildcards, escapes, quotes, a non-ASCII capital), a non-integer number, a date.
 */
function probed(value: unknown, next: { leaf: number }): unknown {
  switch (typeof value) {
    case 'string':
      return value === '' ? value : ` A%_\\'"Ä${next.leaf++}\u0001 `;
    case 'number':
      return value === 0 || Number.isNaN(value) ? value : 1e12 + next.leaf++ + 0.25;
    case 'object': {
      if (value === null) return value;
      if (value instanceof Date) return new Date(2e12 + next.leaf++);
      if (Array.isArray(value)) return value.map((item) => probed(item, next));
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, probed(item, next)]));
    }
    default:
      return value;
  }
}

/** The source of a parameter of the probed rendering, or undefined when no probe explains it. */
function sourceOf(param: unknown, probes: unknown[]): Source | undefined {
  for (let leaf = 0; leaf < probes.length; leaf++) {
    const probe = probes[leaf];
    if (param === probe) return { leaf, as: 'same' };
    if (probe instanceof Date && param === probe.getTime()) return { leaf, as: 'ms' };
    if (typeof param === 'string' && typeof probe !== 'object' && param === JSON.stringify(probe))
      return { leaf, as: 'json' };
  }
  return undefined;
}

/** A parameter of a kept shape, from this filter's values. */
function paramOf(source: Source, leaves: unknown[]): unknown {
  if ('constant' in source) return source.constant;
  const leaf = leaves[source.leaf];
  if (source.as === 'ms') return (leaf as Date).getTime();
  return source.as === 'json' ? JSON.stringify(leaf) : leaf;
}

/** Whether a parameter could have come from one of the probes (a constant must not look like one). */
const fromProbe = (param: unknown, probes: unknown[]) => sourceOf(param, probes) !== undefined;

// Shapes kept per CMS: bounded by count and by the length of their keys (the shapes a client's `where` can make).
const MAX_SHAPES = 1000;
const MAX_SHAPE_CHARS = 1024 * 1024;

/**
 * The filters of a built CMS as SQL, each shape rendered by Drizzle once: `render(key, filter, draw)` gives the text
 * as pieces around its placeholders and their values. `key` names what else the text depends on (the collection and
 * the table's alias); `draw` renders a filter with Drizzle.
 * @example
 * const filters = new FilterMemo();
 * const { pieces, params } = filters.render(`posts|q0`, filter, (f) => dialect.sqlToQuery(toSql(f)))!;
 */
export class FilterMemo {
  readonly #templates = new BoundedMemo<Template | null>(MAX_SHAPES, MAX_SHAPE_CHARS);

  render(
    key: string,
    filter: unknown,
    draw: (filter: unknown) => RenderedFilter | undefined,
  ): { pieces: string[]; params: unknown[] } | undefined {
    const leaves: unknown[] = [];
    const shape = shapeOf(filter, leaves);
    if (shape === undefined) return this.#drawn(draw(filter));
    const name = `${key}|${shape}`;
    const template = this.#templates.get(name);
    if (template) return { pieces: template.pieces, params: template.sources.map((s) => paramOf(s, leaves)) };
    const real = draw(filter);
    if (template === null || !real) return this.#drawn(real);
    this.#keep(name, filter, leaves, real, draw);
    return this.#drawn(real);
  }

  #drawn(rendered: RenderedFilter | undefined) {
    return rendered && { pieces: splitPlaceholders(rendered.sql), params: rendered.params };
  }

  /**
   * Keeps the shape's template when a rendering with probe values has the same text and every parameter is explained
   * (a probe, as is or mapped, or the same constant both times), and the template gives back the real parameters;
   * a shape whose text or parameters the probes don't explain is kept as one never to template.
   */
  #keep(
    name: string,
    filter: unknown,
    leaves: unknown[],
    real: RenderedFilter,
    draw: (f: unknown) => RenderedFilter | undefined,
  ) {
    let probe: RenderedFilter | undefined;
    try {
      probe = draw(probed(filter, { leaf: 0 }));
    } catch {
      probe = undefined;
    }
    const probes: unknown[] = [];
    shapeOf(probed(filter, { leaf: 0 }), probes);
    let sources: Source[] | undefined;
    if (probe && probe.sql === real.sql && probe.params.length === real.params.length) {
      sources = [];
      for (const [i, param] of probe.params.entries()) {
        const source =
          sourceOf(param, probes) ??
          (Object.is(param, real.params[i]) && !fromProbe(real.params[i], probes) ? { constant: param } : undefined);
        if (!source) {
          sources = undefined;
          break;
        }
        sources.push(source);
      }
    }
    if (!sources) {
      this.#templates.set(name, null);
      return;
    }
    // The template must give back this request's parameters exactly; if it does not, nothing is kept (yet).
    if (sources.every((source, i) => Object.is(paramOf(source, leaves), real.params[i])))
      this.#templates.set(name, { pieces: splitPlaceholders(real.sql), sources });
  }
}
