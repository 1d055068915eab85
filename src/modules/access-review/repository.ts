import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

export type AccessReviewRow = {
  case_id: string;
  case_reference: string;
  user_id: string;
  user_name: string;
  role: string;
  basis: string;
  until: Date | null;
  compartments: string[];
};

/** The database works this out (it alone sees every case and user); it answers only the site's coordinator or an administrator. */
export async function accessReview(tx: Tx, siteId: string): Promise<AccessReviewRow[]> {
  const r = await sql<AccessReviewRow>`select * from recolo_private.access_review(${siteId}::uuid)`.execute(
    tx,
  );
  return r.rows;
}

/**
 * One page of the review: the rows of the next `limit` cases by reference after `after` (null: from
 * the first), and `next`, the reference to continue after, or null when no case follows.
 */
export async function accessReviewPage(
  tx: Tx,
  siteId: string,
  after: string | null,
  limit: number,
): Promise<{ rows: AccessReviewRow[]; next: string | null }> {
  const r = await sql<AccessReviewRow>`
    select * from recolo_private.access_review_page(${siteId}::uuid, ${after}, ${limit}::int)`.execute(tx);
  const end = await sql<{ next: string | null }>`
    select recolo_private.access_review_page_end(${siteId}::uuid, ${after}, ${limit}::int) as next`.execute(
    tx,
  );
  return { rows: r.rows, next: end.rows[0]?.next ?? null };
}

export function siteName(tx: Tx, siteId: string) {
  return tx.selectFrom('site').select(['id', 'name', 'code']).where('id', '=', siteId).executeTakeFirst();
}

export type RefusalRow = {
  at: Date;
  user_name: string | null;
  role: string | null;
  case_id: string | null;
  case_reference: string | null;
  reason: string;
};

/**
 * Refused attempts to open a case, newest first: row-level security shows a site coordinator those
 * about cases at their sites and an administrator all of them (ids only: no case content).
 */
export function refusedAttempts(tx: Tx, limit = 200): Promise<RefusalRow[]> {
  return tx
    .selectFrom('audit.event as e')
    .leftJoin('app_user as u', 'u.id', 'e.user_id')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .select([
      'e.at',
      'u.display_name as user_name',
      'u.role',
      'e.case_id',
      'c.reference as case_reference',
      'e.reason',
    ])
    .where('e.action', '=', 'access.refused')
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
