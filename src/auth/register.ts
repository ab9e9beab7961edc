import { and, eq, gt, isNull } from 'drizzle-orm';
import { emitPluginEvent } from '../plugins/events';
import type { Context } from '../types/context';
import { conflict, type FieldError, forbidden } from '../errors';
import { invites, users } from '../system/tables';
import { settingsOf } from './config';
import { randomSecret, SECRET_PREFIX, sha256Hex } from '../security/hash';
import type { SignedIn } from './login';
import { hashPassword } from './password';
import { assertNoProblems, emailProblems, normaliseEmail, passwordProblems } from './policy';
import { requireAdmin } from './require';
import { authDb, issueSession } from './sessions';
import { roleExists } from './roles';
import { toPublicUser } from './users';

const NAME_MAX_LENGTH = 200;
const DAY_MS = 86_400_000;

export interface RegisterArgs {
  email: string;
  password: string;
  name?: string | null;
  inviteCode?: string | null;
}

const invalidInvite = (): FieldError => ({
  path: ['inviteCode'],
  code: 'INVALID_INVITE',
  message: 'is not a valid, unused invite code for this email',
});

/**
 * Creates an account and signs it in. An invite code (from an admin's `createInvite`) works whatever
 * `auth.registration` says, and the account gets its role. Without one, `auth.registration` decides: `off` is
 * FORBIDDEN, `invite` needs a code, `open` gives `auth.defaultRole`.
 */
export async function register(ctx: Context, args: RegisterArgs): Promise<SignedIn> {
  const settings = settingsOf(ctx.cms.config);
  const invited = typeof args.inviteCode === 'string' && args.inviteCode !== '';
  if (settings.registration === 'off' && !invited)
    throw forbidden('Registration is closed; ask an admin for an account or an invite code');
  const email = normaliseEmail(args.email);
  const problems = [...emailProblems('email', email), ...passwordProblems('password', args.password)];
  if (args.name && [...args.name].length > NAME_MAX_LENGTH)
    problems.push({ path: ['name'], code: 'TOO_LONG', message: `must be at most ${NAME_MAX_LENGTH} characters` });
  if (settings.registration === 'invite' && !invited)
    problems.push({ path: ['inviteCode'], code: 'REQUIRED', message: 'is required: registration is by invitation' });
  assertNoProblems(problems);

  const db = authDb(ctx.env);
  const taken = () =>
    conflict('An account with this email already exists', [
      { path: ['email'], code: 'UNIQUE', message: 'is already registered' },
    ]);
  if (await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw taken();

  const id = crypto.randomUUID();
  let role = settings.defaultRole;
  let inviteId: string | undefined;
  if (invited) {
    // Claimed before the account is created, so one code makes one account even under concurrent use.
    const now = new Date();
    const [invite] = await db
      .update(invites)
      .set({ usedAt: now })
      .where(
        and(
          eq(invites.codeHash, await sha256Hex(args.inviteCode!)),
          isNull(invites.usedAt),
          gt(invites.expiresAt, now),
        ),
      )
      .returning();
    if (!invite) assertNoProblems([invalidInvite()]);
    if (invite!.email && invite!.email !== email) {
      await db.update(invites).set({ usedAt: null }).where(eq(invites.id, invite!.id));
      assertNoProblems([invalidInvite()]);
    }
    role = invite!.role;
    inviteId = invite!.id;
  }

  const now = new Date();
  const user = {
    id,
    email,
    name: args.name ?? null,
    role,
    passwordHash: await hashPassword(args.password),
    tokenVersion: 1,
    createdAt: now,
    updatedAt: now,
    deactivatedAt: null,
  };
  try {
    await db.insert(users).values(user);
  } catch (error) {
    if (inviteId) await db.update(invites).set({ usedAt: null }).where(eq(invites.id, inviteId));
    // The email was free a moment ago: a concurrent registration took it.
    if (String((error as { cause?: unknown })?.cause ?? error).includes('UNIQUE')) throw taken();
    throw error;
  }
  if (inviteId) await db.update(invites).set({ usedBy: id }).where(eq(invites.id, inviteId));
  const signedIn = { tokens: await issueSession(ctx.env, user, settings), user: toPublicUser(user) };
  await emitPluginEvent(ctx, 'afterRegister', { ctx, user: signedIn.user });
  return signedIn;
}

export interface CreatedInvite {
  code: string;
  role: string;
  email: string | null;
  expiresAt: Date;
}

/** Admin only: an invite code for invite-only registration, shown once (only its hash is stored). */
export async function createInvite(
  ctx: Context,
  args: { role: string; email?: string | null },
): Promise<CreatedInvite> {
  const admin = requireAdmin(ctx);
  const settings = settingsOf(ctx.cms.config);
  const db = authDb(ctx.env);
  const email = args.email ? normaliseEmail(args.email) : null;
  const problems = email ? emailProblems('email', email) : [];
  if (!(await roleExists(ctx, args.role)))
    problems.push({ path: ['role'], code: 'UNKNOWN_ROLE', message: `there is no role "${args.role}"` });
  assertNoProblems(problems);
  const code = randomSecret(SECRET_PREFIX.invite);
  const now = Date.now();
  const expiresAt = new Date(now + settings.inviteDays * DAY_MS);
  await db.insert(invites).values({
    id: crypto.randomUUID(),
    codeHash: await sha256Hex(code),
    role: args.role,
    email,
    createdBy: admin.id,
    expiresAt,
    createdAt: new Date(now),
  });
  const invite = { code, role: args.role, email, expiresAt };
  // With an address, the email plugin (when installed) sends the invitation; the admin still sees the code once.
  if (email) await emitPluginEvent(ctx, 'afterInvite', { ctx, invite: { ...invite, email }, inviter: admin.email });
  return invite;
}
