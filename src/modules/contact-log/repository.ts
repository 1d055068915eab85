import { sql } from 'kysely';
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
    .where('l.withdrawn_at', 'is', null)
    .orderBy('l.contacted_on', 'desc')
    .orderBy('l.created_at', 'desc')
    .execute();
}

/** The entries withdrawn as entered in error, for the list's last section. */
export function listWithdrawnContacts(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_contact_log as l')
    .select(['l.id', sql<string>`l.contacted_on::text`.as('contacted_on'), 'l.withdrawn_at'])
    .where('l.case_id', '=', caseId)
    .where('l.withdrawn_at', 'is not', null)
    .orderBy('l.withdrawn_at', 'desc')
    .execute();
}

/** One entry as it stands, withdrawn or not (row-level security hides it from those who may not see it). */
export function getContact(tx: Tx, caseId: string, id: string) {
  return tx
    .selectFrom('victim_contact_log as l')
    .innerJoin('case_victim as cv', 'cv.id', 'l.case_victim_id')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .innerJoin('app_user as u', 'u.id', 'l.author_id')
    .leftJoin('app_user as w', 'w.id', 'l.withdrawn_by')
    .select([
      'l.id',
      'l.case_victim_id',
      sql<string>`l.contacted_on::text`.as('contacted_on'),
      'l.method',
      'l.contact_with',
      'l.summary',
      'l.victim_updated',
      'l.created_at',
      'l.version',
      'l.withdrawn_at',
      'l.withdrawn_reason',
      'w.display_name as withdrawn_by',
      'u.display_name as author',
      'p.given_name',
      'p.family_name',
    ])
    .where('l.case_id', '=', caseId)
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export type ContactLogRow = NonNullable<Awaited<ReturnType<typeof getContact>>>;

/** Writes an entry's corrected details as `version + 1`, only if it is still at `version`. */
export async function updateContact(
  tx: Tx,
  id: string,
  version: number,
  c: ContactLogInput,
): Promise<boolean> {
  const r = await tx
    .updateTable('victim_contact_log')
    .set({
      case_victim_id: c.caseVictimId,
      contacted_on: c.contactedOn,
      method: c.method,
      contact_with: c.contactWith,
      summary: c.summary,
      victim_updated: c.victimUpdated,
      version: version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}
