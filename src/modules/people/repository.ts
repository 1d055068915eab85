import { canonicalNhsNumber, canonicalPncId, canonicalSearchTerm } from '../../platform/identifiers.js';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { foldName, foldSearchTerm } from '../../platform/names.js';

export type NewPerson = {
  id: string;
  givenName: string;
  familyName: string;
  aliases: string[];
  dateOfBirth: string | null;
  pncId: string | null;
  nhsNumber: string | null;
  probationRef: string | null;
  createdBy: string;
};

export async function insertPerson(tx: Tx, p: NewPerson): Promise<void> {
  await tx
    .insertInto('person')
    .values({
      id: p.id,
      given_name: p.givenName,
      family_name: p.familyName,
      search_name: foldName(`${p.givenName} ${p.familyName}`),
      aliases: p.aliases,
      date_of_birth: p.dateOfBirth,
      pnc_id: p.pncId,
      nhs_number: p.nhsNumber,
      probation_ref: p.probationRef,
      created_by: p.createdBy,
    })
    .execute();
}

export type PossibleMatch = {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  pnc_id: string | null;
  case_references: string[];
  score: number;
};

/** The references of the visible cases a person is the subject or a victim of (row-level security applies). */
const caseReferences = (personId: string) =>
  sql<string[]>`array(
    select c.reference from cases c where c.subject_id = ${sql.ref(personId)}
    union
    select c.reference from case_victim v join cases c on c.id = v.case_id where v.victim_id = ${sql.ref(personId)}
    order by 1)`;

/**
 * People the user may see whose name is like this one (trigram similarity on the normalised name)
 * and whose date of birth matches, or who share an identifier. The candidates come from indexes,
 * limited to people on cases the user may see (recolo_private.possible_matches); row-level
 * security checks each row read here as well.
 */
export function findPossibleMatches(
  tx: Tx,
  q: { fullName: string; dateOfBirth: string | null; pncId: string | null; nhsNumber: string | null },
): Promise<PossibleMatch[]> {
  // identifiers as they are stored, however they were written
  const pnc = q.pncId && (canonicalPncId(q.pncId) ?? q.pncId);
  const nhs = q.nhsNumber && (canonicalNhsNumber(q.nhsNumber) ?? q.nhsNumber);
  return tx
    .selectFrom(
      sql<{
        person_id: string;
        score: number;
      }>`recolo_private.possible_matches(${foldName(q.fullName)}, ${q.dateOfBirth}::date, ${pnc}, ${nhs}, 10)`.as(
        'm',
      ),
    )
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.pnc_id',
      'm.score',
      sql<string[]>`array(select c.reference from cases c where c.subject_id = p.id order by 1)`.as(
        'case_references',
      ),
    ])
    .orderBy('m.score', 'desc')
    .orderBy('p.id')
    .execute();
}

/**
 * Fuzzy search over people on cases the user may see: by name (typos, case and accents do not
 * matter), PNC ID or NHS number. The candidates come from indexes, limited to people on visible
 * cases (recolo_private.search_people); row-level security checks each row read here as well.
 */
export function searchPeople(tx: Tx, q: string) {
  // a PNC ID or NHS number written any way is looked for in the form it is stored in, and names
  // are folded by the one rule the stored names were folded by: the database sees only ASCII
  const term = foldSearchTerm(canonicalSearchTerm(q.trim()));
  return tx
    .selectFrom(sql<{ person_id: string; score: number }>`recolo_private.search_people(${term}, 50)`.as('m'))
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'm.score',
      caseReferences('p.id').as('case_references'),
      // a scalar subquery with a limit: an EXISTS here may be planned as one scan of every case
      sql<boolean>`coalesce((select true from cases s where s.subject_id = p.id limit 1), false)`.as(
        'is_subject',
      ),
    ])
    .orderBy('m.score', 'desc')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .limit(50)
    .execute();
}

/**
 * Whether someone with this PNC ID or NHS number is on a case the user cannot see: true or false
 * and nothing else (recolo_private.unseen_identifier_match), so the referrer can be told that a
 * coordinator will check, without learning who, where or on which case.
 */
export async function unseenIdentifierMatch(
  tx: Tx,
  q: { pncId: string | null; nhsNumber: string | null },
): Promise<boolean> {
  if (!q.pncId && !q.nhsNumber) return false;
  const row = await sql<{
    found: boolean;
  }>`select recolo_private.unseen_identifier_match(${q.pncId}, ${q.nhsNumber}) as found`.execute(tx);
  return row.rows[0]?.found === true;
}

/**
 * Tells the site coordinators of every case the user cannot see whose person has the PNC ID or NHS
 * number of this (new) case's subject, in a notification on that case (recolo_private.
 * notify_unseen_matches); true when anyone was told.
 */
export async function notifyUnseenMatches(tx: Tx, caseId: string): Promise<boolean> {
  const row = await sql<{
    sent: boolean;
  }>`select recolo_private.notify_unseen_matches(${caseId}) as sent`.execute(tx);
  return row.rows[0]?.sent === true;
}
