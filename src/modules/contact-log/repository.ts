import type { Tx } from '../../platform/db/request-tx.js';
import type { ContactLogInput } from './schemas.js';

export function listContacts(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_contact_log as l')
    .innerJoin('case_victim as cv', 'cv.id', 'l.case_victim_id')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .innerJoin('app_user as u', 'u.id', 'l.author_id')
    .select([
      'l.id',
      'l.case_victim_id',
      'l.contacted_on',
      'l.method',
      'l.contact_with',
      'l.summary',
      'l.victim_updated',
      'l.created_at',
      'u.display_name as author',
      'p.given_name',
      'p.family_name',
    ])
    .where('l.case_id', '=', caseId)
    .orderBy('l.contacted_on', 'desc')
    .orderBy('l.created_at', 'desc')
    .execute();
}

export async function insertContact(
  tx: Tx,
  caseId: string,
  authorId: string,
  c: ContactLogInput,
): Promise<string> {
  const row = await tx
    .insertInto('victim_contact_log')
    .values({
      case_id: caseId,
      case_victim_id: c.caseVictimId,
      contacted_on: c.contactedOn,
      method: c.method,
      contact_with: c.contactWith,
      summary: c.summary,
      victim_updated: c.victimUpdated,
      author_id: authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** When the victim was last updated on the case, from the contact log (row-level security applies). */
export async function lastVictimUpdate(tx: Tx, caseId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('victim_contact_log')
    .select((eb) => eb.fn.max('contacted_on').as('last'))
    .where('case_id', '=', caseId)
    .where('victim_updated', '=', true)
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}
