// The document limits as graphql-armor takes them, and the nesting of variable values: the one place both are set,
// for the pipeline's step (useDocumentLimits) and the compiled path's check (src/server/document-check.ts), which must
// refuse alike.
import type { GraphQLError, ValidationContext } from 'graphql';
import type { DocumentLimits } from '../types/security';

type Rejection = (context: ValidationContext | null, error: GraphQLError) => void;

/**
 * graphql-armor's settings for the limits, with what a rejection does (`rejectAs(limit)`): the one place they are
 * set, for the pipeline's step and the compiled path's check, which must refuse alike.
 * @example
 * new ApolloArmor(armorLimits(limits, () => ({ propagateOnRejection: false, onReject: [report] })));
 */
export function armorLimits(
  limits: DocumentLimits,
  rejectAs: (limit: string) => { propagateOnRejection: boolean; onReject: Rejection[] },
) {
  return {
    // Suggestions are hidden by the introspection guard, outside development only.
    blockFieldSuggestion: { enabled: false },
    maxTokens: { n: limits.maxTokens, ...rejectAs('tokens') },
    maxDepth: { n: limits.maxDepth, ...rejectAs('depth') },
    maxAliases: { n: limits.maxAliases, allowList: [], ...rejectAs('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...rejectAs('directives') },
    costLimit: { maxCost: limits.maxCost, ...rejectAs('cost') },
  };
}

/** Whether objects and lists nest at most `levels` deep (stops looking below that, so it can't overflow itself). */
export function nestedWithin(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (levels === 0) return false;
  return Object.values(value).every((inner) => nestedWithin(inner, levels - 1));
}
