import type { PublicUser } from '../types/auth';
import { getColumns } from 'drizzle-orm';
import type { Context } from '../types/context';
import { rowsLoader } from '../db/rows-loader';
import { users } from '../system/tables';

const { passwordHash: _hash, tokenVersion: _version, ...publicColumns } = getColumns(users);
export { publicColumns as publicUserColumns };

/** The public part of a user row: what the API may show (no password hash, no token version). */
export function toPublicUser(row: PublicUser): PublicUser {
  const { id, email, name, role, createdAt, updatedAt, deactivatedAt } = row;
  return { id, email, name, role, createdAt, updatedAt, deactivatedAt };
}

/** The signed-in user of a request (null for anonymous callers and API tokens); `me` asked twice is one query. */
export async function currentUser(ctx: Context): Promise<PublicUser | null> {
  if (ctx.viewer.kind !== 'user') return null;
  const [user] = await rowsLoader<PublicUser>(ctx, 'users.id', users, 'id', { columns: publicColumns }).load(
    ctx.viewer.id,
  );
  return user ?? null;
}
