import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import type { PlanComponent, PlanGoal } from '../../platform/db/schema.js';

/* The intervention's queries: templates, formulation, plan, outcome measures, discharge. */

export function currentTemplates(tx: Tx, kind: 'formulation' | 'outcome_measure') {
  return tx
    .selectFrom('clinical_template')
    .select(['id', 'code', 'version', 'name', 'definition', 'is_template', 'published_at'])
    .where('kind', '=', kind)
    .where('superseded_at', 'is', null)
    .orderBy('name')
    .execute();
}

export function templateById(tx: Tx, id: string) {
  return tx
    .selectFrom('clinical_template')
    .select(['id', 'kind', 'code', 'version', 'name', 'definition', 'is_template'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function allTemplates(tx: Tx) {
  return tx
    .selectFrom('clinical_template')
    .select(['id', 'kind', 'code', 'version', 'name', 'is_template', 'published_at', 'superseded_at'])
    .orderBy('kind')
    .orderBy('code')
    .orderBy('version', 'desc')
    .execute();
}

export async function latestTemplateVersion(tx: Tx, kind: string, code: string): Promise<number> {
  const row = await tx
    .selectFrom('clinical_template')
    .select(sql<number | null>`max(version)`.as('v'))
    .where('kind', '=', kind as 'formulation')
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** The case team with each member's role and agency (for leads, co-authors and agreements). */
export function teamOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_team as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .select([
      'u.id',
      'u.display_name as name',
      'u.role',
      'u.agency_id',
      'a.name as agency_name',
      'a.kind as agency_kind',
    ])
    .where('t.case_id', '=', caseId)
    .orderBy('u.display_name')
    .execute();
}
export type TeamMember = Awaited<ReturnType<typeof teamOf>>[number];

// ---- formulation --------------------------------------------------------------------------------

export function formulationVersions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('formulation as f')
    .innerJoin('app_user as u', 'u.id', 'f.author_id')
    .leftJoin('app_user as s', 's.id', 'f.signed_off_by')
    .innerJoin('clinical_template as t', 't.id', 'f.template_id')
    .select([
      'f.id',
      'f.version',
      'f.template_id',
      'f.answers',
      'f.typology',
      'f.co_author_ids',
      'f.row_version',
      'f.signed_off_at',
      'f.created_at',
      'f.updated_at',
      'u.display_name as author',
      's.display_name as signed_off_by',
      't.definition as template',
      't.name as template_name',
    ])
    .where('f.case_id', '=', caseId)
    .orderBy('f.version', 'desc')
    .execute();
}
export type FormulationRow = Awaited<ReturnType<typeof formulationVersions>>[number];

export function userNames(tx: Tx, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([] as { id: string; display_name: string }[]);
  return tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
}

export async function insertFormulation(
  tx: Tx,
  v: {
    caseId: string;
    version: number;
    templateId: string;
    answers: Record<string, string>;
    typology: string | null;
    authorId: string;
    coAuthorIds: string[];
  },
): Promise<string> {
  const row = await tx
    .insertInto('formulation')
    .values({
      case_id: v.caseId,
      version: v.version,
      template_id: v.templateId,
      answers: JSON.stringify(v.answers),
      typology: v.typology,
      author_id: v.authorId,
      co_author_ids: v.coAuthorIds,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Saves a draft's text when its row version is still `rowVersion`; false when it is stale or signed off. */
export async function updateDraft(
  tx: Tx,
  id: string,
  rowVersion: number,
  v: { answers: Record<string, string>; typology: string | null; coAuthorIds: string[] },
): Promise<boolean> {
  const r = await tx
    .updateTable('formulation')
    .set({
      answers: JSON.stringify(v.answers),
      typology: v.typology,
      co_author_ids: v.coAuthorIds,
      row_version: sql`row_version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .where('signed_off_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function signOff(tx: Tx, id: string, rowVersion: number, userId: string): Promise<boolean> {
  const r = await tx
    .updateTable('formulation')
    .set({ signed_off_by: userId, signed_off_at: new Date(), row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .where('signed_off_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function sharedSummaries(tx: Tx, caseId: string) {
  return tx
    .selectFrom('formulation_summary as s')
    .innerJoin('app_user as u', 'u.id', 's.shared_by')
    .select(['s.id', 's.formulation_id', 's.summary', 's.created_at', 'u.display_name as shared_by'])
    .where('s.case_id', '=', caseId)
    .orderBy('s.created_at', 'desc')
    .execute();
}

export async function insertSummary(
  tx: Tx,
  v: { caseId: string; formulationId: string; summary: string; by: string },
): Promise<string> {
  const row = await tx
    .insertInto('formulation_summary')
    .values({ case_id: v.caseId, formulation_id: v.formulationId, summary: v.summary, shared_by: v.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---- intervention plan ----------------------------------------------------------------------------

export function planVersions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('intervention_plan as p')
    .innerJoin('app_user as u', 'u.id', 'p.author_id')
    .select([
      'p.id',
      'p.version',
      'p.risk_assessment_id',
      'p.goals',
      'p.components',
      'p.review_date',
      'p.review_note',
      'p.created_at',
      'u.display_name as author',
    ])
    .where('p.case_id', '=', caseId)
    .orderBy('p.version', 'desc')
    .execute();
}
export type PlanRow = Awaited<ReturnType<typeof planVersions>>[number];

/** The clinical rationale of each plan version (empty for those who may not read clinical). */
export function planRationales(tx: Tx, caseId: string) {
  return tx
    .selectFrom('intervention_plan_rationale')
    .select(['plan_id', 'rationale'])
    .where('case_id', '=', caseId)
    .execute();
}

export async function latestPlanVersion(tx: Tx, caseId: string): Promise<number> {
  const row = await tx
    .selectFrom('intervention_plan')
    .select(sql<number | null>`max(version)`.as('v'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export async function insertPlan(
  tx: Tx,
  v: {
    caseId: string;
    version: number;
    riskAssessmentId: string;
    goals: PlanGoal[];
    components: PlanComponent[];
    reviewDate: string;
    reviewNote: string;
    authorId: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('intervention_plan')
    .values({
      case_id: v.caseId,
      version: v.version,
      risk_assessment_id: v.riskAssessmentId,
      goals: JSON.stringify(v.goals),
      components: JSON.stringify(v.components),
      review_date: v.reviewDate,
      review_note: v.reviewNote,
      author_id: v.authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRationale(
  tx: Tx,
  v: { caseId: string; planId: string; rationale: string; authorId: string },
): Promise<void> {
  await tx
    .insertInto('intervention_plan_rationale')
    .values({ case_id: v.caseId, plan_id: v.planId, rationale: v.rationale, author_id: v.authorId })
    .execute();
}

// ---- outcome measures ----------------------------------------------------------------------------

/** The case's outcome measure scores standing (not withdrawn), by measure, oldest first. */
export function scoresOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('outcome_measure_score as s')
    .innerJoin('app_user as u', 'u.id', 's.author_id')
    .innerJoin('clinical_template as t', 't.id', 's.template_id')
    .select([
      's.id',
      's.template_id',
      's.stage',
      's.administered_on',
      's.score',
      's.notes',
      's.created_at',
      'u.display_name as author',
      't.code',
      't.name',
      't.version as template_version',
      't.definition',
    ])
    .where('s.case_id', '=', caseId)
    .where('s.withdrawn_at', 'is', null)
    .orderBy('t.code')
    .orderBy('s.administered_on')
    .orderBy('s.created_at')
    .execute();
}
export type ScoreRow = Awaited<ReturnType<typeof scoresOf>>[number];

/**
 * The case's outcome measure scores withdrawn as entered in error, newest withdrawal first: the
 * measure, stage, date and score, and when, by whom and why they were withdrawn.
 */
export function withdrawnScoresOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('outcome_measure_score as s')
    .innerJoin('app_user as u', 'u.id', 's.withdrawn_by')
    .innerJoin('clinical_template as t', 't.id', 's.template_id')
    .select([
      's.id',
      't.name',
      's.stage',
      's.administered_on',
      's.score',
      's.withdrawn_at',
      'u.display_name as withdrawn_by',
      's.withdrawn_reason',
    ])
    .where('s.case_id', '=', caseId)
    .where('s.withdrawn_at', 'is not', null)
    .orderBy('s.withdrawn_at', 'desc')
    .execute();
}

export async function insertScore(
  tx: Tx,
  v: {
    caseId: string;
    templateId: string;
    stage: 'pre' | 'during' | 'post' | 'follow_up';
    administeredOn: string;
    answers: Record<string, number>;
    score: number;
    notes: string;
    authorId: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('outcome_measure_score')
    .values({
      case_id: v.caseId,
      template_id: v.templateId,
      stage: v.stage,
      administered_on: v.administeredOn,
      answers: JSON.stringify(v.answers),
      score: v.score,
      notes: v.notes,
      author_id: v.authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---- discharge ---------------------------------------------------------------------------------------

/** The case's discharge standing (not withdrawn as entered in error), if any: at most one. */
export function dischargeOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('discharge as d')
    .innerJoin('app_user as u', 'u.id', 'd.recorded_by')
    .select([
      'd.id',
      'd.kind',
      'd.unplanned_reason',
      'd.reason',
      'd.discharged_on',
      'd.letter_to',
      'd.letter',
      'd.created_at',
      'u.display_name as recorded_by',
    ])
    .where('d.case_id', '=', caseId)
    .where('d.withdrawn_at', 'is', null)
    .executeTakeFirst();
}

/** The case's discharges withdrawn as entered in error, newest withdrawal first, with who and why. */
export function withdrawnDischargesOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('discharge as d')
    .innerJoin('app_user as u', 'u.id', 'd.recorded_by')
    .innerJoin('app_user as w', 'w.id', 'd.withdrawn_by')
    .select([
      'd.id',
      'd.kind',
      'd.unplanned_reason',
      'd.reason',
      'd.discharged_on',
      'd.letter_to',
      'd.created_at',
      'u.display_name as recorded_by',
      'd.withdrawn_at',
      'd.withdrawn_reason',
      'w.display_name as withdrawn_by',
    ])
    .where('d.case_id', '=', caseId)
    .where('d.withdrawn_at', 'is not', null)
    .orderBy('d.withdrawn_at', 'desc')
    .execute();
}

/** Whether the case has a discharge withdrawn as entered in error (and none standing to withdraw). */
export async function hasWithdrawnDischarge(tx: Tx, caseId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('discharge')
    .select('id')
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is not', null)
    .executeTakeFirst();
  return !!row;
}

export function dischargeSummaryOf(tx: Tx, dischargeId: string) {
  return tx
    .selectFrom('discharge_summary')
    .select(['id', 'summary'])
    .where('discharge_id', '=', dischargeId)
    .executeTakeFirst();
}

export async function insertDischarge(
  tx: Tx,
  v: {
    caseId: string;
    kind: 'planned' | 'unplanned';
    unplannedReason: string | null;
    reason: string;
    dischargedOn: string;
    letterTo: string;
    letter: string;
    by: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('discharge')
    .values({
      case_id: v.caseId,
      kind: v.kind,
      unplanned_reason: v.unplannedReason,
      reason: v.reason,
      discharged_on: v.dischargedOn,
      letter_to: v.letterTo,
      letter: v.letter,
      recorded_by: v.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertDischargeSummary(
  tx: Tx,
  v: { caseId: string; dischargeId: string; summary: string; by: string },
): Promise<void> {
  await tx
    .insertInto('discharge_summary')
    .values({ case_id: v.caseId, discharge_id: v.dischargeId, summary: v.summary, author_id: v.by })
    .execute();
}

export function agreementsOf(tx: Tx, dischargeId: string) {
  return tx
    .selectFrom('discharge_agreement as g')
    .innerJoin('app_user as u', 'u.id', 'g.agreed_by')
    .innerJoin('agency as a', 'a.id', 'g.agency_id')
    .select(['g.id', 'g.agency_id', 'g.agreed_at', 'u.display_name as agreed_by', 'a.name as agency'])
    .where('g.discharge_id', '=', dischargeId)
    .orderBy('g.agreed_at')
    .execute();
}

export async function insertAgreement(
  tx: Tx,
  v: { caseId: string; dischargeId: string; agencyId: string; by: string },
): Promise<string> {
  const row = await tx
    .insertInto('discharge_agreement')
    .values({ case_id: v.caseId, discharge_id: v.dischargeId, agency_id: v.agencyId, agreed_by: v.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Locks the case's row until the transaction ends, so withdrawing its discharge and closing the
 * case after it cannot both go ahead at once (each locks first, then reads what the other writes).
 * Row-level security: a user who may not change the case locks nothing (and is refused later).
 */
export async function lockCase(tx: Tx, caseId: string): Promise<void> {
  await tx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
}
