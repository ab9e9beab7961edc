import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorsOf, flag } from '../../security/flags';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * Refuses `__schema` and `__type` (`__typename` keeps working: GraphQL-over-HTTP clients rely on it) and hides the
 * "Did you mean …" suggestions of errors, so a caller can't map the schema. A refused field is a validation error
 * (`GRAPHQL_VALIDATION_FAILED`), flagged as an `introspection_blocked` security event.
 */
export function useIntrospectionGuard(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection);
    },
    // At the end, not in validation: variable values are checked later, and their errors suggest too.
    onResultProcess({ result }) {
      errorsOf(result).forEach(hideSuggestions);
    },
  };
}

function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (!INTROSPECTION_FIELDS.has(node.name.value)) return;
      const error = new GraphQLError(`Introspection is disabled: "${node.name.value}" cannot be queried`, { nodes: node });
      context.reportError(flag(error, 'introspection_blocked', { field: node.name.value }));
    },
  };
}

// graphql-js phrases a suggestion as `Did you mean "x"?`, `Did you mean "x", "y", or "z"?` or `Did you mean the enum
// value "X"?`. Yoga caches validation errors, so the same error may come by again: rewriting it is idempotent.
function hideSuggestions(error: { message: string }) {
  if (error.message.includes('Did you mean')) error.message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
}
