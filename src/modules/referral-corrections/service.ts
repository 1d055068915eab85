import { sql } from 'kysely';
import { auditCase, canRead, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import {
  amendmentsOf,
  amendRecord,
  correctable,
  withdrawalOf,
  type AmendableKind,
  type CorrectableSpec,
} from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import {
  OFFENCE_LABELS,
  offenceWithdrawalProblem,
  REFERRAL_LABELS,
  referralConsistency,
  VICTIM_LABELS,
  victimWithdrawalProblem,
  type OffenceDetails,
  type ReferralDetails,
  type VictimDetails,
} from './rules.js';

/**
 * Correcting what was recorded at referral (issue 11): the referral's details, each offence and
 * each victim's place on the case are amended through the one correction flow
 * (platform/corrections amendRecord: core write, the version check, a reason, the change kept,
 * audited by field names); an offence or a victim is withdrawn as entered in error. Every view is
 * audited; nothing here logs a value.
 */

type Channel = 'page' | 'api';

export const REFERRAL: AmendableKind<ReferralDetails> = {
  table: 'referral',
  compartment: 'core',
  what: 'referral',
  amendments: 'referral_amendment',
  labels: REFERRAL_LABELS,
  field: 'reason',
};
export const OFFENCE: AmendableKind<OffenceDetails> = {
  table: 'case_offence',
  compartment: 'core',
  what: 'offence',
  amendments: 'case_offence_amendment',
  labels: OFFENCE_LABELS,
  field: 'reason',
};
export const VICTIM: AmendableKind<VictimDetails> = {
  table: 'case_victim',
  compartment: 'core',
  what: 'victim',
  amendments: 'case_victim_amendment',
  labels: VICTIM_LABELS,
  field: 'reason',
};

type WithdrawalColumns = {
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
};
const withdrawalOfRow = (r: WithdrawalColumns) =>
  withdrawalOf(r.withdrawn_at, r.withdrawn_by, r.withdrawn_reason);

/**
 * The shared correction service (amend, withdraw, the standing record) of a kind read with its
 * `version` and withdrawal columns, as an offence and a victim on the case are.
 */
const correctableKind = <R extends WithdrawalColumns & { version: number }, D extends object>(
  kind: AmendableKind<D>,
  io: Pick<CorrectableSpec<R, D>, 'get' | 'details' | 'update'>,
) =>
  correctable<R, D>({
    kind,
    ...io,
    version: (r) => r.version,
    withdrawal: (r) => ({ at: r.withdrawn_at, by: r.withdrawn_by, reason: r.withdrawn_reason }),
  });

const offences = correctableKind(OFFENCE, {
  get: repo.findOffence,
  details: repo.offenceDetailsOf,
  update: repo.saveOffence,
});
const victims = correctableKind(VICTIM, {
  get: repo.findVictim,
  details: repo.victimDetailsOf,
  update: repo.saveVictim,
});
const offenceTarget = (t: { caseId: string; offenceId: string }) => ({ caseId: t.caseId, id: t.offenceId });
const victimTarget = (t: { caseId: string; victimId: string }) => ({ caseId: t.caseId, id: t.victimId });

async function agencyNames(tx: Tx, siteId: string, also: { id: string; name: string } | null) {
  const agencies = await repo.agenciesAtSite(tx, siteId);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  if (also) names.set(also.id, also.name);
  return { agencies, names };
}

/**
 * The referral's page: its details, its corrections, and every offence (those withdrawn marked),
 * for those who read the case's core. Audited as "referral.view".
 */
export async function referralPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: Channel,
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const referral = await repo.findReferral(tx, caseId);
  if (!referral) throw new NotFound();
  const [amendments, offences, { agencies, names }] = await Promise.all([
    amendmentsOf(tx, 'referral_amendment', caseId, referral.id),
    repo.listOffences(tx, caseId),
    agencyNames(tx, h.case.site_id, { id: referral.referring_agency_id, name: referral.agency_name }),
  ]);
  await auditCase(tx, actor, h.access, {
    action: 'referral.view',
    recordType: 'referral',
    recordId: referral.id,
    details: { corrections: amendments.length, offences: offences.length, channel },
  });
  return {
    h,
    referral,
    details: repo.referralDetailsOf(referral),
    amendments,
    agencies,
    agencyNames: names,
    offences: offences.map((o) => ({ ...o, withdrawn: withdrawalOfRow(o) })),
    canWrite: h.access.levels.core === 'write',
  };
}

/** The referral's correction form: the referral as it stands and the site's agencies (core write). */
export async function referralToCorrect(tx: Tx, user: SessionUser, caseId: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'correct the referral');
  const referral = await repo.findReferral(tx, caseId);
  if (!referral) throw new NotFound();
  const { agencies } = await agencyNames(tx, h.case.site_id, null);
  return { h, referral, details: repo.referralDetailsOf(referral), agencies };
}

/**
 * Corrects the referral: every detail as it should now be, the reason and the version read.
 * Invalid when the agency is not one at the case's site, when "adult" contradicts the recorded
 * date of birth, or nothing changes; Conflict (naming what changed) when corrected since.
 */
