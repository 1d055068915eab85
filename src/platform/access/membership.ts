import { sql, type RawBuilder } from 'kysely';

/**
 * SQL condition: the signed-in user is on the team of the case whose id is `caseId` (a column
 * reference such as `sql.ref('c.id')`) or, unless `teamOnly`, holds an unexpired break-glass grant
 * for it (recolo_private.own_case_links, migration 013).
 *
 * Two plans in one condition, chosen once per statement by `on_many_teams()` (2,000 teams or
 * more): for most users the set of their cases is small, so it is built once and hashed; for a
 * user on thousands of teams an index probe per row considered costs less than building the set
 * (100,000 memberships took 300–580 ms a statement). `offset 0` stops PostgreSQL turning the probe
 * back into that set. Row-level security still decides what is visible; this only narrows a list.
 */
export function memberOf(
  caseId: RawBuilder<unknown>,
  { teamOnly }: { teamOnly: boolean },
): RawBuilder<boolean> {
  const which = teamOnly ? sql` and o.on_team` : sql``;
  return sql<boolean>`(((select recolo_private.on_many_teams())
      and exists (select 1 from recolo_private.own_case_links o where o.case_id = ${caseId}${which} offset 0))
    or (not (select recolo_private.on_many_teams())
      and ${caseId} in (select o.case_id from recolo_private.own_case_links o where true${which})))`;
}
