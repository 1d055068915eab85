import { sql } from 'kysely';
import { auditCase, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { NotFound, type FieldError } from '../../platform/errors.js';
import { fieldErrorsFrom } from '../../platform/errors.js';
import type { Rating } from '../instruments/definition.js';
import { RATINGS } from '../instruments/definition.js';
import { openCase } from '../../platform/case-context.js';
import { withdrawalOf } from '../../platform/corrections/index.js';
import * as repo from './repository.js';
import { MAX_FORM_ACTIONS, planAction, planFields, type PlanInput, type PlanVersionApi } from './schemas.js';

/**
 * Safety plans: one per victim on a case, written by the advocate (victim_voice write) and read by
 * the team. Every save is a new version, the earlier ones kept; each version links the case's
 * latest completed risk assessment at the time it was saved.
 */

export const STALE_MESSAGE =
  'Someone else changed this plan after you opened it. What you entered has not been saved: check it against the current plan and save again.';

const bandOf = (computed: string | null, override: string | null): Rating | null => {
  const b = override ?? computed;
  return b && (RATINGS as readonly string[]).includes(b) ? (b as Rating) : null;
};

function versionView(r: repo.PlanVersionRow) {
  return {
    id: r.id,
    version: r.version,
    summary: r.summary,
    actions: r.actions,
    reviewDate: r.review_date,
    author: r.author,
    createdAt: r.created_at as Date,
    riskAssessment: r.risk_assessment_id
      ? {
          id: r.risk_assessment_id,
          completedAt: (r.assessment_completed_at as Date | null) ?? null,
          effectiveBand: bandOf(r.assessment_computed_band, r.assessment_override_band),
        }
      : null,
  };
}
export type PlanVersionView = ReturnType<typeof versionView>;

/**
 * Each victim on the case with their current plan and the earlier versions, newest first; and,
 * apart, each victim withdrawn as entered in error who has a plan, with the withdrawal and every
 * version of their plan (none of them a current plan, none revised any more).
 */
export async function plansByVictim(tx: Tx, caseId: string) {
  const [victims, withdrawn, versions] = await Promise.all([
    repo.caseVictims(tx, caseId),
    repo.withdrawnCaseVictims(tx, caseId),
    repo.listPlanVersions(tx, caseId),
  ]);
  const versionsOf = (caseVictimId: string) =>
    versions.filter((p) => p.case_victim_id === caseVictimId).map(versionView);
  return {
    victims: victims.map((v) => {
      const mine = versionsOf(v.id);
      return {
        caseVictimId: v.id,
        name: `${v.given_name} ${v.family_name}`,
        relationship: v.relationship,
        current: mine[0] ?? null,
        history: mine.slice(1),
      };
    }),
    withdrawnVictims: withdrawn
      .map((v) => ({
        caseVictimId: v.id,
        name: `${v.given_name} ${v.family_name}`,
        relationship: v.relationship,
        withdrawn: withdrawalOf(v.withdrawn_at, v.withdrawn_by, v.withdrawn_reason)!,
        versions: versionsOf(v.id),
      }))
      .filter((v) => v.versions.length),
  };
}

export const toApi = (p: PlanVersionView): PlanVersionApi => ({
  ...p,
  createdAt: p.createdAt.toISOString(),
  riskAssessment: p.riskAssessment
    ? {
        ...p.riskAssessment,
        completedAt: p.riskAssessment.completedAt ? p.riskAssessment.completedAt.toISOString() : null,
      }
    : null,
});

/** The case's plans for someone who may read the victim's voice (404 otherwise), audited. */
export async function plansPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, channel: string) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'victim_voice');
  const { victims, withdrawnVictims } = await plansByVictim(tx, caseId);
  await auditCase(tx, actor, h.access, {
    action: 'safety_plan.list',
    recordType: 'safety_plan',
    details: {
      victims: victims.length,
      versions: victims.reduce((n, v) => n + (v.current ? 1 + v.history.length : 0), 0),
      ...(withdrawnVictims.length
        ? {
            withdrawnVictims: withdrawnVictims.length,
            withdrawnVersions: withdrawnVictims.reduce((n, v) => n + v.versions.length, 0),
          }
        : {}),
      channel,
    },
  });
  return { h, victims, withdrawnVictims, canWrite: h.access.levels.victim_voice === 'write' };
}

