import type { Tx } from '../../platform/db/request-tx.js';

/** One in-app notification: to whom, about which case, of what kind, what it says and where it links. */
export type NewNotification = { userId: string; caseId: string; kind: string; message: string; link: string };

/**
 * THE ONE WAY a module tells someone something in-app: writes the notifications in the caller's
 * transaction, so they exist only if what they tell of was saved. Row-level security decides who
 * may write which kind (migrations 004, 017, 019). Nothing is written for an empty list.
 */
export async function notify(tx: Tx, rows: readonly NewNotification[]): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('notification')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        case_id: r.caseId,
        kind: r.kind,
        message: r.message,
        link: r.link,
      })),
    )
    .execute();
}
