import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { memberOf } from '../../platform/access/membership.js';

export type ReviewRow = {
  case_id: string;
  reference: string;
  status: string;
  site_id: string;
  site_name: string;
  given_name: string;
  family_name: string;
  assessment_id: string | null;
  next_review_date: string | null;
  completed_at: Date | null;
};

/**
 * Open cases whose risk review is due by `horizon` (the latest completed assessment's next review
 * date) or that are accepted or active with no completed assessment at all. Row-level security
 * limits the cases and assessments to what the user may see; only cases whose risk compartment
 * they may read are listed, and `mine` limits it to the user's own case teams (so break-glass
 * access never puts a case on someone's list). At most `limit` rows, soonest first.
 */
export async function listReviewsDue(
  tx: Tx,
  f: { userId: string; mine: boolean; siteId: string | null; horizon: string; limit: number },
): Promise<ReviewRow[]> {
  const result = await sql<ReviewRow>`
    select c.id as case_id, c.reference, c.status, s.id as site_id, s.name as site_name,
           p.given_name, p.family_name,
           la.id as assessment_id, la.next_review_date::text as next_review_date, la.completed_at
      from cases c
      join site s on s.id = c.site_id
      join person p on p.id = c.subject_id
      left join lateral (
        select a.id, a.next_review_date, a.completed_at
          from risk_assessment a
         where a.case_id = c.id and a.status = 'completed'
         order by a.completed_at desc
         limit 1
      ) la on true
     where c.status not in ('closed', 'declined')
       -- may read the risk compartment (what can_read(c.id, 'risk') decides), as sets computed once
       and c.site_id in (select recolo_private.readable_site_ids('risk'))
       and ((select recolo_private.current_user_role()) = 'site_coordinator'
            or ${memberOf(sql.ref('c.id'), { teamOnly: false })})
       and (${!f.mine}::boolean or ${memberOf(sql.ref('c.id'), { teamOnly: true })})
       and (${f.siteId}::uuid is null or c.site_id = ${f.siteId}::uuid)
       and ((la.id is not null and la.next_review_date <= ${f.horizon}::date)
            or (la.id is null and c.status in ('accepted', 'active')))
     order by la.next_review_date asc nulls first, c.reference
     limit ${f.limit}`.execute(tx);
  return result.rows;
}
