import { sql, type Kysely, type Transaction } from 'kysely';
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

/**
 * Runs `work` in one transaction as the unprivileged request role with the user's id set, so
 * row-level security decides which rows exist. Everything a request reads or writes goes
 * through here: one request, one transaction.
 */
export async function withActor<T>(db: Kysely<DB>, actor: TxActor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    // set_config('role', …, true) is SET LOCAL ROLE: one round trip for the role and the settings
    await sql`select set_config('role', 'recolo_app', true), set_config('recolo.user_id', ${actor.userId ?? ''}, true), set_config('recolo.request_id', ${actor.requestId}, true)${
      actor.presentHash === undefined
        ? sql``
        : sql`, set_config('recolo.credential', ${actor.presentHash}, true)`
    }`.execute(tx);
    return work(tx);
  });
}
