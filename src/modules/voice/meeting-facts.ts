import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/** Per open case at a site: whether it has victims, and the date of its latest shared voice entry. */
export type VoiceFacts = { caseId: string; hasVictims: boolean; lastVoiceOn: string | null };

/**
 * For the multi-agency meeting's agenda: for each open case at the site, whether it has victims and
 * when the victim's voice was last recorded to be shared (row-level security hides what the user
 * may not read). Nothing of any entry's content.
 */
export async function voiceFactsAtSite(tx: Tx, siteId: string): Promise<VoiceFacts[]> {
  const result = await sql<{ case_id: string; has_victims: boolean; last_voice_on: string | null }>`
    select c.id as case_id,
           -- a victim withdrawn as entered in error is not one (migration 031)
           exists (select 1 from case_victim cv where cv.case_id = c.id and cv.withdrawn_at is null) as has_victims,
           (select max(v.recorded_on)::text from victim_voice v
             where v.case_id = c.id and v.sharing <> 'not_shared' and v.withdrawn_at is null) as last_voice_on
      from cases c
     where c.site_id = ${siteId}::uuid and c.status not in ('closed', 'declined')`.execute(tx);
  return result.rows.map((r) => ({
    caseId: r.case_id,
    hasVictims: r.has_victims,
    lastVoiceOn: r.last_voice_on,
  }));
}

/** The site's period within which the victim's voice counts as up to date, in days. */
export async function siteVoiceFreshDays(tx: Tx, siteId: string): Promise<number> {
  const r = await tx
    .selectFrom('site')
    .select('voice_fresh_days')
    .where('id', '=', siteId)
    .executeTakeFirst();
  return r?.voice_fresh_days ?? 28;
}

/**
 * Voice entries by id, as the reader may see them (row-level security hides the others): for the
 * meeting's minutes, which link the latest shared entry brought by the advocate (not one withdrawn
 * as entered in error since).
 */
export async function voiceEntriesByIds(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; body: string; recordedOn: string }[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('victim_voice')
    .select(['id', 'body', sql<string>`recorded_on::text`.as('recorded_on')])
    .where('id', 'in', ids)
    .where('sharing', '<>', 'not_shared')
    .where('withdrawn_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, body: r.body, recordedOn: r.recorded_on }));
}
