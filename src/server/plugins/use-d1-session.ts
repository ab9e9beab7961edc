import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../types/context';
import { sessionsOf } from '../d1-session';

/**
 * Tells the request's D1 sessions what the operation is when execution begins: a query's content reads may then go to
 * a replica, a mutation's statements stay on the primary (see `RequestSessions`).
 */
export function useD1Session(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      sessionsOf(args.contextValue.request)?.begin(operation);
    },
  };
}
