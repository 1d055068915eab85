import { auditCase, requireRead } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import {
  amendmentsOf,
  amendRecord,
  standingRecord,
  withdrawalOf,
  withdrawRecord,
  type AmendableKind,
} from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { listVictims as caseVictims } from '../cases/public.js';
import { detailsOfVoice, VOICE_FIELD_LABELS, type VoiceDetails } from './corrections-rules.js';
import { getVoice, updateVoice } from './repository.js';
import type { VoiceInput } from './schemas.js';

/**
 * Correcting the victim's voice (issue 11): amending an entry with a reason and withdrawing one as
 * entered in error, both with write access to the voice. Row-level security keeps an entry the
 * victim asked not to be shared, its corrections and its withdrawal with those who hold the
 * victim's contact: to anyone else such an entry is not found.
 */

type Channel = 'page' | 'api';

const RECORD = { table: 'victim_voice', compartment: 'victim_voice', what: 'voice entry' } as const;

export const VOICE_KIND: AmendableKind<VoiceDetails> = {
  ...RECORD,
  amendments: 'victim_voice_amendment',
  labels: VOICE_FIELD_LABELS,
  field: 'reason',
};

/**
 * One entry with its corrections and its withdrawal, for its page and the API (read access to the
 * voice; NotFound when row-level security hides it). Audited as "victim_voice.view".
 */
export async function openVoiceEntry(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; entryId: string },
  channel: Channel,
) {
  const h = await openCase(tx, user, target.caseId);
  requireRead(h.access, 'victim_voice');
  const entry = await getVoice(tx, target.caseId, target.entryId);
  if (!entry) throw new NotFound();
  const amendments = await amendmentsOf(tx, 'victim_voice_amendment', target.caseId, target.entryId);
  await auditCase(tx, actor, h.access, {
    action: 'victim_voice.view',
    recordType: 'victim_voice',
    recordId: entry.id,
    details: { amendments: amendments.length, channel },
  });
  return {
    h,
    entry,
    amendments,
    withdrawn: withdrawalOf(entry.withdrawn_at, entry.withdrawn_by, entry.withdrawn_reason),
    victims: await caseVictims(tx, target.caseId),
  };
}

/** The correction form: the entry as it stands (write access; not withdrawn) and the case's victims. */
export async function amendVoicePage(tx: Tx, user: SessionUser, target: { caseId: string; entryId: string }) {
  const h = await standingRecord(
    tx,
    user,
    { ...RECORD, caseId: target.caseId, id: target.entryId },
    'correct a voice entry',
  );
  const entry = await getVoice(tx, target.caseId, target.entryId);
  if (!entry) throw new NotFound();
  return { h, entry, victims: await caseVictims(tx, target.caseId) };
}

/**
 * Corrects an entry: every detail as it should now be, the reason and the version read. Throws as
 * `amendRecord` (stale, withdrawn, nothing changed) and Invalid when the victim is not on the case.
 * Returns the amendment's id.
 */
export async function amendVoice(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; entryId: string },
  input: { entry: VoiceInput; reason: string; version: number },
  channel: Channel,
): Promise<string> {
  const { caseId, entryId } = target;
  const done = await amendRecord(
    tx,
    user,
    actor,
    VOICE_KIND,
    { caseId, id: entryId },
    { details: input.entry, reason: input.reason, version: input.version },
    {
      // after the access checks: the victim chosen must be on this case
      load: async () => {
        if (!(await caseVictims(tx, caseId)).some((v) => v.id === input.entry.caseVictimId))
          throw new Invalid('The voice entry is not valid', [
            { field: 'caseVictimId', message: 'Select a victim on this case' },
          ]);
        const entry = await getVoice(tx, caseId, entryId);
        return entry ? { version: entry.version, details: detailsOfVoice(entry) } : null;
      },
      save: (details, version) => updateVoice(tx, entryId, version, details),
    },
    channel,
  );
  return done.id;
}

/** The confirmation page before withdrawing an entry (write access; not already withdrawn). */
export const withdrawVoicePage = amendVoicePage;

/**
 * Withdraws an entry as entered in error, with the reason: it leaves the list, the overview, the
 * voice freshness and the evaluation, and stays, marked, on its own page. Conflict when withdrawn.
 */
export function withdrawVoice(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; entryId: string },
  reason: string,
  channel: Channel,
): Promise<void> {
  return withdrawRecord(tx, user, actor, { ...RECORD, caseId: target.caseId, id: target.entryId }, reason, channel);
}
