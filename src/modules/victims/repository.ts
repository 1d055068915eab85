import type { Tx } from '../../platform/db/request-tx.js';

export function listVictims(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_victim as cv')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .leftJoin('app_user as a', 'a.id', 'cv.advocate_id')
    .select([
      'cv.id',
      'cv.victim_id',
      'cv.relationship',
      'cv.victim_kind',
      'cv.advocate_id',
      'a.display_name as advocate_name',
      'p.given_name',
      'p.family_name',
      // withdrawn as entered in error (migration 031): listed apart, marked
      'cv.withdrawn_at',
    ])
    .where('cv.case_id', '=', caseId)
    .orderBy('cv.created_at')
    .execute();
}

/** Stalking advocates at the case's site, who may be assigned to a victim. */
export function advocatesAtSite(tx: Tx, siteId: string) {
  return tx
    .selectFrom('app_user as u')
    .innerJoin('user_site as us', 'us.user_id', 'u.id')
    .select(['u.id', 'u.display_name'])
    .where('us.site_id', '=', siteId)
    .where('u.role', '=', 'stalking_advocate')
    .where('u.active', '=', true)
    .orderBy('u.display_name')
    .execute();
}

export async function insertCaseVictim(
  tx: Tx,
  v: {
    caseId: string;
    personId: string;
    relationship: string;
    kind: 'victim' | 'proxy' | 'third_party';
    advocateId: string | null;
    addedBy: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('case_victim')
    .values({
      case_id: v.caseId,
      victim_id: v.personId,
      relationship: v.relationship,
      victim_kind: v.kind,
      advocate_id: v.advocateId,
      added_by: v.addedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setAdvocate(
  tx: Tx,
  caseVictimId: string,
  caseId: string,
  advocateId: string | null,
): Promise<boolean> {
  const r = await tx
    .updateTable('case_victim')
    .set({ advocate_id: advocateId })
    .where('id', '=', caseVictimId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The case's standing contact details (those withdrawn as entered in error are left out). */
export function contactsForCase(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_contact')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is', null)
    .execute();
}

export type ContactRow = Awaited<ReturnType<typeof contactsForCase>>[number];

export async function insertContact(
  tx: Tx,
  row: Omit<ContactRow, 'updated_at' | 'version' | 'withdrawn_at' | 'withdrawn_by' | 'withdrawn_reason'>,
) {
  await tx
    .insertInto('victim_contact')
    .values({ ...row, updated_at: new Date() })
    .execute();
}

/** Optimistic concurrency: only the version the user saw is replaced. */
export async function updateContact(
  tx: Tx,
  id: string,
  version: number,
  sealed: { key_id: string; wrapped_key: Buffer; ciphertext: Buffer; updated_by: string },
): Promise<boolean> {
  const r = await tx
    .updateTable('victim_contact')
    .set((eb) => ({ ...sealed, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The case's contact details withdrawn as entered in error: when, by whom (name), why; never the details. */
export function withdrawnContactsForCase(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_contact as c')
    .innerJoin('app_user as u', 'u.id', 'c.withdrawn_by')
    .select([
      'c.id',
      'c.case_victim_id',
      'c.withdrawn_at',
      'c.withdrawn_reason',
      'u.display_name as withdrawn_by',
    ])
    .where('c.case_id', '=', caseId)
    .where('c.withdrawn_at', 'is not', null)
    .orderBy('c.withdrawn_at', 'desc')
    .execute();
}
