import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

export function sitesForUser(tx: Tx, siteIds: string[]) {
  if (!siteIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('site')
    .select(['id', 'code', 'name'])
    .where('id', 'in', siteIds)
    .orderBy('name')
    .execute();
}

export function agenciesAtSites(tx: Tx, siteIds: string[]) {
  if (!siteIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('agency')
    .select(['id', 'site_id', 'name', 'kind'])
    .where('site_id', 'in', siteIds)
    .where('kind', '!=', 'programme')
    .orderBy('name')
    .execute();
}

/**
 * The next reference at the site: each site counts its own cases, in the referral's transaction,
 * so a reference says nothing about how many cases other sites have.
 */
export async function nextReference(tx: Tx, siteId: string, siteCode: string): Promise<string> {
  const row = await sql<{ n: number }>`select recolo_private.next_case_number(${siteId}::uuid) as n`.execute(
    tx,
  );
  return `${siteCode}-${String(row.rows[0]!.n).padStart(6, '0')}`;
}

export function visiblePerson(tx: Tx, personId: string) {
  return tx
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function insertCase(
  tx: Tx,
  c: {
    id: string;
    reference: string;
    siteId: string;
    subjectId: string;
    investigationStatus: string;
    createdBy: string;
  },
) {
  await tx
    .insertInto('cases')
    .values({
      id: c.id,
      reference: c.reference,
      site_id: c.siteId,
      subject_id: c.subjectId,
      investigation_status: c.investigationStatus,
      created_by: c.createdBy,
      updated_at: new Date(),
    })
    .execute();
}

export async function insertReferral(
  tx: Tx,
  r: {
    caseId: string;
    agencyId: string;
    referrerName: string;
    referrerUserId: string;
    reason: string;
    consent: string;
    consentNotes: string;
    isAdult: boolean;
    livesInArea: boolean;
  },
) {
  await tx
    .insertInto('referral')
    .values({
      case_id: r.caseId,
      referring_agency_id: r.agencyId,
      referrer_name: r.referrerName,
      referrer_user_id: r.referrerUserId,
      reason: r.reason,
      consent: r.consent,
      consent_notes: r.consentNotes,
      is_adult: r.isAdult,
      lives_in_area: r.livesInArea,
    })
    .execute();
}

export async function insertOffences(
  tx: Tx,
  caseId: string,
  offences: { code: string; description: string }[],
) {
  await tx
    .insertInto('case_offence')
    .values(offences.map((o) => ({ case_id: caseId, code: o.code, description: o.description })))
    .execute();
}

export async function linkVictim(tx: Tx, caseId: string, victimId: string, relationship: string) {
  await tx.insertInto('case_victim').values({ case_id: caseId, victim_id: victimId, relationship }).execute();
}
