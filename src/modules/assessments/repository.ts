import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { definitionSchema, type Answers, type Definition, type Rating } from '../instruments/definition.js';
import { findInstrumentVersion, listCurrentInstruments } from '../instruments/service.js';
import { effectiveBand, isRating, type DraftRating, type PlanAction } from './completion.js';

/**
 * Risk assessments in the database. While an assessment is a draft its domain ratings live with
 * its answers (under RATINGS_KEY, since a rating may still lack its rationale); completion writes
 * them to risk_rating, one row per domain, and the assessment is locked from then on.
 */

const RATINGS_KEY = '_ratings';

/** Whether the current user may assess with each of these instrument versions (the same rule RLS uses). */
async function mayAssessWith(tx: Tx, versionIds: string[]): Promise<Map<string, boolean>> {
  if (!versionIds.length) return new Map();
  const rows = await sql<{ id: string; may: boolean }>`
    select v as id, recolo_private.may_assess_with(v) as may
      from unnest(${sql.val(versionIds)}::uuid[]) as v`.execute(tx);
  return new Map(rows.rows.map((r) => [String(r.id), r.may]));
}

/** Defaults filled in, whether or not the stored definition carries them. */
function parsedDefinition(raw: unknown): Definition {
  const parsed = definitionSchema.safeParse(raw);
  return parsed.success ? parsed.data : (raw as Definition);
}

/** One published instrument version (superseded or not), with whether the current user may assess with it. */
export async function instrumentVersion(tx: Tx, versionId: string) {
  const found = await findInstrumentVersion(tx, versionId);
  if (!found) return undefined;
  const may = await mayAssessWith(tx, [found.id]);
  return { ...found, definition: parsedDefinition(found.definition), mayAssess: may.get(found.id) === true };
}

/** The current version of every instrument (screening first), with whether the user may assess with it. */
export async function currentInstruments(tx: Tx) {
  const list = await listCurrentInstruments(tx);
  const may = await mayAssessWith(
    tx,
    list.map((i) => i.id),
  );
  return list.map((i) => ({ ...i, mayAssess: may.get(i.id) === true }));
}

export function splitStored(stored: Record<string, unknown>): {
  answers: Answers;
  ratings: Record<string, DraftRating>;
} {
  const { [RATINGS_KEY]: ratings, ...answers } = stored ?? {};
  return {
    answers: answers as Answers,
    ratings: (ratings && typeof ratings === 'object' ? ratings : {}) as Record<string, DraftRating>,
  };
}

const joinStored = (answers: Answers, ratings: Record<string, DraftRating>): string =>
  JSON.stringify(Object.keys(ratings).length ? { ...answers, [RATINGS_KEY]: ratings } : answers);

function assessmentQuery(tx: Tx) {
  return tx
    .selectFrom('risk_assessment as a')
    .innerJoin('instrument_version as v', 'v.id', 'a.instrument_version_id')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .innerJoin('app_user as u', 'u.id', 'a.assessor_id')
    .leftJoin('app_user as cu', 'cu.id', 'a.completed_by')
    .select([
      'a.id',
      'a.case_id',
      'a.instrument_version_id',
      'a.status',
      'a.assessor_id',
      'u.display_name as assessor',
      'a.co_assessor',
      'a.answers',
      'a.typology',
      'a.computed_band',
      'a.override_band',
      'a.override_reason',
      'a.plan_actions',
      'a.next_review_date',
      'a.started_at',
      'a.updated_at',
      'a.completed_at',
      'cu.display_name as completed_by',
      'a.version',
      'i.id as instrument_id',
      'i.name as instrument_name',
      'i.tier as instrument_tier',
      'v.version as instrument_version',
    ]);
}

export type AssessmentRow = Awaited<ReturnType<ReturnType<typeof assessmentQuery>['execute']>>[number];

export function findAssessment(tx: Tx, caseId: string, id: string) {
  return assessmentQuery(tx).where('a.case_id', '=', caseId).where('a.id', '=', id).executeTakeFirst();
}

