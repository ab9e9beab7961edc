import { getColumns } from 'drizzle-orm';
import type { Context } from '../context';
import { rowsLoader } from '../db/rows-loader';
import { users } from '../system/tables';

/** A user as the API shows it: never the password hash or the token version. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  createdAt: Date;
  updatedAt: Date;
}

const { passwordHash: _hash, tokenVersion: _version, ...publicColumns } = getColumns(users);
export { publicColumns as publicUserColumns };

export const toPublicUser = ({ id, email, name, role, createdAt, updatedAt }: PublicUser): PublicUser => ({
  id,
  email,
  name,
  role,
  createdAt,
  updatedAt,
});

/** The signed-in user of a request (null for anonymous callers and API tokens); `me` asked twice is one query. */
export async function currentUser(ctx: Context): Promise<PublicUser | null> {
  if (ctx.viewer.kind !== 'user') return null;
  const [user] = await rowsLoader<PublicUser>(ctx, 'users.id', users, 'id', { columns: publicColumns }).load(
    ctx.viewer.id,
  );
  return user ?? null;
}
