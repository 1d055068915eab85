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

export function siteName(tx: Tx, siteId: string) {
  return tx.selectFrom('site').select(['id', 'name', 'code']).where('id', '=', siteId).executeTakeFirst();
}
