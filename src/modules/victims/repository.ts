import type { Tx } from '../../platform/db/request-tx.js';

export function listVictims(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_victim as cv')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .select(['cv.id', 'cv.relationship', 'p.given_name', 'p.family_name'])
    .where('cv.case_id', '=', caseId)
    .orderBy('cv.created_at')
    .execute();
}

export function contactsForCase(tx: Tx, caseId: string) {
  return tx.selectFrom('victim_contact').selectAll().where('case_id', '=', caseId).execute();
}

export type ContactRow = Awaited<ReturnType<typeof contactsForCase>>[number];

export async function insertContact(tx: Tx, row: Omit<ContactRow, 'updated_at' | 'version'>) {
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
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
