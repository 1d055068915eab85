import { sql } from 'kysely';
import { auditCase, canRead, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid, type FieldError } from '../../platform/errors.js';
import { completedAssessments } from '../assessments/public.js';
import { latestSharedSummary } from './formulation.js';
import * as repo from './repository.js';
import { COMPONENTS, GOAL_AREAS, planProblem, type ComponentKind, type GoalArea } from './rules.js';
import type { PlanInput } from './schemas.js';

/**
 * The intervention plan. Goals (each with its measure), planned components with their lead,
 * frequency and number of sessions, and the review date are core: the whole team works to them.
 * The clinical rationale is a separate row in the clinical compartment. Every review saves a new
 * version (a stale one is refused). Written by the health team, and only once a risk assessment on
 * the case has been completed (issue 14, item 7).
 */

export const STALE_PLAN =
  'Someone else changed this plan after you opened it. What you entered has not been saved: check it against the current plan and save again.';

function planView(r: repo.PlanRow, rationale: string | null) {
  return {
    id: r.id,
    version: r.version,
    goals: r.goals.map((g) => ({ ...g, areaLabel: GOAL_AREAS[g.area as GoalArea] ?? g.area })),
    components: r.components.map((c) => ({
      ...c,
      componentLabel: COMPONENTS[c.component as ComponentKind] ?? c.component,
    })),
    reviewDate: r.review_date,
    reviewNote: r.review_note,
    riskAssessmentId: r.risk_assessment_id,
    author: r.author,
    createdAt: r.created_at,
    rationale,
  };
}
export type PlanView = ReturnType<typeof planView>;

export const planToApi = (p: PlanView) => ({
  id: p.id,
  version: p.version,
  goals: p.goals.map(({ area, goal, measure }) => ({ area, goal, measure })),
  components: p.components.map(({ component, leadId, lead, frequency, plannedSessions }) => ({
    component,
    leadId,
    lead,
    frequency,
    plannedSessions,
  })),
  reviewDate: p.reviewDate,
  reviewNote: p.reviewNote,
  riskAssessmentId: p.riskAssessmentId,
  author: p.author,
  createdAt: p.createdAt.toISOString(),
  rationale: p.rationale,
});

/** Every version of the plan, newest first; rationales only for those who read clinical. */
export async function planVersions(tx: Tx, caseId: string, readsClinical: boolean) {
  const [rows, rationales] = await Promise.all([
    repo.planVersions(tx, caseId),
    readsClinical ? repo.planRationales(tx, caseId) : Promise.resolve([]),
  ]);
  return rows.map((r) => planView(r, rationales.find((x) => x.plan_id === r.id)?.rationale ?? null));
}

/** The current plan (core), for the overview: null when there is none or the user may not read core. */
export async function currentPlan(tx: Tx, caseId: string) {
  return (await planVersions(tx, caseId, false))[0] ?? null;
}

export async function planPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, channel: string) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const readsClinical = canRead(h.access, 'clinical');
  const all = await planVersions(tx, caseId, readsClinical);
  const summary = await latestSharedSummary(tx, caseId, h.access);
  const assessments = await completedAssessments(tx, caseId);
  await auditCase(tx, actor, h.access, {
    action: 'intervention_plan.view',
    recordType: 'intervention_plan',
    ...(all[0] ? { recordId: all[0].id } : {}),
    details: { versions: all.length, channel, clinical: readsClinical },
  });
  return {
    h,
    current: all[0] ?? null,
    history: all.slice(1),
    summary,
    readsClinical,
    canWrite: h.access.levels.clinical === 'write' && h.access.levels.core === 'write',
    problem: planProblem(assessments.length),
  };
}

export async function planEditContext(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  audit: boolean,
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'write the intervention plan');
  requireWrite(h.access, 'core', 'write the intervention plan');
  const all = await planVersions(tx, caseId, true);
  const team = await repo.teamOf(tx, caseId);
  const assessments = await completedAssessments(tx, caseId);
  if (audit)
    await auditCase(tx, actor, h.access, {
      action: 'intervention_plan.edit.view',
      recordType: 'intervention_plan',
      ...(all[0] ? { recordId: all[0].id } : {}),
      details: { version: all[0]?.version ?? 0 },
    });
  return { h, current: all[0] ?? null, team, problem: planProblem(assessments.length) };
}

/**
 * Saves a new version of the plan: refused without a completed risk assessment, when a lead is not
 * on the case team, or when the version revised is no longer the latest.
 */
export async function savePlan(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: PlanInput,
): Promise<{ id: string; version: number }> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'write the intervention plan');
  requireWrite(h.access, 'core', 'write the intervention plan');
  const assessments = await completedAssessments(tx, caseId);
  const problem = planProblem(assessments.length);
  if (problem)
    throw new Invalid('No completed risk assessment', [{ field: 'plan-form', message: problem }], {
      detail: problem,
    });
  const team = await repo.teamOf(tx, caseId);
  const errors: FieldError[] = [];
  input.components.forEach((c, i) => {
    if (!team.some((m) => m.id === c.leadId))
      errors.push({
        field: `components.${i}.leadId`,
        message: `Component ${i + 1}: the lead must be on the case team`,
      });
  });
  if (errors.length) throw new Invalid('The plan has not been saved', errors);
  const latest = await repo.latestPlanVersion(tx, caseId);
  const stale = () =>
    new Conflict('Someone else changed this plan', STALE_PLAN, [{ field: 'plan-form', message: STALE_PLAN }]);
  if (latest !== input.expectedVersion) throw stale();
  const version = latest + 1;
  await sql`savepoint plan_save`.execute(tx);
  let id: string;
  try {
    id = await repo.insertPlan(tx, {
      caseId,
      version,
      riskAssessmentId: assessments[assessments.length - 1]!.id,
      goals: input.goals,
      components: input.components.map((c) => ({
        ...c,
        lead: team.find((m) => m.id === c.leadId)!.name,
      })),
      reviewDate: input.reviewDate,
      reviewNote: input.reviewNote,
      authorId: user.id,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint plan_save`.execute(tx);
    throw stale();
  }
  await sql`release savepoint plan_save`.execute(tx);
  if (input.rationale)
    await repo.insertRationale(tx, { caseId, planId: id, rationale: input.rationale, authorId: user.id });
  await auditCase(tx, actor, h.access, {
    action: 'intervention_plan.created',
    recordType: 'intervention_plan',
    recordId: id,
    details: {
      version,
      goals: input.goals.length,
      components: input.components.length,
      rationale: !!input.rationale,
    },
  });
  return { id, version };
}
