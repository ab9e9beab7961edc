import { templateError } from '../errors';
import type { Compiled, Node } from './ast';
import { compileTemplate } from './compile';
import type { TemplateLimits } from './limits';

/**
 * Checks a template before it is kept (an admin saving one): its syntax, that each partial it names is one of
 * `partials`, and that only a layout places `{{> @body}}`. The first problem is thrown as a `TEMPLATE_INVALID` error
 * at its tag; a render would find the same ones, but only on the branches its data takes.
 * @example
 * checkTemplate('{{> header}}<p>{{title}}</p>', { name: 'digest.html', partials: ['header', 'footer'] });
 */
export function checkTemplate(
  text: string,
  options: { name?: string; partials?: readonly string[]; layout?: boolean; limits?: Partial<TemplateLimits> } = {},
): Compiled {
  const compiled = compileTemplate(text, options);
  const known = new Set(options.partials);
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.kind === 'block') {
        visit(node.body);
        visit(node.inverse ?? []);
      }
      if (node.kind !== 'partial') continue;
      const at = { template: options.name, line: node.line, column: node.column };
      if (node.name === '@body' && !options.layout) {
        throw templateError('TEMPLATE_INVALID', '{{> @body}} is for layouts: it places the page in its layout', at);
      }
      if (node.name !== '@body' && !known.has(node.name)) {
        throw templateError('TEMPLATE_INVALID', `unknown partial {{> ${node.name}}}`, at);
      }
    }
  };
  visit(compiled.nodes);
  return compiled;
}
