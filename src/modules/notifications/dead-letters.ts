import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/** One e-mail that could not be delivered: to which account, of what kind, never what about. */
export type DeadLetter = {
  id: string;
  kind: string;
  recipient: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  failed_at: Date;
};

/** How many dead letters the administrator's page shows at most: the latest. */
export const DEAD_LETTER_LIMIT = 200;

/** The dead letters, latest first (an administrator only: the database answers none to anyone else). */
export async function listDeadLetters(tx: Tx): Promise<DeadLetter[]> {
  const r =
    await sql<DeadLetter>`select * from recolo_private.mail_dead_letters(${DEAD_LETTER_LIMIT})`.execute(tx);
  return r.rows;
}

/** Queues a dead letter again (an administrator only); false when it is not dead (already queued). */
export async function retryDeadLetter(tx: Tx, id: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select recolo_private.retry_dead_letter(${id}::uuid) as ok`.execute(
    tx,
  );
  return r.rows[0]?.ok === true;
}
