import type { Tx } from '../../platform/db/request-tx.js';
import type { OffenceDetails, ReferralDetails, VictimDetails } from './rules.js';

/* The referral, offences and case victims as their correction pages read and write them. */

export function findReferral(tx: Tx, caseId: string) {
  return tx
    .selectFrom('referral as r')
    .innerJoin('agency as a', 'a.id', 'r.referring_agency_id')
    .select([
      'r.id',
      'r.referring_agency_id',
      'a.name as agency_name',
      'r.referrer_name',
      'r.reason',
      'r.consent',
      'r.consent_notes',
      'r.is_adult',
      'r.lives_in_area',
      'r.created_at',
      'r.version',
    ])
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
}
export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

export const referralDetailsOf = (r: ReferralRow): ReferralDetails => ({
  referringAgencyId: r.referring_agency_id,
  referrerName: r.referrer_name,
  reason: r.reason,
  consent: r.consent,
  consentNotes: r.consent_notes,
  isAdult: r.is_adult,
  livesInArea: r.lives_in_area,
});

/** Saves the referral's details as the next version, only if still at `version`. */
export async function saveReferral(
  tx: Tx,
  caseId: string,
  version: number,
  d: ReferralDetails,
): Promise<boolean> {
  const r = await tx
    .updateTable('referral')
    .set({
      referring_agency_id: d.referringAgencyId,
      referrer_name: d.referrerName,
      reason: d.reason,
      consent: d.consent,
      consent_notes: d.consentNotes,
      is_adult: d.isAdult,
      lives_in_area: d.livesInArea,
      version: version + 1,
    })
    .where('case_id', '=', caseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The agencies a referral may come from at a site (not the programme itself), by name. */
export function agenciesAtSite(tx: Tx, siteId: string) {
  return tx
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('site_id', '=', siteId)
    .where('kind', '!=', 'programme')
    .orderBy('name')
    .execute();
}

const offencesOf = (tx: Tx, caseId: string) =>
  tx
    .selectFrom('case_offence as o')
    .leftJoin('app_user as w', 'w.id', 'o.withdrawn_by')
    .select([
      'o.id',
      'o.code',
      'o.description',
      'o.version',
      'o.withdrawn_at',
      'w.display_name as withdrawn_by',
      'o.withdrawn_reason',
    ])
    .where('o.case_id', '=', caseId);

/** The case's offences, withdrawn ones too (with who withdrew them), in the order recorded. */
export function listOffences(tx: Tx, caseId: string) {
  return offencesOf(tx, caseId).orderBy('o.code').orderBy('o.id').execute();
}
export type OffenceRow = Awaited<ReturnType<typeof listOffences>>[number];

/** One offence of the case, withdrawn or not. */
export function findOffence(tx: Tx, caseId: string, offenceId: string): Promise<OffenceRow | undefined> {
  return offencesOf(tx, caseId).where('o.id', '=', offenceId).executeTakeFirst();
}

export const offenceDetailsOf = (o: OffenceRow): OffenceDetails => ({
  code: o.code,
  description: o.description,
});

export async function saveOffence(
  tx: Tx,
  offenceId: string,
  version: number,
  d: OffenceDetails,
): Promise<boolean> {
  const r = await tx
    .updateTable('case_offence')
    .set({ code: d.code, description: d.description, version: version + 1 })
    .where('id', '=', offenceId)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One victim on the case with their name, withdrawn or not. */
export function findVictim(tx: Tx, caseId: string, caseVictimId: string) {
  return tx
    .selectFrom('case_victim as cv')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .leftJoin('app_user as w', 'w.id', 'cv.withdrawn_by')
    .select([
      'cv.id',
      'cv.relationship',
      'cv.victim_kind',
      'cv.version',
      'cv.created_at',
      'p.given_name',
      'p.family_name',
      'cv.withdrawn_at',
      'w.display_name as withdrawn_by',
      'cv.withdrawn_reason',
    ])
    .where('cv.case_id', '=', caseId)
    .where('cv.id', '=', caseVictimId)
    .executeTakeFirst();
}
export type VictimRow = NonNullable<Awaited<ReturnType<typeof findVictim>>>;

export const victimDetailsOf = (v: VictimRow): VictimDetails => ({
  relationship: v.relationship,
  kind: v.victim_kind,
});

export async function saveVictim(
  tx: Tx,
  caseVictimId: string,
  version: number,
  d: VictimDetails,
): Promise<boolean> {
  const r = await tx
    .updateTable('case_victim')
    .set({
      relationship: d.relationship,
      victim_kind: d.kind as 'victim' | 'proxy' | 'third_party',
      version: version + 1,
    })
    .where('id', '=', caseVictimId)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How many standing incidents of the case name this victim. */
export async function incidentsNaming(tx: Tx, caseId: string, caseVictimId: string): Promise<number> {
  const row = await tx
    .selectFrom('incident')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', '=', caseId)
    .where('case_victim_id', '=', caseVictimId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
