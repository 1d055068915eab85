import * as evaluation from '../../src/modules/evaluation/repository.js';
import type { FirstEvents } from '../../src/modules/evaluation/framework.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Tx } from '../../src/platform/db/request-tx.js';
import { asUser } from './databases.js';

/**
 * What the evaluation counts as one case's first events after `start` ('YYYY-MM-DD'), as `userId`
 * (an evaluator) would have it: the site's cases loaded, the case chosen as the cohort (migration
 * 043). Undefined when the case is not in the evaluation at all.
 */
export function evaluatedFirstEvents(
  db: Database,
  userId: string,
  siteId: string,
  caseId: string,
  start: string,
): Promise<FirstEvents | undefined> {
  return withCaseAsCohort(
    db,
    userId,
    siteId,
    caseId,
    async (tx, now) => (await evaluation.firstEvents(tx, now)).get(caseId),
    start,
  );
}

/**
 * Runs `work` as `userId` (an evaluator) with one case as the evaluation's cohort (its site's cases
 * loaded, the case chosen from `start`, 'YYYY-MM-DD', or with no start date), as the report's
 * aggregations and the extract read it.
 */
export function withCaseAsCohort<T>(
  db: Database,
  userId: string,
  siteId: string,
  caseId: string,
  work: (tx: Tx, now: Date) => Promise<T>,
  start: string | null = null,
): Promise<T> {
  return asUser(db, userId, async (tx) => {
    const now = new Date();
    await evaluation.caseRows(tx, [siteId], null, null, now);
    await evaluation.useCohort(tx, [{ caseId, start }]);
    return work(tx, now);
  });
}

/** Every row of one event table of the extract for the cohort `withCaseAsCohort` chose. */
export async function eventRows(
  tx: Tx,
  kind: evaluation.EventKind,
  now: Date,
): Promise<evaluation.EventRow[]> {
  const rows: evaluation.EventRow[] = [];
  for await (const batch of evaluation.events(tx, kind, now)) rows.push(...batch);
  return rows;
}

/**
 * The evaluation's victim safety for one case as `userId` (an evaluator) reads it, after marking the
 * case accepted `acceptedDaysAgo` days ago (as the owner, once per case: victim safety is counted
 * around acceptance). Returns its victims and those with a safety plan.
 */
export async function evaluatedVictims(
  db: Database,
  userId: string,
  c: { siteId: string; caseId: string; byUser: string },
  acceptedDaysAgo = 10,
): Promise<{ victims: number; victimsWithPlan: number }> {
  const accepted = await db.owner
    .selectFrom('case_status_event')
    .select('id')
    .where('case_id', '=', c.caseId)
    .where('to_status', '=', 'accepted')
    .executeTakeFirst();
  if (!accepted) {
    await db.owner
      .insertInto('case_status_event')
      .values({
        case_id: c.caseId,
        from_status: 'screening',
        to_status: 'accepted',
        accepted_mode: 'intervention',
        reason: 'Accepted at panel',
        by_user: c.byUser,
        at: new Date(Date.now() - acceptedDaysAgo * 86_400_000),
      })
      .execute();
  }
  return withCaseAsCohort(db, userId, c.siteId, c.caseId, async (tx, now) => {
    const r = await evaluation.victimSafety(tx, 90, now);
    return { victims: r.victims, victimsWithPlan: r.victimsWithPlan };
  });
}
