import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { completedAssessments } from '../assessments/public.js';

export type PlanAction = { action: string; owner: string; reviewOn: string };

/** Every version of every safety plan on the case, newest version first within each victim. */
export function listPlanVersions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('safety_plan as s')
    .innerJoin('app_user as u', 'u.id', 's.author_id')
    .leftJoin('risk_assessment as a', 'a.id', 's.risk_assessment_id')
    .select([
      's.id',
      's.case_victim_id',
      's.version',
      's.summary',
      's.actions',
      's.review_date',
      's.created_at',
      's.risk_assessment_id',
      'u.display_name as author',
      'a.completed_at as assessment_completed_at',
      'a.computed_band as assessment_computed_band',
      'a.override_band as assessment_override_band',
    ])
    .where('s.case_id', '=', caseId)
    .orderBy('s.case_victim_id')
    .orderBy('s.version', 'desc')
    .execute();
}

export type PlanVersionRow = Awaited<ReturnType<typeof listPlanVersions>>[number];

/** The victims on the case, as safety plans are kept per victim. */
export { listVictims as caseVictims } from '../cases/public.js';

/**
 * The victims on the case withdrawn as entered in error (migration 031), with who withdrew them,
 * when and why: their safety plans stay, listed apart, never as current plans.
 */
export function withdrawnCaseVictims(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_victim as v')
    .innerJoin('person as p', 'p.id', 'v.victim_id')
    .leftJoin('app_user as w', 'w.id', 'v.withdrawn_by')
    .select([
      'v.id',
      'v.relationship',
      'p.given_name',
      'p.family_name',
      'v.withdrawn_at',
      'w.display_name as withdrawn_by',
      'v.withdrawn_reason',
    ])
    .where('v.case_id', '=', caseId)
    .where('v.withdrawn_at', 'is not', null)
    .orderBy('v.withdrawn_at')
    .execute();
}

/** The newest version number of the victim's plan, or 0 when there is none yet. */
export async function latestVersion(tx: Tx, caseId: string, caseVictimId: string): Promise<number> {
  const row = await tx
    .selectFrom('safety_plan')
    .select(sql<number | null>`max(version)`.as('version'))
    .where('case_id', '=', caseId)
    .where('case_victim_id', '=', caseVictimId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The case's most recently completed risk assessment (as the user may see it), if any. */
export async function latestCompletedAssessmentId(tx: Tx, caseId: string): Promise<string | null> {
  const completed = await completedAssessments(tx, caseId);
  return completed.length ? completed[completed.length - 1]!.id : null;
}

export async function insertPlanVersion(
  tx: Tx,
  v: {
    caseId: string;
    caseVictimId: string;
    version: number;
    riskAssessmentId: string | null;
    summary: string;
    actions: PlanAction[];
    reviewDate: string;
    authorId: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('safety_plan')
    .values({
      case_id: v.caseId,
      case_victim_id: v.caseVictimId,
      version: v.version,
      risk_assessment_id: v.riskAssessmentId,
      summary: v.summary,
      actions: JSON.stringify(v.actions),
      review_date: v.reviewDate,
      author_id: v.authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
