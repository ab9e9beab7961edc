import { eq, getColumns } from 'drizzle-orm';
import { roles, users } from '../system/tables';
import { isBuiltInRole } from './config';
import type { AuthDb } from './sessions';
import type { Viewer } from './viewer';

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

export const toPublicUser = ({ id, email, name, role, createdAt, updatedAt }: PublicUser): PublicUser => ({ id, email, name, role, createdAt, updatedAt });

/** Whether a role can be given: a built-in one or a custom role in `cms_roles`. */
export async function roleExists(db: AuthDb, role: string): Promise<boolean> {
  if (isBuiltInRole(role)) return true;
  return Boolean(await db.select({ name: roles.name }).from(roles).where(eq(roles.name, role)).get());
}

/** The signed-in user of a request (null for anonymous callers and API tokens). */
export async function currentUser(db: AuthDb, viewer: Viewer): Promise<PublicUser | null> {
  if (viewer.kind !== 'user') return null;
  return (await db.select(publicColumns).from(users).where(eq(users.id, viewer.id)).get()) ?? null;
}