export async function amendReferral(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: { referral: ReferralDetails; reason: string; version: number },
  channel: Channel,
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'correct the referral');
  const referral = await repo.findReferral(tx, caseId);
  if (!referral) throw new NotFound();
  const { names } = await agencyNames(tx, h.case.site_id, null);
  if (!names.has(input.referral.referringAgencyId))
    throw new Invalid('The referral is not valid', [
      { field: 'referringAgencyId', message: 'Select an agency at the case’s site' },
    ]);
  const inconsistent = referralConsistency(input.referral, h.case.date_of_birth);
  if (inconsistent) throw inconsistent;
  const done = await amendRecord(
    tx,
    user,
    actor,
    REFERRAL,
    { caseId, id: referral.id },
    { details: input.referral, reason: input.reason, version: input.version },
    {
      load: async () => {
        const r = await repo.findReferral(tx, caseId);
        return r ? { version: r.version, details: repo.referralDetailsOf(r) } : null;
      },
      save: (details, version) => repo.saveReferral(tx, caseId, version, details),
    },
    channel,
  );
  return done.id;
}

/** One offence on the case, withdrawn or not; NotFound when not there. */
async function offenceOf(tx: Tx, caseId: string, offenceId: string) {
  const offence = await repo.findOffence(tx, caseId, offenceId);
  if (!offence) throw new NotFound();
  return offence;
}

/** One offence as it stands (core read). Audited. */
export async function offencePage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; offenceId: string },
  channel: Channel,
) {
  const h = await openCase(tx, user, target.caseId);
  requireRead(h.access, 'core');
  const offence = await offenceOf(tx, target.caseId, target.offenceId);
  const amendments = await amendmentsOf(tx, 'case_offence_amendment', target.caseId, offence.id);
  await auditCase(tx, actor, h.access, {
    action: 'case_offence.view',
    recordType: 'case_offence',
    recordId: offence.id,
    details: { corrections: amendments.length, channel },
  });
  return {
    h,
    offence,
    withdrawn: withdrawalOfRow(offence),
    amendments,
    canWrite: h.access.levels.core === 'write',
  };
}

/** The correction form's offence as it stands (core write; not withdrawn). */
export async function offenceToCorrect(
  tx: Tx,
  user: SessionUser,
  target: { caseId: string; offenceId: string },
) {
  const { h, row } = await offences.standing(tx, user, offenceTarget(target), 'correct');
  return { h, offence: row };
}

/** Corrects an offence (see amendReferral for the refusals). Returns the amendment's id. */
export function amendOffence(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; offenceId: string },
  input: { offence: OffenceDetails; reason: string; version: number },
  channel: Channel,
): Promise<string> {
  const { offence: details, ...rest } = input;
  return offences.amend(tx, user, actor, offenceTarget(target), { details, ...rest }, channel);
}

/**
 * Withdraws an offence as entered in error. Invalid when it is the case's only standing offence
 * (the case's offences are locked meanwhile, so two withdrawals cannot leave none).
 */
export async function withdrawOffence(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; offenceId: string },
  reason: string,
  channel: Channel,
): Promise<void> {
  await offences.standing(tx, user, offenceTarget(target), 'withdraw');
  const standing = await sql<{ id: string }>`
    select id from case_offence where case_id = ${target.caseId} and withdrawn_at is null
    order by id for update`.execute(tx);
  const problem = offenceWithdrawalProblem(standing.rows.length);
  if (problem) throw problem;
  await offences.withdraw(tx, user, actor, offenceTarget(target), reason, channel);
}

async function victimOf(tx: Tx, caseId: string, caseVictimId: string) {
  const victim = await repo.findVictim(tx, caseId, caseVictimId);
  if (!victim) throw new NotFound();
  return victim;
}

/** One victim's place on the case: marked if withdrawn, with its corrections (core read). Audited. */
export async function victimPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; victimId: string },
  channel: Channel,
) {
  const h = await openCase(tx, user, target.caseId);
  requireRead(h.access, 'core');
  const victim = await victimOf(tx, target.caseId, target.victimId);
  const amendments = await amendmentsOf(tx, 'case_victim_amendment', target.caseId, victim.id);
  await auditCase(tx, actor, h.access, {
    action: 'case_victim.view',
    recordType: 'case_victim',
    recordId: victim.id,
    details: { corrections: amendments.length, channel },
  });
  return {
    h,
    victim,
    withdrawn: withdrawalOfRow(victim),
    amendments,
    canWrite: h.access.levels.core === 'write',
    showsContact: canRead(h.access, 'victim_contact'),
  };
}

/** The correction form's victim as they stand (core write; not withdrawn). */
export async function victimToCorrect(
  tx: Tx,
  user: SessionUser,
  target: { caseId: string; victimId: string },
) {
  const { h, row } = await victims.standing(tx, user, victimTarget(target), 'correct');
  return { h, victim: row };
}

/** Corrects a victim's place on the case (see amendReferral for the refusals). */
export function amendVictim(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; victimId: string },
  input: { victim: VictimDetails; reason: string; version: number },
  channel: Channel,
): Promise<string> {
  const { victim: details, ...rest } = input;
  return victims.amend(tx, user, actor, victimTarget(target), { details, ...rest }, channel);
}

/**
 * Withdraws a victim as entered in error. The row stays (the victim's voice, safety plans, contact
 * details and log stay with it, for those who may see them), but they leave the case's lists, the
 * voice check for case decisions and the evaluation. Invalid while a standing incident names them.
 */
export async function withdrawVictim(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; victimId: string },
  reason: string,
  channel: Channel,
): Promise<void> {
  await victims.standing(tx, user, victimTarget(target), 'withdraw');
  const problem = victimWithdrawalProblem(await repo.incidentsNaming(tx, target.caseId, target.victimId));
  if (problem) throw problem;
  await victims.withdraw(tx, user, actor, victimTarget(target), reason, channel);
}
