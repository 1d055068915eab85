import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/** A case at one of the user's sites, whether or not they may see it yet. */
export async function caseIdAtMySites(tx: Tx, reference: string): Promise<string | null> {
  const r = await sql<{
    id: string | null;
  }>`select recolo_private.case_id_for_break_glass(${reference}) as id`.execute(tx);
  return r.rows[0]?.id ?? null;
}

export async function insertGrant(
  tx: Tx,
  g: { caseId: string; userId: string; reasonCode: string; reasonText: string; expiresAt: Date },
): Promise<string> {
  const row = await tx
    .insertInto('break_glass_grant')
    .values({
      case_id: g.caseId,
      user_id: g.userId,
      reason_code: g.reasonCode,
      reason_text: g.reasonText,
      expires_at: g.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Row-level security shows a coordinator the grants at their sites, and anyone else their own. */
export function listGrants(tx: Tx) {
  return tx
    .selectFrom('break_glass_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .leftJoin('app_user as r', 'r.id', 'g.reviewed_by')
    .leftJoin('cases as c', 'c.id', 'g.case_id')
    .select([
      'g.id',
      'g.case_id',
      'c.reference',
      'g.reason_code',
      'g.reason_text',
      'g.granted_at',
      'g.expires_at',
      'g.reviewed_at',
      'g.review_note',
      'u.display_name as user_name',
      'u.role as user_role',
      'r.display_name as reviewer_name',
    ])
    .orderBy('g.reviewed_at', (ob) => ob.desc().nullsFirst())
    .orderBy('g.granted_at', 'desc')
    .limit(500)
    .execute();
}

export async function markReviewed(tx: Tx, id: string, reviewerId: string, note: string): Promise<boolean> {
  const r = await tx
    .updateTable('break_glass_grant')
    .set({ reviewed_by: reviewerId, reviewed_at: new Date(), review_note: note })
    .where('id', '=', id)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
