// The pipeline's checks of a document, for a read the compiled path would answer without the pipeline: it must not
// answer a document the pipeline refuses (a syntax or validation error, a depth, alias, directive, token or cost limit,
// variables nested too deep), so such a document goes the pipeline's way, which answers it with its error. The limits
// come from the same settings as the pipeline's (`armorLimits`); the checks of a document text are made once.
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  type GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  type ValidationContext,
  validate,
} from 'graphql';
import { BoundedMemo } from '../cache/bounded-memo';
import { operationCost } from '../security/operation-cost';
import type { Cms } from '../types/cms';
import { armorLimits, nestedWithin } from '../security/document-limits';

/** A document as checked: parsed when it passed parsing, validation and the limits a document has on its own. */
interface Checked {
  document?: DocumentNode;
}

/**
 * The document of a read the pipeline would run without an error from its checks, else undefined: the document valid
 * and within every limit, the operation a query, its variables (and extensions) nested within the input depth, its
 * cost within the limit with the page sizes its variables give.
 * @example
 * const check = createDocumentCheck(cms, 20);
 * check('{ posts(first: 2) { nodes { id } } }'); // a DocumentNode
 */
export function createDocumentCheck(cms: Cms, defaultPageSize: number) {
  const { limits } = cms.security;
  // armor's rules report what they reject to the validation, as the pipeline's step does (there it is our own error).
  const report = (context: ValidationContext | null, error: GraphQLError) => {
    if (!context) throw error;
    context.reportError(error);
  };
  const armor = new ApolloArmor(armorLimits(limits, () => ({ propagateOnRejection: false, onReject: [report] })));
  const rules = [...specifiedRules, ...armor.protect().validationRules];
  // Bounded like the cache's own memo of documents (a flood of distinct documents costs at most this).
  const checked = new BoundedMemo<Checked>(1000, 4 * 1024 * 1024);

  function checkText(query: string): Checked {
    try {
      // graphql counts tokens as armor's parser does (every token but the end), and stops past the limit.
      const document = parse(query, { maxTokens: limits.maxTokens });
      return validate(cms.schema, document, rules).length === 0 ? { document } : {};
    } catch {
      return {};
    }
  }

  return function check(
    query: string,
    operationName?: string | null,
    variables?: unknown,
    extensions?: unknown,
  ): DocumentNode | undefined {
    const { document } = checked.get(query) ?? checked.set(query, checkText(query));
    if (!document || getOperationAST(document, operationName)?.operation !== 'query') return undefined;
    if (!nestedWithin(variables, limits.maxInputDepth) || !nestedWithin(extensions, limits.maxInputDepth))
      return undefined;
    const cost = operationCost(cms.schema, document, operationName, variables ?? {}, defaultPageSize);
    return cost !== undefined && cost <= limits.maxCost ? document : undefined;
  };
}
