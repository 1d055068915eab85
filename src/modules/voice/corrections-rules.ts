import { plainValue } from '../../platform/corrections/index.js';
import { formatDate } from '../../platform/views/format.js';
import type { VoiceRow } from './repository.js';
import type { SHARING, TOPICS } from './schemas.js';

/** A voice entry's amendable details, as compared and kept in its history. */
export type VoiceDetails = {
  caseVictimId: string;
  recordedOn: string;
  topic: string;
  body: string;
  sharing: string;
};

/** Each amendable field, in the order the history shows them. */
export const VOICE_FIELD_LABELS: Record<keyof VoiceDetails, string> = {
  caseVictimId: 'Victim',
  recordedOn: 'When the victim said this',
  topic: 'What the views are about',
  body: 'What the victim said',
  sharing: 'Shared with the team',
};

export const TOPIC_TEXT: Record<(typeof TOPICS)[number], string> = {
  interventions: 'The interventions with the person referred',
  order_conditions: 'Proposed order conditions',
  bail_licence_conditions: 'Bail or licence conditions',
  own_safety: 'Their own safety',
  other: 'Something else',
};

export const SHARING_TEXT: Record<(typeof SHARING)[number], string> = {
  verbatim: 'Yes, in their own words',
  summarised: 'Yes, as a summary',
  not_shared: 'No, it is not to be shared',
};

/** The entry as it stands, in the amendment's shape. */
export const detailsOfVoice = (v: VoiceRow): VoiceDetails => ({
  caseVictimId: v.case_victim_id,
  recordedOn: v.recorded_on,
  topic: v.topic,
  body: v.body,
  sharing: v.sharing,
});

/** The correction form's values from the entry as it stands (the date in its three parts). */
export function formValuesOfVoice(v: VoiceRow): Record<string, string> {
  const [year, month, day] = v.recorded_on.split('-');
  return {
    caseVictimId: v.case_victim_id,
    topic: v.topic,
    body: v.body,
    sharing: v.sharing,
    'recordedOn-day': String(Number(day)),
    'recordedOn-month': String(Number(month)),
    'recordedOn-year': year ?? '',
  };
}

/** One value of the history as people read it: a victim by name (`victims`: id → name), dates, labels. */
export function shownVoiceValue(field: string, v: unknown, victims: ReadonlyMap<string, string>): string {
  if (v === null || v === undefined || v === '') return plainValue(v);
  switch (field) {
    case 'caseVictimId':
      return victims.get(String(v)) ?? 'A victim no longer on the case';
    case 'recordedOn':
      return formatDate(String(v));
    case 'topic':
      return TOPIC_TEXT[v as keyof typeof TOPIC_TEXT] ?? String(v);
    case 'sharing':
      return SHARING_TEXT[v as keyof typeof SHARING_TEXT] ?? String(v);
    default:
      return plainValue(v);
  }
}
