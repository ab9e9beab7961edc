import { templateError } from '../errors';
import type { At, BlockHelper, Compiled, Node, Path } from './ast';
import { DEFAULT_TEMPLATE_LIMITS, type TemplateLimits } from './limits';
import { parsePath } from './paths';
import { tokenize } from './tokens';

const HELPERS = new Set<string>(['if', 'unless', 'each', 'with']);
const PARTIAL_NAME = /^(?:[A-Za-z0-9_][\w.-]*(?:\/[\w.-]+)*|@body)$/;

/** A block being read: where its nodes go now (its body, then after `{{else}}` its inverse). */
interface Open {
  node: Extract<Node, { kind: 'block' }>;
  into: Node[];
  /** Opened by `{{else if …}}`: closed by the same `{{/if}}` as the block it continues. */
  chained: boolean;
}

/**
 * Parses a template into its nodes. Every mistake is a `TEMPLATE_INVALID` error naming the problem, its line and
 * column: an unknown helper, a block closed by another's tag or never closed, a path that is not one.
 * @example
 * parseTemplate('{{#each posts}}<li>{{title}}</li>{{/each}}', { template: 'digest' });
 */
export function parseTemplate(
  text: string,
  { template, limits = DEFAULT_TEMPLATE_LIMITS }: { template?: string; limits?: TemplateLimits } = {},
): Compiled {
  if (text.length > limits.maxTemplateChars) {
    throw templateError(
      'TEMPLATE_LIMIT',
      `the template has ${text.length} characters, more than the ${limits.maxTemplateChars} allowed`,
      undefined,
      { template, limit: 'maxTemplateChars' },
    );
  }
  const fail = (message: string, at: At) => templateError('TEMPLATE_INVALID', message, { template, ...at });
  const path = (source: string, at: At): Path => {
    const parsed = parsePath(source);
    if (typeof parsed === 'string') throw fail(parsed, at);
    return parsed;
  };

  const nodes: Node[] = [];
  const partials = new Set<string>();
  const stack: Open[] = [];
  let into = nodes;
  const open = (node: Open['node'], chained: boolean) => {
    // An {{else if}} nests a block too, and rendering recurses into it: it counts as a level.
    if (stack.length + 1 > limits.maxDepth) {
      const at = { template, line: node.line, column: node.column };
      throw templateError('TEMPLATE_LIMIT', `blocks are nested more than ${limits.maxDepth} deep`, at, {
        limit: 'maxDepth',
      });
    }
    into.push(node);
    stack.push({ node, into: node.body, chained });
    into = node.body;
  };

  for (const token of tokenize(text, template)) {
    if (token.kind === 'text') {
      into.push(token);
      continue;
    }
    const at = { line: token.line, column: token.column };
    switch (token.sigil) {
      case '!':
        break;
      case '': {
        if (token.body.startsWith('^')) throw fail('{{^…}} is not supported: use {{#unless …}} or {{else}}', at);
        if (token.body.startsWith('&')) throw fail('{{&…}} is not supported: use {{{…}}} for trusted HTML', at);
        if (token.body.startsWith('~') || token.body.endsWith('~')) {
          throw fail('whitespace control ({{~ and ~}}) is not supported', at);
        }
        const [name, ...args] = token.body.split(/\s+/);
        if (!name) throw fail(token.raw ? 'an empty tag {{{}}}' : 'an empty tag {{}}', at);
        if (args.length) throw fail(`unknown helper "${name}": a tag prints one variable, like {{${args[0]}}}`, at);
        into.push({ kind: 'output', path: path(name, at), raw: token.raw, ...at });
        break;
      }
      case '#': {
        const [helper, ...args] = token.body.split(/\s+/);
        if (!helper || !HELPERS.has(helper)) {
          throw fail(`unknown helper {{#${helper ?? ''}}} (there are #if, #unless, #each and #with)`, at);
        }
        if (args.length !== 1) throw fail(`{{#${helper}}} takes one variable, like {{#${helper} items}}`, at);
        open(
          { kind: 'block', helper: helper as BlockHelper, path: path(args[0]!, at), body: [], inverse: null, ...at },
          false,
        );
        break;
      }
      case 'else': {
        const current = stack.at(-1);
        if (!current) throw fail('{{else}} outside a block', at);
        const { node } = current;
        if (node.inverse) {
          throw fail(`a second {{else}} in {{#${node.helper}}} opened at line ${node.line}, column ${node.column}`, at);
        }
        node.inverse = [];
        current.into = node.inverse;
        into = node.inverse;
        if (token.body === '') break;
        const [helper, ...args] = token.body.split(/\s+/);
        if ((helper !== 'if' && helper !== 'unless') || args.length !== 1) {
          throw fail(`{{else ${token.body}}}: after else comes only "if" or "unless" and one variable`, at);
        }
        open({ kind: 'block', helper, path: path(args[0]!, at), body: [], inverse: null, ...at }, true);
        break;
      }
      case '/': {
        const name = token.body;
        let current = stack.pop();
        if (!current) throw fail(`{{/${name}}} closes no block`, at);
        while (current.chained) current = stack.pop()!;
        if (current.node.helper !== name) {
          const { node } = current;
          throw fail(`{{/${name}}} closes {{#${node.helper}}} opened at line ${node.line}, column ${node.column}`, at);
        }
        into = stack.at(-1)?.into ?? nodes;
        break;
      }
      case '>': {
        const [name, ...args] = token.body.split(/\s+/);
        if (!name || !PARTIAL_NAME.test(name)) throw fail(`"${name ?? ''}" is not a partial's name`, at);
        if (args.length > 1) throw fail(`{{> ${name}}} takes at most one variable, its context`, at);
        partials.add(name);
        into.push({ kind: 'partial', name, path: args[0] ? path(args[0], at) : null, ...at });
        break;
      }
    }
  }
  const unclosed = stack.filter((entry) => !entry.chained).at(-1);
  if (unclosed) {
    const { node } = unclosed;
    const at = { line: node.line, column: node.column };
    throw fail(`unclosed {{#${node.helper}}}: no {{/${node.helper}}} before the end of the template`, at);
  }
  return { nodes, partials: [...partials] };
}
