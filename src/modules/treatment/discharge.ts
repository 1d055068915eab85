import { auditCase, canRead, requireRead, requireWrite } from '../../platform/access/case-access.js';
import { can } from '../../platform/access/policy.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase, type OpenCase } from '../../platform/case-context.js';
import { withdrawalApiOf, withdrawnAlready, withdrawRecord } from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { changeStatus } from '../cases/public.js';
import * as repo from './repository.js';
import {
  agenciesStillToAgree,
  dischargeKindProblem,
  everyAgencyAgreed,
  UNPLANNED_REASONS,
  type UnplannedReason,
} from './rules.js';
import type { DischargeInput } from './schemas.js';

/**
 * Discharge from the intervention: planned or unplanned (and why), the reason, the date the
 * evaluation counts from, and a letter to the referring agency (core: the team and the agency see
 * it; printing or downloading it is a disclosure, audited); the discharge summary is clinical. Each
 * agency on the case team records its agreement to close; when all have, the site coordinator
 * closes the case through the case status mechanism (src/modules/cases).
 *
 * A discharge recorded in error can be withdrawn (issue 11) by whoever may record one, while the
 * case is not closed: it is then no longer the case's discharge (the page, the letter, the timeline
 * and the evaluation leave it out) and the right one can be recorded; the agencies' agreements go
 * with it, and it stays listed as withdrawn with who, when and why (its summary for the health team).
 */

async function load(tx: Tx, caseId: string, readsClinical: boolean) {
  const d = await repo.dischargeOf(tx, caseId);
  if (!d) return null;
  const [summary, agreements, team] = await Promise.all([
    readsClinical ? repo.dischargeSummaryOf(tx, d.id) : Promise.resolve(undefined),
    repo.agreementsOf(tx, d.id),
    repo.teamOf(tx, caseId),
  ]);
  const agreed = agreements.map((a) => a.agency_id);
  return {
    id: d.id,
    kind: d.kind,
    unplannedReason: d.unplanned_reason,
    unplannedReasonLabel: d.unplanned_reason
      ? UNPLANNED_REASONS[d.unplanned_reason as UnplannedReason]
      : null,
    reason: d.reason,
    dischargedOn: d.discharged_on,
    letterTo: d.letter_to,
    letter: d.letter,
    recordedBy: d.recorded_by,
    createdAt: d.created_at,
    summary: summary?.summary ?? null,
    agreements,
    stillToAgree: agenciesStillToAgree(team, agreed),
    allAgreed: everyAgencyAgreed(team, agreed),
    team,
  };
}
export type DischargeView = NonNullable<Awaited<ReturnType<typeof load>>>;

/** The case's discharges withdrawn as entered in error; each one's summary only for the health team. */
async function loadWithdrawn(tx: Tx, caseId: string, readsClinical: boolean) {
  const rows = await repo.withdrawnDischargesOf(tx, caseId);
  const summaries = await Promise.all(
    rows.map((w) => (readsClinical ? repo.dischargeSummaryOf(tx, w.id) : Promise.resolve(undefined))),
  );
  return rows.map((w, i) => ({
    id: w.id,
    kind: w.kind,
    unplannedReason: w.unplanned_reason,
    unplannedReasonLabel: w.unplanned_reason
      ? UNPLANNED_REASONS[w.unplanned_reason as UnplannedReason]
      : null,
    reason: w.reason,
    dischargedOn: w.discharged_on,
    letterTo: w.letter_to,
    recordedBy: w.recorded_by,
    createdAt: w.created_at,
    summary: summaries[i]?.summary ?? null,
    withdrawal: { at: w.withdrawn_at!, by: w.withdrawn_by, reason: w.withdrawn_reason ?? '' },
  }));
}
export type WithdrawnDischargeView = Awaited<ReturnType<typeof loadWithdrawn>>[number];

