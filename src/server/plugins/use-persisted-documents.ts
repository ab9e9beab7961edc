// Our own step rather than graphql-yoga's plugins: `@graphql-yoga/plugin-apq` stores a document as soon as its hash
// matches, before it is parsed, validated or limit-checked (so junk would be stored), ignores a malformed
// `persistedQuery` (the request then fails as "Must provide query string."), answers an unknown hash with a 404 and
// peers on @graphql-tools/utils 10 (this project has 11). `@graphql-yoga/plugin-persisted-operations` serves a fixed
// list only, and would read `extensions.persistedQuery` a second time beside APQ with its own codes. One step does
// both, with the contract's codes, and shares the registered documents with the fast path.
import type { Plugin } from 'graphql-yoga';
import type { PersistedDocumentStore } from '../../cache/persisted-documents';
import { badRequest, persistedQueryNotFound, persistedQueryOnly } from '../../errors';
import { isEnforced, isSha256, persistedAsk } from '../../security/persisted-documents';
import { sha256Hex } from '../../security/hash';
import type { Context } from '../../types/context';
import type { PersistedDocumentsSettings } from '../../types/security';
import type { ServerContext } from '../../types/server';

export interface UsePersistedDocumentsOptions {
  settings: PersistedDocumentsSettings;
  development: boolean;
  /** The isolate's store of registered documents for an environment (made on first use: it needs the KV binding). */
  storeFor(env: Env): PersistedDocumentStore;
}

/**
 * Persisted documents, before the response cache looks (which then keys the document the hash stands for):
 * - a hash alone (`extensions.persistedQuery` or a top-level `documentId`) runs the trusted document of that hash,
 *   else the registered one, else answers `PERSISTED_QUERY_NOT_FOUND` (a 200, message `PersistedQueryNotFound`), on
 *   which Apollo's and urql's links send the document with its hash;
 * - a document with its hash must hash to it (SHA-256 of the text as sent), else BAD_USER_INPUT; it is registered
 *   once it passed parsing, validation and the document limits (this step's `onExecute` runs after theirs);
 * - where the manifest is enforced, a document sent whole is `PERSISTED_QUERY_ONLY` and nothing is registered.
 * Malformed asks are a 400 BAD_USER_INPUT (see `persistedAsk`).
 * @example
 * plugins: [usePersistedDocuments({ settings: cms.persisted, development, storeFor })]
 */
export function usePersistedDocuments({
  settings,
  development,
  storeFor,
}: UsePersistedDocumentsOptions): Plugin<Context, ServerContext> {
  const enforced = isEnforced(settings, development);
  const automatic = settings.automatic && !enforced;
  // What a request registers once it has been checked, keyed by the request.
  const pending = new WeakMap<object, { hash: string; document: string }>();

  return {
    async onParams({ params, request, setParams, context }) {
      const fromUrl = request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null;
      const { documentId, ...rest } = params as typeof params & { documentId?: unknown };
      const ask = persistedAsk({ extensions: rest.extensions, documentId: documentId ?? fromUrl ?? undefined });
      // Yoga refuses parameters it doesn't know: `documentId` has been read.
      if (documentId !== undefined) setParams(rest);
      if (!ask) {
        if (enforced && rest.query != null) throw persistedQueryOnly();
        return;
      }
      const trusted = settings.manifest.get(ask.id);
      if (rest.query == null) {
        const { env } = context as unknown as ServerContext;
        const document =
          trusted ?? (automatic && ask.via === 'extensions' ? await storeFor(env).get(ask.id) : undefined);
        if (document === undefined) throw persistedQueryNotFound();
        setParams({ ...rest, query: document });
        return;
      }
      if (typeof rest.query !== 'string') return; // Yoga's own check answers it
      if (trusted !== undefined) {
        if (trusted !== rest.query) throw hashMismatch();
        return;
      }
      if (enforced) throw persistedQueryOnly();
      // A documentId names a trusted document; registering goes through APQ's `extensions.persistedQuery` only.
      if (ask.via === 'documentId') throw badRequest('documentId names a trusted document: send it without a query');
      if (!isSha256(ask.id) || (await sha256Hex(rest.query)) !== ask.id) throw hashMismatch();
      if (automatic) pending.set(request, { hash: ask.id, document: rest.query });
    },
    onExecute({ args }) {
      const ctx = args.contextValue;
      const registration = pending.get(ctx.request);
      if (!registration) return;
      pending.delete(ctx.request);
      storeFor(ctx.env).register(registration.hash, registration.document, (work) => ctx.waitUntil(work));
    },
  };
}

const hashMismatch = () =>
  badRequest('The document does not match its hash: sha256Hash must be the SHA-256 (hex) of the query as sent');
