import type { Tx } from '../../platform/db/request-tx.js';

/** The case's risk management plans standing (not withdrawn), newest first, with their authors. */
export function listPlans(tx: Tx, caseId: string) {
  return tx
    .selectFrom('risk_plan as p')
    .innerJoin('app_user as u', 'u.id', 'p.author_id')
    .select([
      'p.id',
      'p.risk_level',
      'p.summary',
      'p.next_review_date',
      'p.created_at',
      'u.display_name as author',
    ])
    .where('p.case_id', '=', caseId)
    .where('p.withdrawn_at', 'is', null)
    .orderBy('p.created_at', 'desc')
    .execute();
}

/** The case's risk plans withdrawn as entered in error, newest first, with who withdrew each and why. */
export function listWithdrawnPlans(tx: Tx, caseId: string) {
  return tx
    .selectFrom('risk_plan as p')
    .innerJoin('app_user as u', 'u.id', 'p.withdrawn_by')
    .select([
      'p.id',
      'p.risk_level',
      'p.created_at',
      'p.withdrawn_at',
      'p.withdrawn_reason',
      'u.display_name as withdrawn_by',
    ])
    .where('p.case_id', '=', caseId)
    .where('p.withdrawn_at', 'is not', null)
    .orderBy('p.withdrawn_at', 'desc')
    .execute();
}

export async function insertPlan(
  tx: Tx,
  caseId: string,
  authorId: string,
  plan: { riskLevel: string; summary: string; nextReviewDate: string },
): Promise<string> {
  const row = await tx
    .insertInto('risk_plan')
    .values({
      case_id: caseId,
      author_id: authorId,
      risk_level: plan.riskLevel,
      summary: plan.summary,
      next_review_date: plan.nextReviewDate,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Every assessment on the case, drafts and completed, with its instrument and assessor. Row-level
 * security limits it to users who may read the risk compartment.
 */
export function listAssessments(tx: Tx, caseId: string) {
  return tx
    .selectFrom('risk_assessment as a')
    .innerJoin('instrument_version as v', 'v.id', 'a.instrument_version_id')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .innerJoin('app_user as u', 'u.id', 'a.assessor_id')
    .select([
      'a.id',
      'a.status',
      'a.computed_band',
      'a.override_band',
      'a.override_reason',
      'a.next_review_date',
      'a.started_at',
      'a.completed_at',
      'i.name as instrument',
      'i.tier',
      'v.version as instrument_version',
      'v.definition',
      'u.display_name as assessor',
    ])
    .where('a.case_id', '=', caseId)
    .orderBy('a.started_at', 'desc')
    .execute();
}

/** The ratings of the case's completed assessments, oldest first, with who rated each. */
export function listCompletedRatings(tx: Tx, caseId: string) {
  return tx
    .selectFrom('risk_rating as r')
    .innerJoin('risk_assessment as a', 'a.id', 'r.assessment_id')
    .innerJoin('app_user as u', 'u.id', 'r.rated_by')
    .select([
      'r.id',
      'r.assessment_id',
      'r.domain',
      'r.rating',
      'r.rationale',
      'r.rated_at',
      'a.completed_at',
      'u.display_name as rated_by',
    ])
    .where('r.case_id', '=', caseId)
    .where('a.status', '=', 'completed')
    .orderBy('a.completed_at')
    .orderBy('r.domain')
    .execute();
}

export type AssessmentRow = Awaited<ReturnType<typeof listAssessments>>[number];
export type RatingRow = Awaited<ReturnType<typeof listCompletedRatings>>[number];