/** One victim's current plan, for the advocate revising it (write access, else 403/404), audited. */
export async function editContext(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  caseVictimId: string,
  audit: boolean,
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'victim_voice', 'change a safety plan');
  const victim = (await repo.caseVictims(tx, caseId)).find((v) => v.id === caseVictimId);
  if (!victim) throw new NotFound();
  const versions = (await repo.listPlanVersions(tx, caseId))
    .filter((p) => p.case_victim_id === caseVictimId)
    .map(versionView);
  const current = versions[0] ?? null;
  if (audit)
    await auditCase(tx, actor, h.access, {
      action: 'safety_plan.edit.view',
      recordType: 'safety_plan',
      ...(current ? { recordId: current.id } : {}),
      details: { caseVictimId, version: current?.version ?? 0 },
    });
  return { h, victim: { id: victim.id, name: `${victim.given_name} ${victim.family_name}` }, current };
}

export type SaveResult =
  { saved: true; id: string; version: number } | { saved: false; stale: true; currentVersion: number };

/**
 * Saves a new version of the victim's plan. The version the user revised must still be the latest
 * (else nothing is saved and the answer is stale); a save racing another is caught by the unique
 * (case_victim_id, version) constraint and answered the same way.
 */
export async function savePlan(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  caseVictimId: string,
  input: PlanInput,
): Promise<SaveResult> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'victim_voice', 'change a safety plan');
  if (!(await repo.caseVictims(tx, caseId)).some((v) => v.id === caseVictimId)) throw new NotFound();
  const latest = await repo.latestVersion(tx, caseId, caseVictimId);
  if (latest !== input.expectedVersion) return { saved: false, stale: true, currentVersion: latest };
  const riskAssessmentId = await repo.latestCompletedAssessmentId(tx, caseId);
  await sql`savepoint safety_plan_save`.execute(tx);
  let id: string;
  try {
    id = await repo.insertPlanVersion(tx, {
      caseId,
      caseVictimId,
      version: latest + 1,
      riskAssessmentId,
      summary: input.summary,
      actions: input.actions,
      reviewDate: input.reviewDate,
      authorId: user.id,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint safety_plan_save`.execute(tx);
    return { saved: false, stale: true, currentVersion: await repo.latestVersion(tx, caseId, caseVictimId) };
  }
  await sql`release savepoint safety_plan_save`.execute(tx);
  await auditCase(tx, actor, h.access, {
    action: 'safety_plan.created',
    recordType: 'safety_plan',
    recordId: id,
    details: { caseVictimId, version: latest + 1, riskAssessmentId },
  });
  return { saved: true, id, version: latest + 1 };
}

const text = (fields: Record<string, unknown>, name: string): string =>
  typeof fields[name] === 'string' ? (fields[name] as string) : '';

/**
 * The edit form as plan input: action rows left wholly blank are ignored; errors name the row's
 * own fields (actions-2-owner) so the summary links to them.
 */
export function fromForm(fields: Record<string, unknown>): { input?: PlanInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const actions: PlanInput['actions'] = [];
  for (let i = 1; i <= MAX_FORM_ACTIONS; i++) {
    const row = {
      action: text(fields, `actions-${i}-action`),
      owner: text(fields, `actions-${i}-owner`),
      reviewOn: dateFromParts(fields, `actions-${i}-reviewOn`) ?? '',
    };
    if (!row.action.trim() && !row.owner.trim() && !row.reviewOn) continue;
    const parsed = planAction.safeParse(row);
    if (parsed.success) actions.push(parsed.data);
    else
      for (const e of fieldErrorsFrom(parsed.error))
        errors.push({ field: `actions-${i}-${e.field}`, message: `Action ${i}: ${e.message}` });
  }
  const summary = planFields.summary.safeParse(text(fields, 'summary'));
  if (!summary.success) errors.unshift({ field: 'summary', message: summary.error.issues[0]!.message });
  if (!actions.length && !errors.some((e) => e.field.startsWith('actions-')))
    errors.push({ field: 'actions', message: 'Add at least one action' });
  const reviewDate = planFields.reviewDate.safeParse(dateFromParts(fields, 'reviewDate') ?? '');
  if (!reviewDate.success) errors.push({ field: 'reviewDate', message: reviewDate.error.issues[0]!.message });
  const expected = Number(text(fields, 'expectedVersion'));
  if (errors.length || !summary.success || !reviewDate.success) return { errors };
  return {
    input: {
      summary: summary.data,
      actions,
      reviewDate: reviewDate.data,
      expectedVersion: Number.isInteger(expected) && expected >= 0 ? expected : -1,
    },
    errors,
  };
}
