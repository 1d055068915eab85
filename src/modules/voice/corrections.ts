import { correctable } from '../../platform/corrections/index.js';
import { listVictims as caseVictims } from '../cases/public.js';
import { detailsOfVoice, VOICE_FIELD_LABELS, type VoiceDetails } from './corrections-rules.js';
import { getVoice, updateVoice, type VoiceRow } from './repository.js';

/**
 * Correcting the victim's voice (issue 11): amending an entry with a reason and withdrawing one as
 * entered in error, both with write access to the voice. Row-level security keeps an entry the
 * victim asked not to be shared, its corrections and its withdrawal with those who hold the
 * victim's contact (to anyone else it is not found), and once an entry was ever not to be shared,
 * its corrections stay with them even after the victim agrees to share it (migration 032).
 */
export const voiceEntries = correctable<VoiceRow, VoiceDetails>({
  kind: {
    table: 'victim_voice',
    compartment: 'victim_voice',
    what: 'voice entry',
    amendments: 'victim_voice_amendment',
    labels: VOICE_FIELD_LABELS,
    field: 'reason',
  },
  get: getVoice,
  version: (r) => r.version,
  details: detailsOfVoice,
  withdrawal: (r) => ({ at: r.withdrawn_at, by: r.withdrawn_by, reason: r.withdrawn_reason }),
  update: updateVoice,
  check: async (tx, caseId, d) =>
    (await caseVictims(tx, caseId)).some((v) => v.id === d.caseVictimId)
      ? []
      : [{ field: 'caseVictimId', message: 'Select a victim on this case' }],
});
