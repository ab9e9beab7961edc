import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { Context } from '../types/context';
import { badUserInput, conflict, type FieldError, notFound, validationFailed } from '../errors';
import { users } from '../system/tables';
import { hashPassword } from './password';
import { emailProblems, normaliseEmail, passwordProblems } from './policy';
import { requireAdmin } from './require';
import { authDb, revokeTokens } from './sessions';
import { roleExists } from './roles';
import { publicUserColumns } from './users';
import type { PublicUser } from '../types/auth';

const MAX_USERS_PAGE = 100;

/** Admin only: users by email, a page at a time. */
export async function listUsers(
  ctx: Context,
  args: { first?: number | null; skip?: number | null },
): Promise<PublicUser[]> {
  requireAdmin(ctx);
  const first = args.first ?? 50;
  const skip = args.skip ?? 0;
  if (first < 0 || first > MAX_USERS_PAGE || skip < 0)
    throw badUserInput(`first must be 0–${MAX_USERS_PAGE} and skip at least 0`);
  return authDb(ctx.env)
    .select(publicUserColumns)
    .from(users)
    .orderBy(asc(users.email), asc(users.id))
    .limit(first)
    .offset(skip)
    .all();
}

export interface UpdateUserArgs {
  where: { id?: string | null; email?: string | null };
  data: { role?: string | null; name?: string | null; active?: boolean | null };
}

/**
 * Admin only: changes a user's role or name, or deactivates (`active: false`) or reactivates the account. A role
 * change or a deactivation revokes every token of the user at once (they sign in again and get tokens for the new
 * role; a deactivated account can't sign in until reactivated). The last active admin can't be demoted or
 * deactivated.
 */
export async function updateUser(ctx: Context, args: UpdateUserArgs): Promise<PublicUser> {
  requireAdmin(ctx);
  const { id, email } = args.where;
  if (Boolean(id) === Boolean(email)) throw badUserInput('where takes exactly one of id and email');
  const db = authDb(ctx.env);
  const user = await db
    .select()
    .from(users)
    .where(id ? eq(users.id, id) : eq(users.email, normaliseEmail(email!)))
    .get();
  if (!user) throw notFound('The user');
  const { role, name, active } = args.data;
  const problems: FieldError[] = [];
  if (active === null) problems.push({ path: ['data', 'active'], code: 'REQUIRED', message: 'must be true or false' });
  if (role === null || (role !== undefined && !(await roleExists(ctx, role))))
    problems.push({ path: ['data', 'role'], code: 'UNKNOWN_ROLE', message: `there is no role "${role}"` });
  if (name && [...name].length > 200)
    problems.push({ path: ['data', 'name'], code: 'TOO_LONG', message: 'must be at most 200 characters' });
  if (problems.length) throw validationFailed(problems);
  const roleChanges = role !== undefined && role !== null && role !== user.role;
  const deactivates = active === false && user.deactivatedAt === null;
  const reactivates = active === true && user.deactivatedAt !== null;
  if ((roleChanges || deactivates) && user.role === 'admin' && user.deactivatedAt === null) {
    const others = await db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt), ne(users.id, user.id)))
      .get();
    if (!others?.n) throw conflict('This is the last active admin; make another user admin first');
  }
  const now = new Date();
  const [updated] = await db
    .update(users)
    .set({
      ...(roleChanges ? { role: role! } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(deactivates ? { deactivatedAt: now } : reactivates ? { deactivatedAt: null } : {}),
      updatedAt: now,
    })
    .where(eq(users.id, user.id))
    .returning(publicUserColumns);
  if (roleChanges || deactivates) await revokeTokens(ctx.env, { userId: user.id }, user.id);
  return updated!;
}

/**
 * Admin only: creates an account with a password and a role (whatever `auth.registration` says). Bad input is
 * VALIDATION_FAILED; a registered email is CONFLICT.
 */
export async function createUser(
  ctx: Context,
  args: { email: string; password: string; role: string; name?: string | null },
): Promise<PublicUser> {
  requireAdmin(ctx);
  const email = normaliseEmail(args.email);
  const problems = [...emailProblems('email', email), ...passwordProblems('password', args.password)];
  if (!(await roleExists(ctx, args.role)))
    problems.push({ path: ['role'], code: 'UNKNOWN_ROLE', message: `there is no role "${args.role}"` });
  if (args.name && [...args.name].length > 200)
    problems.push({ path: ['name'], code: 'TOO_LONG', message: 'must be at most 200 characters' });
  if (problems.length) throw validationFailed(problems);
  const now = new Date();
  const row = {
    id: crypto.randomUUID(),
    email,
    name: args.name ?? null,
    role: args.role,
    passwordHash: await hashPassword(args.password),
    tokenVersion: 1,
    createdAt: now,
    updatedAt: now,
  };
  const [created] = await authDb(ctx.env).insert(users).values(row).onConflictDoNothing().returning(publicUserColumns);
  if (!created)
    throw conflict('An account with this email already exists', [
      { path: ['email'], code: 'UNIQUE', message: 'is already registered' },
    ]);
  return created;
}

/**
 * Creates the first admin from `ADMIN_EMAIL` / `ADMIN_PASSWORD` when no admin exists. Idempotent and race-safe:
 * the insert itself checks that there is still no admin and that the email is free, so concurrent calls create one
 * row at most. An existing non-admin account with that email is left alone (never promoted).
 * @example
 * await ensureAdmin(env); // → 'created' | 'exists' | 'email-taken'
 */
export async function ensureAdmin(
  env: Pick<Env, 'DB' | 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>,
): Promise<'created' | 'exists' | 'email-taken'> {
  const db = authDb(env);
  if (await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1).get()) return 'exists';
  const email = normaliseEmail(env.ADMIN_EMAIL ?? '');
  const password = env.ADMIN_PASSWORD ?? '';
  if (!email || !password)
    throw new Error('No admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first one');
  const problem = passwordProblems('ADMIN_PASSWORD', password)[0];
  if (problem) throw new Error(`ADMIN_PASSWORD ${problem.message}`);
  const now = Date.now();
  const passwordHash = await hashPassword(password);
  await env.DB.prepare(
    `insert into cms_users (id, email, name, role, password_hash, token_version, created_at, updated_at)
     select ?, ?, 'Admin', 'admin', ?, 1, ?, ? where not exists (select 1 from cms_users where role = 'admin')
     on conflict (email) do nothing`,
  )
    .bind(crypto.randomUUID(), email, passwordHash, now, now)
    .run();
  const admin = await db.select({ email: users.email }).from(users).where(eq(users.role, 'admin')).limit(1).get();
  if (!admin) return 'email-taken';
  return admin.email === email ? 'created' : 'exists';
}
