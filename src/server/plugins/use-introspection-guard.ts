import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorsOf, flag } from '../../security/flags';

// `__type(name:)` may still say whether a type exists and its kind: GraphQL-over-HTTP requires it (graphql-http audit
// 28B9 queries `__type(name: $name) { name }`), and it reveals nothing a caller did not already guess.
const TYPE_FIELDS_ALLOWED = new Set(['name', 'kind', '__typename']);

/**
 * Refuses `__schema`, and every field of `__type` but its `name` and `kind` (`__typename` keeps working too), and hides
 * the "Did you mean …" suggestions of errors: a caller can't map the schema. A refused field is a validation error
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
      const name = node.name.value;
      const onType = context.getParentType()?.name === '__Type';
      if (onType ? TYPE_FIELDS_ALLOWED.has(name) : name !== '__schema') return;
      const field = onType ? `__Type.${name}` : name;
      const error = new GraphQLError(`Introspection is disabled: "${field}" cannot be queried`, { nodes: node });
      context.reportError(flag(error, 'introspection_blocked', { field }));
    },
  };
}

// graphql-js phrases a suggestion as `Did you mean "x"?`, `Did you mean "x", "y", or "z"?` or `Did you mean the enum
// value "X"?`. Yoga caches validation errors, so the same error may come by again: rewriting it is idempotent.
function hideSuggestions(error: { message: string }) {
  if (error.message.includes('Did you mean')) error.message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
}
