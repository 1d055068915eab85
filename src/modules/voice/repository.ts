import type { Tx } from '../../platform/db/request-tx.js';

export function listVoice(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_voice as v')
    .innerJoin('case_victim as cv', 'cv.id', 'v.case_victim_id')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .innerJoin('app_user as u', 'u.id', 'v.author_id')
    .select([
      'v.id',
      'v.body',
      'v.sharing',
      'v.recorded_on',
      'v.created_at',
      'u.display_name as author',
      'p.given_name',
      'p.family_name',
    ])
    .where('v.case_id', '=', caseId)
    .orderBy('v.recorded_on', 'desc')
    .orderBy('v.created_at', 'desc')
    .execute();
}

export function caseVictims(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_victim as cv')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .select(['cv.id', 'cv.relationship', 'p.given_name', 'p.family_name'])
    .where('cv.case_id', '=', caseId)
    .orderBy('cv.created_at')
    .execute();
}

export async function insertVoice(
  tx: Tx,
  caseId: string,
  authorId: string,
  v: { caseVictimId: string; body: string; sharing: string; recordedOn: string },
): Promise<string> {
  const row = await tx
    .insertInto('victim_voice')
    .values({
      case_id: caseId,
      case_victim_id: v.caseVictimId,
      author_id: authorId,
      body: v.body,
      sharing: v.sharing,
      recorded_on: v.recordedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
