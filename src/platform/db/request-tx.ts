import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

export type Actor = { userId: string | null; requestId: string };
export type Tx = Transaction<DB>;

/**
 * Runs `work` in one transaction as the unprivileged request role with the user's id set, so
 * row-level security decides which rows exist. Everything a request reads or writes goes
 * through here: one request, one transaction.
 */
export async function withActor<T>(db: Kysely<DB>, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    // set_config('role', …, true) is SET LOCAL ROLE: one round trip for the role and the settings
    await sql`select set_config('role', 'recolo_app', true), set_config('recolo.user_id', ${actor.userId ?? ''}, true), set_config('recolo.request_id', ${actor.requestId}, true)`.execute(
      tx,
    );
    return work(tx);
  });
}
