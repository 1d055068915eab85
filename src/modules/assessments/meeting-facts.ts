import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/** Per case at a site: the next risk review date and the last time a domain was rated high since a date. */
export type RiskFacts = { caseId: string; nextReviewOn: string | null; ratedHighOn: string | null };

/**
 * For the multi-agency meeting's agenda: each case at the site (as far as the user may read its
 * risk compartment) with its latest completed assessment's next review date, and the latest day
 * since `since` ('YYYY-MM-DD') on which a domain was rated high where it had not been high before.
 */
export async function riskFactsAtSite(tx: Tx, siteId: string, since: string): Promise<RiskFacts[]> {
  const result = await sql<{ case_id: string; next_review_on: string | null; rated_high_on: string | null }>`
    select c.id as case_id,
           (select a.next_review_date::text from risk_assessment a
             where a.case_id = c.id and a.status = 'completed'
             order by a.completed_at desc limit 1) as next_review_on,
           (select max(timezone('Europe/London', r.rated_at)::date)::text from risk_rating r
             where r.case_id = c.id and r.rating = 'high'
               and timezone('Europe/London', r.rated_at)::date >= ${since}::date
               and not exists (select 1 from risk_rating p
                                where p.case_id = r.case_id and p.domain = r.domain and p.rated_at < r.rated_at
                                  and p.rating = 'high'
                                  and p.rated_at = (select max(q.rated_at) from risk_rating q
                                                     where q.case_id = r.case_id and q.domain = r.domain
                                                       and q.rated_at < r.rated_at))) as rated_high_on
      from cases c
     where c.site_id = ${siteId}::uuid and c.status not in ('closed', 'declined')`.execute(tx);
  return result.rows.map((r) => ({
    caseId: r.case_id,
    nextReviewOn: r.next_review_on,
    ratedHighOn: r.rated_high_on,
  }));
}
