import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { documentRejected } from '../../errors';
import { flag } from '../../security/flags';
import type { DocumentLimits } from '../../types/security';
import { operationCost } from '../../security/operation-cost';
import { armorLimits, nestedWithin } from '../../security/document-limits';

/**
 * Depth, alias, directive, token and cost limits (graphql-armor), checked before a document runs, and the nesting of
 * variable values. A document over a limit is a BAD_USER_INPUT error naming the limit in `extensions.limit` (`depth`,
 * `aliases`, `directives`, `tokens`, `cost`, `inputDepth`), flagged as a `document_rejected` security event. Aliases of
 * `__typename` count like any other. Every page counts at the size it will have, checked once the variables are known,
 * before the operation runs: a size given as a variable (`first: $n`) at its value, with the same estimate and error
 * as `first: 100` in the document; a list given no size at `defaultPageSize`.
 */
export function useDocumentLimits(limits: DocumentLimits, defaultPageSize: number): Plugin {
  return {
    // Variables are coerced recursively: thousands of nested `{ AND: [...] }` would overflow the stack (a 500).
    onParams({ params }) {
      for (const [name, value] of [
        ['variables', params.variables],
        ['extensions', params.extensions],
      ] as const) {
        if (!nestedWithin(value, limits.maxInputDepth)) {
          const message = `The ${name} are nested deeper than the limit of ${limits.maxInputDepth}`;
          throw flag(documentRejected(message, 'inputDepth'), 'document_rejected', { limit: 'inputDepth', message });
        }
      }
    },
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(args.schema, args.document, args.operationName, args.variableValues, defaultPageSize);
      if (cost === undefined || cost <= limits.maxCost) return;
      const message = `Query Cost limit of ${limits.maxCost} exceeded, found ${cost}.`;
      const rejection = flag(documentRejected(message, 'cost'), 'document_rejected', { limit: 'cost', message });
      // Marked as Yoga marks validation errors (useHTTPValidationError), so it is answered like armor's: 200 for
      // application/json, 400 for application/graphql-response+json.
      Object.assign(rejection.extensions, { http: { spec: true, status: 400 } });
      setResultAndStopExecution({ errors: [rejection] });
    },
    onPluginInit({ addPlugin }) {
      addPlugin(EnvelopArmorPlugin(armorLimits(limits, rejectAs)));
    },
  };
}

// armor reports a rejection to `onReject` with the validation context, or with null while parsing (the token count):
// our own error replaces armor's (which has no code and claims to be a "Syntax Error").
function rejectAs(limit: string) {
  const onReject = (context: ValidationContext | null, error: GraphQLError) => {
    const message = error.message.replace(/^Syntax Error: /, '');
    const rejection = flag(documentRejected(message, limit), 'document_rejected', { limit, message });
    if (!context) throw rejection;
    context.reportError(rejection);
  };
  return { propagateOnRejection: false, onReject: [onReject] };
}
