import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/** How many of the notifications shown at most: the newest. */
export const NOTIFICATION_LIMIT = 200;

/** The user's own notifications, newest first (row-level security shows no one else's). */
export function listNotifications(tx: Tx, userId: string) {
  return tx
    .selectFrom('notification as n')
    .leftJoin('cases as c', 'c.id', 'n.case_id')
    .select([
      'n.id',
      'n.case_id',
      'n.kind',
      'n.message',
      'n.link',
      'n.created_at',
      'n.read_at',
      'c.reference as case_reference',
    ])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(NOTIFICATION_LIMIT)
    .execute();
}

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>[number];

/** Marks one of the user's notifications read; false when there is no such notification of theirs. */
export async function markRead(tx: Tx, userId: string, id: string): Promise<boolean> {
  const found = await tx
    .selectFrom('notification')
    .select(['id', 'read_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!found) return false;
  if (found.read_at === null) {
    await tx
      .updateTable('notification')
      .set({ read_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .execute();
  }
  return true;
}

export async function markAllRead(tx: Tx, userId: string): Promise<number> {
  const result = await tx
    .updateTable('notification')
    .set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** One cheap query for the navigation: the index on (user_id, created_at) serves it. */
export async function unreadCount(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('notification')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A notification's link: its own when it is a path in this service, else its case's page. */
export function linkOf(n: Pick<NotificationRow, 'link' | 'case_id'>): string | null {
  if (n.link && /^\/(?!\/)[A-Za-z0-9\-._~/?=&%]*$/.test(n.link)) return n.link;
  return n.case_id ? `/cases/${n.case_id}` : null;
}
