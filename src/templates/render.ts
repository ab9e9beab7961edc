import { templateError } from '../errors';
import type { At, Compiled, Node, Path } from './ast';
import type { TemplateLimits } from './limits';
import { child } from './paths';
import { escapeHtml, printable, truthy, utf8Bytes } from './values';

/** A scope: the value `this` names, and the loop's own variables when an `{{#each}}` made it. */
interface Scope {
  value: unknown;
  loop: { index: number; first: boolean; last: boolean; key: string | number } | null;
}

/** One render's state, shared by the page, its partials and its layout: the bounds hold for the whole of it. */
export interface RenderState {
  limits: TemplateLimits;
  /** `{{x}}` is HTML-escaped (an HTML part), or printed as it is (a subject, a plain-text part). */
  escape: boolean;
  /** A partial by name, parsed; undefined when the registry has none of that name. */
  partial: (name: string) => Compiled | undefined;
  /** The page, rendered, while its layout renders (`{{> @body}}`). */
  body?: string;
  out: string[];
  bytes: number;
  steps: number;
  /** The partials being rendered, outermost first: a name twice is a partial including itself. */
  including: string[];
  /** The name of the template being rendered, for errors. */
  template?: string;
}

/** Renders a parsed template's nodes against `data` into `state.out`. */
export function renderNodes(state: RenderState, compiled: Compiled, data: unknown): void {
  walk(state, compiled.nodes, [{ value: data, loop: null }]);
}

function walk(state: RenderState, nodes: Node[], scopes: Scope[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      step(state, node);
      emit(state, node.value, node);
      continue;
    }
    step(state, node);
    if (node.kind === 'output') output(state, node, scopes);
    else if (node.kind === 'partial') partial(state, node, scopes);
    else if (node.helper === 'each') each(state, node, scopes);
    else {
      const value = resolve(state, node.path, scopes, node);
      const chosen = node.helper === 'unless' ? !truthy(value) : truthy(value);
      const branch = chosen ? node.body : node.inverse;
      if (branch) walk(state, branch, node.helper === 'with' && chosen ? [...scopes, { value, loop: null }] : scopes);
    }
  }
}

function output(state: RenderState, node: Extract<Node, { kind: 'output' }>, scopes: Scope[]): void {
  const value = resolve(state, node.path, scopes, node);
  const text = printable(value);
  if (text === null) {
    const what = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    throw fail(
      state,
      'TEMPLATE_RENDER',
      `{{${node.path.source}}} is ${what}: print one of its fields, or go through it with {{#each}}`,
      node,
    );
  }
  emit(state, state.escape && !node.raw ? escapeHtml(text) : text, node);
}

function each(state: RenderState, node: Extract<Node, { kind: 'block' }>, scopes: Scope[]): void {
  const value = resolve(state, node.path, scopes, node);
  const isList = Array.isArray(value);
  // Own enumerable keys only: an object's prototype never lends the loop an entry.
  const keys = isList ? null : value !== null && typeof value === 'object' ? Object.keys(value) : [];
  const count = isList ? value.length : keys!.length;
  if (count === 0) {
    if (node.inverse) walk(state, node.inverse, scopes);
    return;
  }
  for (let index = 0; index < count; index++) {
    step(state, node);
    const key = isList ? index : keys![index]!;
    const loop = { index, first: index === 0, last: index === count - 1, key };
    walk(state, node.body, [...scopes, { value: child(value, String(key)), loop }]);
  }
}

function partial(state: RenderState, node: Extract<Node, { kind: 'partial' }>, scopes: Scope[]): void {
  if (node.name === '@body') {
    if (state.body === undefined) {
      throw fail(state, 'TEMPLATE_INVALID', '{{> @body}} is for layouts: it places the page in its layout', node);
    }
    emit(state, state.body, node);
    return;
  }
  if (state.including.includes(node.name)) {
    const chain = [...state.including, node.name].join(' > ');
    throw fail(state, 'TEMPLATE_INVALID', `the partial "${node.name}" includes itself (${chain})`, node);
  }
  if (state.including.length >= state.limits.maxPartialDepth) {
    throw fail(state, 'TEMPLATE_LIMIT', `partials are nested more than ${state.limits.maxPartialDepth} deep`, node, {
      limit: 'maxPartialDepth',
    });
  }
  const compiled = state.partial(node.name);
  if (!compiled) throw fail(state, 'TEMPLATE_INVALID', `unknown partial {{> ${node.name}}}`, node);
  const inner = node.path ? [...scopes, { value: resolve(state, node.path, scopes, node), loop: null }] : scopes;
  const outer = state.template;
  state.including.push(node.name);
  state.template = node.name;
  walk(state, compiled.nodes, inner);
  state.template = outer;
  state.including.pop();
}

function resolve(state: RenderState, path: Path, scopes: Scope[], at: At): unknown {
  if (path.data) {
    let skip = path.depth;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const loop = scopes[i]!.loop;
      if (loop && skip-- === 0) return loop[path.data];
    }
    throw fail(state, 'TEMPLATE_RENDER', `{{${path.source}}} is outside the {{#each}} it names`, at);
  }
  const scope = path.root ? scopes[0] : scopes[scopes.length - 1 - path.depth];
  if (!scope) throw fail(state, 'TEMPLATE_RENDER', `{{${path.source}}} goes up more blocks than surround it`, at);
  let value = scope.value;
  for (const part of path.parts) value = child(value, part);
  return value;
}

function step(state: RenderState, at: At | null): void {
  if (++state.steps > state.limits.maxSteps) {
    throw fail(state, 'TEMPLATE_LIMIT', `the render took more than ${state.limits.maxSteps} steps`, at, {
      limit: 'maxSteps',
    });
  }
}

function emit(state: RenderState, text: string, at: At | null): void {
  state.bytes += utf8Bytes(text);
  if (state.bytes > state.limits.maxOutputBytes) {
    throw fail(state, 'TEMPLATE_LIMIT', `the output is larger than ${state.limits.maxOutputBytes} bytes`, at, {
      limit: 'maxOutputBytes',
    });
  }
  state.out.push(text);
}

function fail(
  state: RenderState,
  reason: Parameters<typeof templateError>[0],
  message: string,
  at: At | null,
  extra?: Record<string, unknown>,
) {
  const position = at ? { template: state.template, line: at.line, column: at.column } : undefined;
  return templateError(reason, message, position, { ...(position ? {} : { template: state.template }), ...extra });
}
