import { DurableObject } from 'cloudflare:workers';

// Failed sign-ins are counted here, in one Durable Object for the whole deployment: its calls run one at a time and
// its SQLite storage is written synchronously, so `admit` checks and counts an attempt in one step. Twenty
// concurrent wrong passwords are twenty counted attempts, and no more are checked than a limit allows. An attempt is
// counted as a failure *before* the password is checked; `succeeded` takes it back.
//
// Three counters, each a fixed window opened by its first failure:
// - per (account, client): `maxFailures` per `lockSeconds`. A client is the known-client proof it presents (see
//   client-proof.ts) or else its address; reaching the limit refuses only that client, for that account;
// - per account: `maxAccountFailures` per hour, for clients without a proof (and proof holders that failed);
// - per address: `maxIpFailures` per `lockSeconds`, across accounts, for clients without a proof.
// A client with a valid proof that has not failed itself is held to its own counter only: nobody else's guesses,
// from any address, can keep it out.

/** The limits an attempt is held to (`auth.lockout`, validated in config.ts). */
export interface LimitPolicy {
  maxFailures: number;
  maxIpFailures: number;
  maxAccountFailures: number;
  lockSeconds: number;
}

/** One sign-in attempt: whom it guesses at, and from where. */
export interface Attempt {
  /** SHA-256 of the normalised email (unknown emails are counted like accounts). */
  account: string;
  /** `p:<proof id>` for a client with a valid proof of this account, else `a:<address>` (or `a:` when unknown). */
  client: string;
  known: boolean;
  /** The trusted client address, or null when the platform doesn't report one. */
  address: string | null;
}

export type LimitScope = 'client' | 'account' | 'address';

export type Admission =
  | {
      admitted: true /** Counters this attempt brought to their limit (a failure locks them). */;
      reaching: LimitScope[];
    }
  | { admitted: false; retryAfter: number; by: LimitScope };

export const ACCOUNT_WINDOW_SECONDS = 3600;

interface Counter {
  key: string;
  scope: LimitScope;
  limit: number;
  windowMs: number;
}

export class LoginLimiter extends DurableObject {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      'create table if not exists counters (key text primary key, count integer not null, until integer not null)',
    );
    this.sql.exec('create index if not exists counters_until on counters (until)');
  }

  /** Checks an attempt against its limits and, when admitted, counts it as a failure (one atomic step). */
  admit(attempt: Attempt, policy: LimitPolicy): Admission {
    const now = Date.now();
    this.sql.exec('delete from counters where until <= ?', now);
    const counters = countersOf(attempt, policy);
    const held = counters.map((counter) => ({ counter, count: this.count(counter.key) }));
    const own = held[0]!;
    // A known client that has not failed is held to its own counter only.
    const checked = attempt.known && own.count.count === 0 ? [own] : held;
    for (const { counter, count } of checked)
      if (count.count >= counter.limit)
        return { admitted: false, retryAfter: Math.max(1, Math.ceil((count.until - now) / 1000)), by: counter.scope };
    const reaching: LimitScope[] = [];
    for (const { counter, count } of held) {
      this.sql.exec(
        `insert into counters (key, count, until) values (?, 1, ?)
         on conflict (key) do update set count = count + 1`,
        counter.key,
        now + counter.windowMs,
      );
      if (count.count + 1 === counter.limit) reaching.push(counter.scope);
    }
    return { admitted: true, reaching };
  }

  /** Takes back an admitted attempt whose password was right, and forgets that client's failures. */
  succeeded(attempt: Attempt, policy: LimitPolicy): void {
    const [own, ...shared] = countersOf(attempt, policy);
    this.sql.exec('delete from counters where key = ?', own!.key);
    for (const counter of shared)
      this.sql.exec('update counters set count = max(count - 1, 0) where key = ?', counter.key);
  }

  /** Forgets every failure counted against an account (after a password reset). */
  forget(account: string): void {
    this.sql.exec(
      `delete from counters where key = ? or substr(key, 1, ?) = ?`,
      `a:${account}`,
      account.length + 3,
      `c:${account}:`,
    );
  }

  private count(key: string): { count: number; until: number } {
    const row = this.sql
      .exec<{ count: number; until: number }>('select count, until from counters where key = ?', key)
      .toArray()[0];
    return row ?? { count: 0, until: 0 };
  }
}

function countersOf(attempt: Attempt, policy: LimitPolicy): Counter[] {
  const lockMs = policy.lockSeconds * 1000;
  const counters: Counter[] = [
    { key: `c:${attempt.account}:${attempt.client}`, scope: 'client', limit: policy.maxFailures, windowMs: lockMs },
    {
      key: `a:${attempt.account}`,
      scope: 'account',
      limit: policy.maxAccountFailures,
      windowMs: ACCOUNT_WINDOW_SECONDS * 1000,
    },
  ];
  if (!attempt.known && attempt.address)
    counters.push({ key: `i:${attempt.address}`, scope: 'address', limit: policy.maxIpFailures, windowMs: lockMs });
  return counters;
}
