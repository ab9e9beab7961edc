import { desc, eq, getColumns } from 'drizzle-orm';
import type { Context } from '../types/context';
import { type FieldError, notFound } from '../errors';
import { apiTokens } from '../system/tables';
import { randomSecret, SECRET_PREFIX, sha256Hex } from '../security/hash';
import { assertNoProblems } from './policy';
import { requireAdmin } from './require';
import { authDb } from './sessions';
import { purgeTokens } from './token-cache';

const { tokenHash: _hash, ...listedColumns } = getColumns(apiTokens);
export type ApiTokenInfo = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

export interface CreateApiTokenArgs {
  name: string;
  access: 'read' | 'read-write';
  /** Collection type names (`Post`); null or absent for every collection. */
  collections?: string[] | null;
  /** Whether it may read drafts when a request asks for the DRAFT stage (a preview); false when absent. */
  drafts?: boolean | null;
}

/**
 * Admin only: a token for a frontend, sent as `Authorization: Bearer cms_at_…`. The secret is returned here once;
 * only its SHA-256 is stored.
 */
export async function createApiToken(
  ctx: Context,
  args: CreateApiTokenArgs,
): Promise<{ token: string; apiToken: ApiTokenInfo }> {
  const admin = requireAdmin(ctx);
  const name = args.name.trim();
  const problems: FieldError[] = [];
  if (!name || name.length > 100)
    problems.push({ path: ['name'], code: 'INVALID', message: 'must be 1–100 characters' });
  const collections = args.collections ? [...new Set(args.collections)] : null;
  collections?.forEach((collection, index) => {
    if (!ctx.cms.byName.has(collection))
      problems.push({
        path: ['collections', index],
        code: 'UNKNOWN_COLLECTION',
        message: `there is no collection "${collection}"`,
      });
  });
  assertNoProblems(problems);
  const token = randomSecret(SECRET_PREFIX.apiToken);
  const row = {
    id: crypto.randomUUID(),
    name,
    tokenHash: await sha256Hex(token),
    access: args.access,
    collections,
    drafts: args.drafts === true,
    createdBy: admin.id,
    createdAt: new Date(),
  };
  await authDb(ctx.env).insert(apiTokens).values(row);
  const { tokenHash: _, ...apiToken } = { ...row, lastUsedAt: null, revokedAt: null };
  return { token, apiToken };
}

/** Admin only: every API token, newest first (never the secrets). */
export async function listApiTokens(ctx: Context): Promise<ApiTokenInfo[]> {
  requireAdmin(ctx);
  return authDb(ctx.env).select(listedColumns).from(apiTokens).orderBy(desc(apiTokens.createdAt)).all();
}

/** Admin only: revokes an API token at once (its cache entries are purged). */
export async function revokeApiToken(ctx: Context, args: { id: string }): Promise<boolean> {
  requireAdmin(ctx);
  const db = authDb(ctx.env);
  const row = await db
    .select({ hash: apiTokens.tokenHash, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, args.id))
    .get();
  if (!row) throw notFound('The API token');
  if (!row.revokedAt) await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, args.id));
  await purgeTokens(ctx.env.KV, [row.hash]);
  return true;
}