export const dischargeToApi = (d: DischargeView | null, withdrawn: readonly WithdrawnDischargeView[]) => ({
  discharge: d
    ? {
        id: d.id,
        kind: d.kind,
        unplannedReason: d.unplannedReason,
        reason: d.reason,
        dischargedOn: d.dischargedOn,
        letterTo: d.letterTo,
        letter: d.letter,
        recordedBy: d.recordedBy,
        summary: d.summary,
        agreements: d.agreements.map((a) => ({
          agency: a.agency,
          agreedBy: a.agreed_by,
          agreedAt: a.agreed_at.toISOString(),
        })),
        stillToAgree: d.stillToAgree.map((a) => a.name),
      }
    : null,
  withdrawn: withdrawn.map((w) => ({
    id: w.id,
    kind: w.kind,
    unplannedReason: w.unplannedReason,
    reason: w.reason,
    dischargedOn: w.dischargedOn,
    letterTo: w.letterTo,
    recordedBy: w.recordedBy,
    summary: w.summary,
    withdrawn: withdrawalApiOf(w.withdrawal)!,
  })),
});

/** The discharge of a case, for the case team (core); its summary only for the health team. */
export async function dischargePage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: string,
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const readsClinical = canRead(h.access, 'clinical');
  const d = await load(tx, caseId, readsClinical);
  const withdrawn = await loadWithdrawn(tx, caseId, readsClinical);
  await auditCase(tx, actor, h.access, {
    action: 'discharge.view',
    recordType: 'discharge',
    ...(d ? { recordId: d.id } : {}),
    details: { channel, clinical: readsClinical },
  });
  const myAgency = d?.team.find((m) => m.id === user.id);
  const recordsDischarges = h.access.levels.clinical === 'write' && h.access.levels.core === 'write';
  return {
    h,
    discharge: d,
    withdrawn,
    canDischarge: !d && recordsDischarges,
    canWithdraw: !!d && recordsDischarges && h.case.status !== 'closed',
    canAgree:
      !!d &&
      h.access.levels.core === 'write' &&
      !!myAgency?.agency_id &&
      d.stillToAgree.some((a) => a.id === myAgency.agency_id),
    canClose:
      !!d &&
      d.allAgreed &&
      can(user, 'coordinate_site') &&
      h.access.levels.core === 'write' &&
      (h.case.status === 'accepted' || h.case.status === 'active'),
  };
}

export async function dischargeFormContext(tx: Tx, user: SessionUser, caseId: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'discharge the person');
  requireWrite(h.access, 'core', 'discharge the person');
  if (await repo.dischargeOf(tx, caseId))
    throw new Conflict('Already discharged', 'This case has a discharge recorded.');
  return { h };
}

export async function recordDischarge(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: DischargeInput,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'discharge the person');
  requireWrite(h.access, 'core', 'discharge the person');
  const problem = dischargeKindProblem(input.kind, input.unplannedReason);
  if (problem)
    throw new Invalid('The discharge has not been recorded', [
      { field: 'unplannedReason', message: problem },
    ]);
  if (await repo.dischargeOf(tx, caseId))
    throw new Conflict('Already discharged', 'Someone else recorded the discharge of this case.', [
      { field: 'kind', message: 'Someone else has already recorded the discharge of this case' },
    ]);
  if (input.dischargedOn < h.case.created_at.toISOString().slice(0, 10))
    throw new Invalid('The discharge has not been recorded', [
      { field: 'dischargedOn', message: 'The date of discharge cannot be before the case was referred' },
    ]);
  const id = await repo.insertDischarge(tx, {
    caseId,
    kind: input.kind,
    unplannedReason: input.unplannedReason,
    reason: input.reason,
    dischargedOn: input.dischargedOn,
    letterTo: input.letterTo,
    letter: input.letter,
    by: user.id,
  });
  await repo.insertDischargeSummary(tx, { caseId, dischargeId: id, summary: input.summary, by: user.id });
  await auditCase(tx, actor, h.access, {
    action: 'discharge.recorded',
    recordType: 'discharge',
    recordId: id,
    details: { kind: input.kind, unplannedReason: input.unplannedReason, dischargedOn: input.dischargedOn },
  });
  return id;
}

/** The letter for printing or download: a disclosure to the referring agency, audited as one. */
export async function dischargeLetter(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  format: 'page' | 'text',
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const d = await repo.dischargeOf(tx, caseId);
  if (!d) throw new NotFound();
  await auditCase(tx, actor, h.access, {
    action: 'discharge.letter.disclosed',
    recordType: 'discharge',
    recordId: d.id,
    details: { to: d.letter_to, format },
  });
  return { h, discharge: d };
}

