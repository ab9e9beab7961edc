// Persisted documents: what a request asks for by hash, and the trusted documents' manifest, checked once when the
// config is built. The manifest check hashes synchronously (node:crypto, under the worker's nodejs_compat) because
// the config is built at module scope, where a bad manifest must fail as a CmsConfigError, not as a request's 500.
import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import { badRequest, CmsConfigError } from '../errors';
import type { PersistedDocumentsConfig, PersistedDocumentsSettings } from '../types/security';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SHA1_HEX = /^[0-9a-f]{40}$/;
/** The longest identifier worth looking at: `sha256:` and 64 hex digits. */
const MAX_ID_LENGTH = 71;
const DEFAULT_TTL_SECONDS = 7 * 24 * 60 * 60;
/** KV keeps nothing for less than a minute. */
const MIN_TTL_SECONDS = 60;

/**
 * A document identifier as sent (`sha256:<hex>`, a bare SHA-256 or SHA-1 hex), as the manifest is keyed: the bare
 * lower-case hex; undefined when it is none of these.
 */
export function documentIdOf(value: string): string | undefined {
  if (value.length > MAX_ID_LENGTH) return undefined;
  const hex = value.startsWith('sha256:') ? value.slice('sha256:'.length) : value;
  if (SHA256_HEX.test(hex)) return hex;
  return hex === value && SHA1_HEX.test(hex) ? hex : undefined;
}

/** Whether an identifier is a bare SHA-256 (what automatic persisted queries register documents under). */
export const isSha256 = (id: string) => id.length === 64;

/**
 * Checks a `persistedDocuments` config and fills in its defaults: each manifest entry's key must be the hash of its
 * document (SHA-256, or SHA-1 for 40 hex digits) and each document must parse. Throws CmsConfigError naming the entry.
 * @example
 * resolvePersistedDocuments({ manifest: { 'sha256:ab…': 'query Posts { posts { totalCount } }' } });
 */
export function resolvePersistedDocuments(config: PersistedDocumentsConfig = {}): PersistedDocumentsSettings {
  const { manifest = {}, enforce, automatic = true } = config;
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest))
    throw new CmsConfigError('persistedDocuments.manifest must be an object of { "<hash>": "<document>" }');
  const byHash = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    const id = documentIdOf(key);
    if (!id)
      throw new CmsConfigError(
        `persistedDocuments.manifest: "${shown}" is not a document hash ("sha256:<64 hex>", 64 or 40 hex digits)`,
      );
    if (typeof document !== 'string')
      throw new CmsConfigError(`persistedDocuments.manifest["${shown}"] must be the document's text`);
    const actual = createHash(isSha256(id) ? 'sha256' : 'sha1')
      .update(document)
      .digest('hex');
    if (actual !== id)
      throw new CmsConfigError(
        `persistedDocuments.manifest["${shown}"]: the key is not the hash of its document (it hashes to ${actual}); ` +
          'regenerate the manifest with the codegen client preset',
      );
    try {
      parse(document);
    } catch (error) {
      throw new CmsConfigError(
        `persistedDocuments.manifest["${shown}"]: the document does not parse: ${(error as Error).message}`,
      );
    }
    byHash.set(id, document);
  }
  const numbers = {
    ttlSeconds: config.ttlSeconds ?? DEFAULT_TTL_SECONDS,
    memoryBytes: config.memoryBytes ?? 4 * 1024 * 1024,
    kvWritesPerMinute: config.kvWritesPerMinute ?? 100,
  };
  for (const [name, value] of Object.entries(numbers))
    if (!Number.isSafeInteger(value) || value < 0)
      throw new CmsConfigError(`persistedDocuments.${name} must be a non-negative integer, got ${value}`);
  if (numbers.ttlSeconds < MIN_TTL_SECONDS)
    throw new CmsConfigError(`persistedDocuments.ttlSeconds must be at least ${MIN_TTL_SECONDS} (KV's shortest)`);
  if (enforce !== undefined && typeof enforce !== 'boolean')
    throw new CmsConfigError('persistedDocuments.enforce must be true or false');
  if (enforce && byHash.size === 0)
    throw new CmsConfigError('persistedDocuments.enforce needs a manifest: nothing could run');
  return { manifest: byHash, enforce, automatic: automatic !== false, ...numbers };
}

/** Whether only the manifest's documents run: `enforce`, else production with a manifest. */
export const isEnforced = (settings: PersistedDocumentsSettings, development: boolean) =>
  settings.enforce ?? (settings.manifest.size > 0 && !development);

/** What a request asks for by hash: the identifier (bare hex) and where it came from. */
export interface PersistedAsk {
  id: string;
  /** `extensions.persistedQuery` (automatic persisted queries, Apollo and urql) or a top-level `documentId`. */
  via: 'extensions' | 'documentId';
}

const MALFORMED_EXTENSION =
  'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 lower-case hex digits>" }';

/**
 * The hash a request's parameters ask for, or undefined when they ask for none. A malformed ask (another version, a
 * hash that is not one, `extensions` that are not an object) is a 400 BAD_USER_INPUT, never a silent fall-through
 * to "Must provide query string.".
 * @example
 * persistedAsk({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab…' } } }); // { id: 'ab…', via: … }
 */
export function persistedAsk(params: { extensions?: unknown; documentId?: unknown }): PersistedAsk | undefined {
  const { extensions, documentId } = params;
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions)))
    throw badRequest('extensions must be a JSON object');
  const persisted = (extensions as Record<string, unknown> | null | undefined)?.persistedQuery;
  if (documentId != null) {
    const id = typeof documentId === 'string' ? documentIdOf(documentId) : undefined;
    if (!id) throw badRequest('documentId must be a document hash: "sha256:<64 lower-case hex digits>"');
    if (persisted != null) throw badRequest('Send documentId or extensions.persistedQuery, not both');
    return { id, via: 'documentId' };
  }
  if (persisted == null) return undefined;
  if (typeof persisted !== 'object' || Array.isArray(persisted)) throw badRequest(MALFORMED_EXTENSION);
  const { version, sha256Hash } = persisted as Record<string, unknown>;
  // `sha256:<hex>` too: a client sending the codegen preset's hashes through Apollo's link (`generateHash`).
  const id = version === 1 && typeof sha256Hash === 'string' ? documentIdOf(sha256Hash) : undefined;
  if (!id || !isSha256(id)) throw badRequest(MALFORMED_EXTENSION);
  return { id, via: 'extensions' };
}
