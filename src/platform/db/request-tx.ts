import { sql, type ControlledTransaction, type Kysely, type Transaction } from 'kysely';
import type { AuditKeys } from '../audit/mac.js';
import type { DB } from './schema.js';

/**
 * Who a transaction runs as; `presentHash`, the hash of a session or API token to present to
 * row-level security (only that session or token row can be reached), when authentication asks.
 */
export type TxActor = { userId: string | null; requestId: string; presentHash?: string };
/** The credential (session or API token) that made the request, and whose it is. */
export type AuditCredential = { ref: string; userId: string };
/**
 * Who is doing something that is audited: the transaction's user, the credential authentication
 * found (the audit MAC binds the two), and the audit keys to authenticate the event with.
 */
export type Actor = TxActor & { credential: AuditCredential | null; audit: AuditKeys };
export type Tx = Transaction<DB>;

// set_config('role', …, true) is SET LOCAL ROLE: one round trip for the role and the settings.
// JIT compilation is off for requests: row-level security makes the planner's estimates for a
// page of 51 cases look like a scan of every case, and at 500,000 cases compiling took about a
// second of a 20 ms query.
async function actAs(tx: Tx, actor: TxActor): Promise<void> {
  await sql`select set_config('role', 'recolo_app', true), set_config('jit', 'off', true), set_config('recolo.user_id', ${actor.userId ?? ''}, true), set_config('recolo.request_id', ${actor.requestId}, true)${
    actor.presentHash === undefined
      ? sql``
      : sql`, set_config('recolo.credential', ${actor.presentHash}, true)`
  }`.execute(tx);
}

/**
 * Runs `work` in one transaction as the unprivileged request role with the user's id set, so
 * row-level security decides which rows exist. Everything a request reads or writes goes
 * through here (or through the request's own transaction, below).
 */
export async function withActor<T>(db: Kysely<DB>, actor: TxActor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await actAs(tx, actor);
    return work(tx);
  });
}

/**
 * A transaction a request opens to find who is asking and then hands to its first unit of work,
 * so a page view is one transaction, not one for the session and one for the page (issue 10).
 * `claimed` once the work (or the end of the request) has taken it: it is finished exactly once.
 */
export type RequestTx = { tx: ControlledTransaction<DB>; claimed: boolean };

/** Opens a request transaction as `actor` (the role and settings in one round trip). */
export async function beginRequestTx(db: Kysely<DB>, actor: TxActor): Promise<RequestTx> {
  const tx = await db.startTransaction().execute();
  try {
    await actAs(tx, actor);
  } catch (error) {
    await tx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw error;
  }
  return { tx, claimed: false };
}

/**
 * Runs `work` in the request transaction and commits it, or rolls it back if `work` throws. The
 * transaction keeps the settings authentication gave it: the request role, the user (set only for
 * a live session) and the presented session hash, which lets it reach that one session row.
 */
export async function claimRequestTx<T>(open: RequestTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  open.claimed = true;
  let result: T;
  try {
    result = await work(open.tx);
  } catch (error) {
    await open.tx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw error;
  }
  await open.tx.commit().execute();
  return result;
}

/** Ends a request transaction nothing claimed (the request ended without a unit of work). */
export async function finishRequestTx(open: RequestTx | null, outcome: 'commit' | 'rollback'): Promise<void> {
  if (!open || open.claimed) return;
  open.claimed = true;
  await (outcome === 'commit' ? open.tx.commit() : open.tx.rollback()).execute().catch(() => undefined);
}
