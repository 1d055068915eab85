import type { Tx } from '../../platform/db/request-tx.js';

/** The person referred on a case, with their version, as row-level security lets the user see them. */
export function subjectOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('cases as c')
    .innerJoin('person as p', 'p.id', 'c.subject_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.aliases',
      'p.date_of_birth',
      'p.pnc_id',
      'p.nhs_number',
      'p.probation_ref',
      'p.version',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

export type Subject = NonNullable<Awaited<ReturnType<typeof subjectOf>>>;

/**
 * A victim on a case (by their case_victim id, not withdrawn) as the person they are, with their
 * version, as row-level security lets the user see them; undefined when not found.
 */
export function victimPersonOf(tx: Tx, caseId: string, caseVictimId: string) {
  return tx
    .selectFrom('case_victim as v')
    .innerJoin('person as p', 'p.id', 'v.victim_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.aliases',
      'p.date_of_birth',
      'p.pnc_id',
      'p.nhs_number',
      'p.probation_ref',
      'p.version',
    ])
    .where('v.case_id', '=', caseId)
    .where('v.id', '=', caseVictimId)
    .where('v.withdrawn_at', 'is', null)
    .executeTakeFirst();
}

/** The amendments made on this case to one person (the subject or a victim), newest first, with who made them. */
export function listAmendments(tx: Tx, caseId: string, personId: string) {
  return tx
    .selectFrom('person_amendment as a')
    .innerJoin('app_user as u', 'u.id', 'a.by_user')
    .select(['a.id', 'a.version_after', 'a.changes', 'a.reason', 'a.at', 'u.display_name as by'])
    .where('a.case_id', '=', caseId)
    .where('a.person_id', '=', personId)
    .orderBy('a.at', 'desc')
    .execute();
}

export type AmendmentRow = Awaited<ReturnType<typeof listAmendments>>[number];

/** Writes the new values if the person is still at `version`; false when someone changed them first. */
export async function updatePerson(
  tx: Tx,
  personId: string,
  version: number,
  values: {
    given_name: string;
    family_name: string;
    aliases: string[];
    date_of_birth: string | null;
    pnc_id: string | null;
    nhs_number: string | null;
    probation_ref: string | null;
    search_name: string;
  },
): Promise<boolean> {
  const result = await tx
    .updateTable('person')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', personId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertAmendment(
  tx: Tx,
  a: {
    caseId: string;
    personId: string;
    versionAfter: number;
    changes: Record<string, { from: unknown; to: unknown }>;
    reason: string;
    by: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('person_amendment')
    .values({
      case_id: a.caseId,
      person_id: a.personId,
      version_after: a.versionAfter,
      changes: JSON.stringify(a.changes),
      reason: a.reason,
      by_user: a.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
