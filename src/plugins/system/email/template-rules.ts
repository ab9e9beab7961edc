import type { GraphQLError } from 'graphql';
import { type FieldError, validationFailed } from '../../../errors';
import type { Node, Path } from '../../../templates/ast';
import { checkTemplate } from '../../../templates/check';
import { COMMON_EMAIL_VARIABLES, DEFAULT_EMAILS, type EmailName } from '../../../templates/emails';
import type { MessageTemplates } from '../../../templates/message';

/** The longest template an admin may save, per part, in characters: the three fit one request's 100 KiB body. */
export const MAX_PART_CHARS = { subject: 500, html: 64_000, text: 16_000 } as const;
// A template full of typos lists this many of them; the rest would only repeat the lesson.
const MAX_UNKNOWN = 20;

type Part = keyof typeof MAX_PART_CHARS;

/** The variables an email's templates may read: the common ones and its own, by path. */
export const variablesOf = (name: EmailName): Record<string, string> => ({
  ...COMMON_EMAIL_VARIABLES,
  ...DEFAULT_EMAILS[name].variables,
});

/**
 * What is wrong with an admin's templates for an email, as field errors on `subject`, `html` and `text`: a part
 * too long, the renderer's syntax errors (an unclosed block, an unknown helper, any partial: the defaults have none),
 * and variables the email doesn't have. An unknown variable is an error, not a warning: `{{resetUrll}}` would
 * otherwise send a blank where the link should be. Each message names the line and column.
 */
export function templateProblems(name: EmailName, parts: Partial<MessageTemplates>): FieldError[] {
  const known = Object.keys(variablesOf(name));
  const problems: FieldError[] = [];
  for (const part of ['subject', 'html', 'text'] as const) {
    const text = parts[part];
    if (text == null) continue;
    if (text.length > MAX_PART_CHARS[part]) {
      problems.push({
        path: [part],
        code: 'TOO_LONG',
        message: `The ${part} template may have at most ${MAX_PART_CHARS[part]} characters`,
      });
      continue;
    }
    try {
      const compiled = checkTemplate(text, { name: `${name}.${part}`, partials: [] });
      for (const node of unknownVariables(compiled.nodes, known).slice(0, MAX_UNKNOWN)) {
        problems.push({
          path: [part],
          code: 'UNKNOWN_VARIABLE',
          message: `{{${node.path.source}}} is not a variable of "${name}" (${name}.${part}, line ${node.line}, column ${node.column})`,
          line: node.line,
          column: node.column,
        });
      }
    } catch (error) {
      problems.push(asFieldError(part, error));
    }
  }
  return problems;
}

/** A renderer's error (syntax, value, bound) as a field error on the part it came from; anything else is rethrown. */
export function asFieldError(part: Part, error: unknown): FieldError {
  const extensions = (error as GraphQLError)?.extensions as Record<string, unknown> | undefined;
  const reason = extensions?.reason;
  if (typeof reason !== 'string' || !reason.startsWith('TEMPLATE_')) throw error;
  return {
    path: [part],
    code: reason,
    message: (error as Error).message,
    ...(typeof extensions?.line === 'number' ? { line: extensions.line, column: extensions.column as number } : {}),
  };
}

/** Throws VALIDATION_FAILED with every problem, or returns. */
export function assertTemplates(name: EmailName, parts: Partial<MessageTemplates>): void {
  const problems = templateProblems(name, parts);
  if (problems.length) throw validationFailed(problems);
}

type Located = Extract<Node, { path: Path }>;

/**
 * The tags reading a root variable the email doesn't have. A path is known when it is a variable, or, in a block's
 * tag, leads to one (`{{#if recipient}}`, `{{#with item}}`). Inside `{{#each}}` and `{{#with}}` a path reads the item, which no list
 * describes: only paths that reach back to the root (`@root.x`, enough `../`) are checked there.
 */
function unknownVariables(nodes: Node[], known: string[]): Located[] {
  const found: Located[] = [];
  // A tag that prints needs a variable itself: `{{recipient}}` is an object, which the renderer refuses to print.
  const isKnown = (parts: string[], prints: boolean) => {
    const path = parts.join('.');
    return known.some((variable) => variable === path || (!prints && variable.startsWith(`${path}.`)));
  };
  // `scopes` counts the blocks that changed `this`; the root is reached from depth `scopes`.
  const visit = (list: Node[], scopes: number) => {
    for (const node of list) {
      if (node.kind === 'text' || node.kind === 'partial') continue;
      const path = node.path;
      const atRoot = path.root || path.depth === scopes;
      if (!path.data && atRoot && path.parts.length > 0 && !isKnown(path.parts, node.kind === 'output')) {
        found.push(node);
      }
      if (node.kind !== 'block') continue;
      const inner = node.helper === 'each' || node.helper === 'with' ? scopes + 1 : scopes;
      visit(node.body, inner);
      // `{{else}}` of an `{{#each}}`/`{{#with}}` runs in the outer scope.
      visit(node.inverse ?? [], scopes);
    }
  };
  visit(nodes, 0);
  return found;
}
