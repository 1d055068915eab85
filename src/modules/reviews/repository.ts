import { sql, type RawBuilder } from 'kysely';
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
 * date) or that are accepted or active with no completed assessment at all: the unassessed first,
 * by reference, then the assessed by review date, at most `limit` rows. Row-level security limits
 * the cases and assessments to what the user may see (a case's own policy already asks for the
 * team, a grant or the site coordinator); only cases at sites where they may read the risk
 * compartment are listed, and `mine` limits it to the user's own case teams (so break-glass access
 * never puts a case on someone's list).
 *
 * Two index-ordered reads that stop at the limit, never a sort of every open case: at 500,000
 * cases the single query this replaced scanned and sorted 375,000 cases (8.7 s).
 */
export async function listReviewsDue(
  tx: Tx,
  f: { userId: string; mine: boolean; siteId: string | null; horizon: string; limit: number },
): Promise<ReviewRow[]> {
  const scope = sql`c.status not in ('closed', 'declined')
       and c.site_id in (select recolo_private.readable_site_ids('risk'))
       and (${!f.mine}::boolean or ${memberOf(sql.ref('c.id'), { teamOnly: true })})
       and (${f.siteId}::uuid is null or c.site_id = ${f.siteId}::uuid)`;
  const named = (due: RawBuilder<unknown>) => sql<ReviewRow>`
    select d.case_id, d.reference, d.status, s.id as site_id, s.name as site_name,
           p.given_name, p.family_name, d.assessment_id, d.next_review_date, d.completed_at
      from (${due}) d
      join site s on s.id = d.site_id
      join person p on p.id = d.subject_id
     order by d.next_review_date asc nulls first, d.reference`;
  // accepted or active and never assessed (kept on the case by a trigger, migration 037): by
  // reference, on the partial index of such cases
  const unassessed = await named(sql`
      select c.id as case_id, c.reference, c.status, c.site_id, c.subject_id, null::uuid as assessment_id,
             null::text as next_review_date, null::timestamptz as completed_at
        from cases c
       where ${scope} and c.status in ('accepted', 'active')
         and not c.risk_assessed
       order by c.reference
       limit ${f.limit}`).execute(tx);
  if (unassessed.rows.length >= f.limit) return unassessed.rows;
  // the latest completed assessment of a case, due by the horizon: by date, on its index
  const assessed = await named(sql`
      select c.id as case_id, c.reference, c.status, c.site_id, c.subject_id, a.id as assessment_id,
             a.next_review_date::text as next_review_date, a.completed_at
        from risk_assessment a
        join cases c on c.id = a.case_id
       where a.status = 'completed' and a.next_review_date <= ${f.horizon}::date
         and not exists (select 1 from risk_assessment b
                          where b.case_id = a.case_id and b.status = 'completed'
                            and (b.completed_at, b.id) > (a.completed_at, a.id) offset 0)
         and ${scope}
       order by a.next_review_date, c.reference
       limit ${f.limit - unassessed.rows.length}`).execute(tx);
  return [...unassessed.rows, ...assessed.rows];
}