export function listAssessments(tx: Tx, caseId: string) {
  return assessmentQuery(tx)
    .where('a.case_id', '=', caseId)
    .orderBy(sql`a.completed_at desc nulls first`)
    .orderBy('a.started_at', 'desc')
    .execute();
}

export async function insertAssessment(
  tx: Tx,
  v: { caseId: string; instrumentVersionId: string; assessorId: string; coAssessor: string },
): Promise<string> {
  const row = await tx
    .insertInto('risk_assessment')
    .values({
      case_id: v.caseId,
      instrument_version_id: v.instrumentVersionId,
      assessor_id: v.assessorId,
      co_assessor: v.coAssessor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type DraftPatch = {
  answers?: Answers;
  ratings?: Record<string, DraftRating>;
  coAssessor?: string;
  typology?: string | null;
  overrideBand?: Rating | null;
  overrideReason?: string | null;
  planActions?: PlanAction[];
  nextReviewDate?: string | null;
};

/**
 * Saves a draft if it is still at `version` (and still a draft); false when someone else saved
 * it first. Answers and ratings are written together, as given in full.
 */
export async function updateDraft(
  tx: Tx,
  id: string,
  version: number,
  current: { answers: Answers; ratings: Record<string, DraftRating> },
  patch: DraftPatch,
): Promise<boolean> {
  const result = await tx
    .updateTable('risk_assessment')
    .set({
      ...(patch.answers || patch.ratings
        ? { answers: joinStored(patch.answers ?? current.answers, patch.ratings ?? current.ratings) }
        : {}),
      ...(patch.coAssessor !== undefined ? { co_assessor: patch.coAssessor } : {}),
      ...(patch.typology !== undefined ? { typology: patch.typology } : {}),
      ...(patch.overrideBand !== undefined ? { override_band: patch.overrideBand } : {}),
      ...(patch.overrideReason !== undefined ? { override_reason: patch.overrideReason } : {}),
      ...(patch.planActions !== undefined ? { plan_actions: JSON.stringify(patch.planActions) } : {}),
      ...(patch.nextReviewDate !== undefined ? { next_review_date: patch.nextReviewDate } : {}),
      updated_at: new Date(),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Completes and locks a draft at `version`, then writes its domain ratings (inserts are all a lock allows). */
export async function completeAssessment(
  tx: Tx,
  a: { id: string; caseId: string; version: number; completedBy: string },
  v: {
    answers: Answers;
    ratings: { domain: string; rating: Rating; rationale: string; ratedBy: string }[];
    typology: string | null;
    computedBand: Rating | null;
    overrideBand: Rating | null;
    overrideReason: string | null;
    planActions: PlanAction[];
    nextReviewDate: string;
  },
): Promise<boolean> {
  const now = new Date();
  const result = await tx
    .updateTable('risk_assessment')
    .set({
      status: 'completed',
      answers: JSON.stringify(v.answers),
      typology: v.typology,
      computed_band: v.computedBand,
      override_band: v.overrideBand,
      override_reason: v.overrideBand ? v.overrideReason : null,
      plan_actions: JSON.stringify(v.planActions),
      next_review_date: v.nextReviewDate,
      completed_at: now,
      completed_by: a.completedBy,
      updated_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', a.id)
    .where('version', '=', a.version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  if (v.ratings.length) {
    await tx
      .insertInto('risk_rating')
      .values(
        v.ratings.map((r) => ({
          assessment_id: a.id,
          case_id: a.caseId,
          domain: r.domain,
          rating: r.rating,
          rationale: r.rationale,
          rated_by: r.ratedBy,
          rated_at: new Date(),
        })),
      )
      .execute();
  }
  return true;
}

export function listRatings(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('risk_rating as r')
    .innerJoin('app_user as u', 'u.id', 'r.rated_by')
    .select(['r.domain', 'r.rating', 'r.rationale', 'r.rated_at', 'u.display_name as rated_by'])
    .where('r.assessment_id', '=', assessmentId)
    .execute();
}

export function listAddenda(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('risk_assessment_addendum as d')
    .innerJoin('app_user as u', 'u.id', 'd.author_id')
    .select(['d.id', 'd.body', 'd.created_at', 'u.display_name as author'])
    .where('d.assessment_id', '=', assessmentId)
    .orderBy('d.created_at')
    .execute();
}

export async function insertAddendum(
  tx: Tx,
  v: { assessmentId: string; caseId: string; body: string; authorId: string },
): Promise<string> {
  const row = await tx
    .insertInto('risk_assessment_addendum')
    .values({ assessment_id: v.assessmentId, case_id: v.caseId, body: v.body, author_id: v.authorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function userNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await tx
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function teamMemberIds(tx: Tx, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('case_team').select('user_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.user_id);
}

/**
 * The latest rating of each domain in the case's completed assessments with this instrument
 * (any version), other than `exceptId`: what "raised to high" is measured against.
 */
export async function previousDomainRatings(
  tx: Tx,
  caseId: string,
  instrumentId: string,
  exceptId: string,
): Promise<Map<string, Rating>> {
  const rows = await tx
    .selectFrom('risk_rating as r')
    .innerJoin('risk_assessment as a', 'a.id', 'r.assessment_id')
    .innerJoin('instrument_version as v', 'v.id', 'a.instrument_version_id')
    .select(['r.domain', 'r.rating'])
    .where('a.case_id', '=', caseId)
    .where('a.status', '=', 'completed')
    .where('a.id', '<>', exceptId)
    .where('v.instrument_id', '=', instrumentId)
    .orderBy('a.completed_at', 'asc')
    .execute();
  const out = new Map<string, Rating>();
  for (const r of rows) out.set(r.domain, r.rating);
  return out;
}

export type CompletedAssessment = {
  id: string;
  completedAt: Date;
  instrumentName: string;
  instrumentTier: 'screening' | 'spj';
  computedBand: Rating | null;
  overrideBand: Rating | null;
  effectiveBand: Rating | null;
  typology: string | null;
  nextReviewDate: string | null;
  ratings: { domain: string; title: string; rating: Rating; rationale: string; ratedBy: string }[];
};

/**
 * For the risk overview: the case's completed assessments, oldest first, each with its domain
 * ratings (domain id and its section title), rationale, who rated it, and the band that counts.
 * Rows are what row-level security lets the current user see: call it after requireRead(…, 'risk').
 */
export async function completedAssessments(tx: Tx, caseId: string): Promise<CompletedAssessment[]> {
  const rows = await tx
    .selectFrom('risk_assessment as a')
    .innerJoin('instrument_version as v', 'v.id', 'a.instrument_version_id')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .select([
      'a.id',
      'a.completed_at',
      'a.computed_band',
      'a.override_band',
      'a.typology',
      'a.next_review_date',
      'i.name',
      'i.tier',
      'v.definition',
    ])
    .where('a.case_id', '=', caseId)
    .where('a.status', '=', 'completed')
    .orderBy('a.completed_at', 'asc')
    .execute();
  if (!rows.length) return [];
  const ratings = await tx
    .selectFrom('risk_rating as r')
    .innerJoin('app_user as u', 'u.id', 'r.rated_by')
    .select(['r.assessment_id', 'r.domain', 'r.rating', 'r.rationale', 'u.display_name as rated_by'])
    .where(
      'r.assessment_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => {
    const def = definitionSchema.safeParse(r.definition);
    const sections = def.success ? def.data.sections : [];
    const order = (domain: string) => {
      const i = sections.findIndex((s) => s.id === domain);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const computed = isRating(r.computed_band) ? r.computed_band : null;
    const override = isRating(r.override_band) ? r.override_band : null;
    return {
      id: r.id,
      completedAt: r.completed_at as Date,
      instrumentName: r.name,
      instrumentTier: r.tier,
      computedBand: computed,
      overrideBand: override,
      effectiveBand: effectiveBand(computed, override),
      typology: r.typology,
      nextReviewDate: r.next_review_date,
      ratings: ratings
        .filter((x) => x.assessment_id === r.id)
        .sort((x, y) => order(x.domain) - order(y.domain))
        .map((x) => ({
          domain: x.domain,
          title: sections.find((s) => s.id === x.domain)?.title ?? x.domain,
          rating: x.rating,
          rationale: x.rationale,
          ratedBy: x.rated_by,
        })),
    };
  });
}
