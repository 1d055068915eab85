import { sql } from 'kysely';
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
      'v.topic',
      'v.sharing',
      'v.recorded_on',
      'v.created_at',
      'u.display_name as author',
      'p.given_name',
      'p.family_name',
    ])
    .where('v.case_id', '=', caseId)
    .where('v.withdrawn_at', 'is', null)
    .orderBy('v.recorded_on', 'desc')
    .orderBy('v.created_at', 'desc')
    .execute();
}

/** The entries withdrawn as entered in error (as the reader may see them), for the list's last section. */
export function listWithdrawnVoice(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_voice as v')
    .select(['v.id', 'v.recorded_on', 'v.withdrawn_at'])
    .where('v.case_id', '=', caseId)
    .where('v.withdrawn_at', 'is not', null)
    .orderBy('v.withdrawn_at', 'desc')
    .execute();
}

/** One entry as it stands, withdrawn or not (row-level security hides what the reader may not see). */
export function getVoice(tx: Tx, caseId: string, id: string) {
  return tx
    .selectFrom('victim_voice as v')
    .innerJoin('case_victim as cv', 'cv.id', 'v.case_victim_id')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .innerJoin('app_user as u', 'u.id', 'v.author_id')
    .leftJoin('app_user as w', 'w.id', 'v.withdrawn_by')
    .select([
      'v.id',
      'v.case_victim_id',
      'v.body',
      'v.topic',
      'v.sharing',
      sql<string>`v.recorded_on::text`.as('recorded_on'),
      'v.created_at',
      'v.version',
      'v.withdrawn_at',
      'v.withdrawn_reason',
      'w.display_name as withdrawn_by',
      'u.display_name as author',
      'p.given_name',
      'p.family_name',
    ])
    .where('v.case_id', '=', caseId)
    .where('v.id', '=', id)
    .executeTakeFirst();
}

export type VoiceRow = NonNullable<Awaited<ReturnType<typeof getVoice>>>;

/** Writes an entry's corrected details as `version + 1`, only if it is still at `version`. */
export async function updateVoice(
  tx: Tx,
  id: string,
  version: number,
  v: { caseVictimId: string; body: string; topic: string; sharing: string; recordedOn: string },
): Promise<boolean> {
  const r = await tx
    .updateTable('victim_voice')
    .set({
      case_victim_id: v.caseVictimId,
      body: v.body,
      topic: v.topic,
      sharing: v.sharing,
      recorded_on: v.recordedOn,
      version: version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVoice(
  tx: Tx,
  caseId: string,
  authorId: string,
  v: { caseVictimId: string; body: string; topic: string; sharing: string; recordedOn: string },
): Promise<string> {
  const row = await tx
    .insertInto('victim_voice')
    .values({
      case_id: caseId,
      case_victim_id: v.caseVictimId,
      author_id: authorId,
      body: v.body,
      topic: v.topic,
      sharing: v.sharing,
      recorded_on: v.recordedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The latest entry per victim that the victim agreed may be shared, for the case overview. Entries
 * not to be shared are left out here even for the advocate: the overview is for the whole team.
 */
export function latestSharedVoice(tx: Tx, caseId: string) {
  return tx
    .selectFrom('victim_voice as v')
    .innerJoin('case_victim as cv', 'cv.id', 'v.case_victim_id')
    .innerJoin('person as p', 'p.id', 'cv.victim_id')
    .select([
      'v.id',
      'v.case_victim_id',
      'v.body',
      'v.topic',
      'v.sharing',
      'v.recorded_on',
      'p.given_name',
      'p.family_name',
    ])
    .distinctOn('v.case_victim_id')
    .where('v.case_id', '=', caseId)
    .where('v.sharing', '<>', 'not_shared')
    .where('v.withdrawn_at', 'is', null)
    .orderBy('v.case_victim_id')
    .orderBy('v.recorded_on', 'desc')
    .orderBy('v.created_at', 'desc')
    .execute();
}

/**
 * Whether each victim's voice is up to date, from the database (which counts every entry). A victim
 * withdrawn as entered in error (migration 031) is not one a case decision waits for.
 */
export async function voiceCurrency(tx: Tx, caseId: string) {
  const r = await sql<{
    case_victim_id: string;
    is_current: boolean;
  }>`select x.case_victim_id, x.is_current from recolo_private.voice_currency(${caseId}::uuid) x
       join case_victim cv on cv.id = x.case_victim_id
      where cv.withdrawn_at is null`.execute(tx);
  return r.rows.map((x) => ({ caseVictimId: x.case_victim_id, isCurrent: x.is_current }));
}

export async function voiceFreshDays(tx: Tx, caseId: string): Promise<number> {
  const row = await tx
    .selectFrom('cases as c')
    .innerJoin('site as s', 's.id', 'c.site_id')
    .select('s.voice_fresh_days')
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  return row?.voice_fresh_days ?? 28;
}
