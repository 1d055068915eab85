import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

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

/**
 * People the user may see whose name is like this one (trigram similarity) and whose date of birth
 * matches, or who share an identifier. Row-level security limits it to people on visible cases.
 */
export function findPossibleMatches(
  tx: Tx,
  q: { fullName: string; dateOfBirth: string | null; pncId: string | null; nhsNumber: string | null },
): Promise<PossibleMatch[]> {
  return tx
    .selectFrom('person as p')
    .select((eb) => [
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.pnc_id',
      sql<number>`similarity(p.given_name || ' ' || p.family_name, ${q.fullName})`.as('score'),
      eb
        .selectFrom('cases as c')
        .select(sql<string[]>`coalesce(array_agg(c.reference order by c.reference), '{}')`.as('refs'))
        .whereRef('c.subject_id', '=', 'p.id')
        .as('case_references'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          sql<boolean>`similarity(p.given_name || ' ' || p.family_name, ${q.fullName}) > 0.3`,
          q.dateOfBirth ? eb('p.date_of_birth', '=', q.dateOfBirth) : sql<boolean>`true`,
        ]),
        ...(q.pncId ? [eb('p.pnc_id', '=', q.pncId)] : []),
        ...(q.nhsNumber ? [eb('p.nhs_number', '=', q.nhsNumber)] : []),
      ]),
    )
    .orderBy('score', 'desc')
    .limit(10)
    .execute() as Promise<PossibleMatch[]>;
}

/** Fuzzy search over people on cases the user may see (row-level security limits the rows). */
export function searchPeople(tx: Tx, q: string) {
  const term = q.trim();
  return tx
    .selectFrom('person as p')
    .select((eb) => [
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      sql<number>`similarity(p.given_name || ' ' || p.family_name, ${term})`.as('score'),
      eb
        .selectFrom('cases as c')
        .select(sql<string[]>`coalesce(array_agg(c.reference order by c.reference), '{}')`.as('refs'))
        .where((w) =>
          w.or([
            w('c.subject_id', '=', w.ref('p.id')),
            w.exists(
              w
                .selectFrom('case_victim as v')
                .select('v.id')
                .whereRef('v.case_id', '=', 'c.id')
                .whereRef('v.victim_id', '=', 'p.id'),
            ),
          ]),
        )
        .as('case_references'),
      eb
        .exists(eb.selectFrom('cases as s').select('s.id').whereRef('s.subject_id', '=', 'p.id'))
        .as('is_subject'),
    ])
    .where((eb) =>
      eb.or([
        sql<boolean>`(p.given_name || ' ' || p.family_name) % ${term}`,
        sql<boolean>`(p.given_name || ' ' || p.family_name) ilike ${'%' + term.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`,
        eb('p.pnc_id', '=', term.toUpperCase()),
        eb('p.nhs_number', '=', term.replace(/\s+/g, '')),
      ]),
    )
    .orderBy('score', 'desc')
    .limit(50)
    .execute();
}