/** The user's agency agrees to close the case. */
export async function agreeToClose(tx: Tx, user: SessionUser, actor: Actor, caseId: string): Promise<void> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'agree to close the case');
  const d = await load(tx, caseId, false);
  if (!d) throw new NotFound();
  const me = d.team.find((m) => m.id === user.id);
  if (!me?.agency_id || me.agency_kind === 'programme')
    throw new Forbidden(
      'You cannot agree for an agency',
      'Only a member of the case team agrees for their agency.',
    );
  if (d.agreements.some((a) => a.agency_id === me.agency_id))
    throw new Conflict('Already agreed', `${me.agency_name ?? 'Your agency'} has already agreed.`, [
      { field: 'agree', message: `${me.agency_name ?? 'Your agency'} has already agreed to close the case` },
    ]);
  const id = await repo.insertAgreement(tx, {
    caseId,
    dischargeId: d.id,
    agencyId: me.agency_id,
    by: user.id,
  });
  await auditCase(tx, actor, h.access, {
    action: 'discharge.agreed',
    recordType: 'discharge_agreement',
    recordId: id,
    details: { agencyId: me.agency_id },
  });
}

/** The site coordinator closes the case once every agency on the team has agreed. */
export async function closeAfterDischarge(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  voiceReason: string,
): Promise<void> {
  await repo.lockCase(tx, caseId);
  const h = await openCase(tx, user, caseId);
  if (!can(user, 'coordinate_site'))
    throw new Forbidden('You cannot close the case', 'The site coordinator closes a case.');
  const d = await load(tx, caseId, false);
  if (!d) throw new NotFound();
  if (!d.allAgreed)
    throw new Invalid('Not every agency has agreed', [
      { field: 'close', message: `Still to agree: ${d.stillToAgree.map((a) => a.name).join(', ')}` },
    ]);
  await changeStatus(tx, user, actor, caseId, {
    to: 'closed',
    mode: null,
    reason: `Discharged on ${d.dischargedOn} (${d.kind}); every agency on the team agreed to close.`,
    ...(voiceReason ? { voiceReason } : {}),
    version: h.case.version,
  });
}

const DISCHARGE = { table: 'discharge', compartment: 'core', what: 'discharge' } as const;

/**
 * The case's standing discharge, to withdraw as entered in error: the same write access as
 * recording one (Forbidden otherwise, and under break-glass, which is read-only); NotFound when the
 * case has no discharge; Conflict when it was withdrawn already (and none recorded since), or when
 * the case has been closed: the case status mechanism has no way back from closed (cases/rules.ts),
 * and a closed case must not be left closed on a discharge that no longer stands.
 */
export async function dischargeToWithdraw(
  tx: Tx,
  user: SessionUser,
  caseId: string,
): Promise<{ h: OpenCase; discharge: NonNullable<Awaited<ReturnType<typeof repo.dischargeOf>>> }> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'withdraw the discharge');
  requireWrite(h.access, 'core', 'withdraw the discharge');
  const d = await repo.dischargeOf(tx, caseId);
  if (!d) {
    if (await repo.hasWithdrawnDischarge(tx, caseId)) throw withdrawnAlready(DISCHARGE.what);
    throw new NotFound();
  }
  if (h.case.status === 'closed')
    throw new Conflict(
      'The case has been closed',
      'A closed case cannot be reopened, so its discharge cannot be withdrawn. If the discharge is wrong, tell the site coordinator.',
    );
  return { h, discharge: d };
}

/**
 * Withdraws the case's discharge as entered in error with the reason, audited as
 * "discharge.withdrawn"; its summary and the agencies' agreements go with it.
 */
export async function withdrawDischarge(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  reason: string,
  channel: 'page' | 'api',
): Promise<void> {
  await repo.lockCase(tx, caseId);
  const { discharge } = await dischargeToWithdraw(tx, user, caseId);
  await withdrawRecord(tx, user, actor, { ...DISCHARGE, caseId, id: discharge.id }, reason, channel);
}
