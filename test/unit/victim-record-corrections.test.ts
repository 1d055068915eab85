import { describe, expect, it } from 'vitest';
import {
  CONTACT_LOG_FIELD_LABELS,
  formValuesOfContact,
  shownContactValue,
} from '../../src/modules/contact-log/corrections-rules.js';
import type { ContactLogRow } from '../../src/modules/contact-log/repository.js';
import { CONTACT_FIELD_LABELS, EMPTY_CONTACT } from '../../src/modules/victims/schemas.js';
import {
  detailsOfVoice,
  formValuesOfVoice,
  shownVoiceValue,
  VOICE_FIELD_LABELS,
} from '../../src/modules/voice/corrections-rules.js';
import type { VoiceRow } from '../../src/modules/voice/repository.js';
import { changesBetween, historyOf, namesOnly } from '../../src/platform/corrections/index.js';

const voice: VoiceRow = {
  id: '00000000-0000-4000-8000-000000000001',
  case_victim_id: '00000000-0000-4000-8000-0000000000aa',
  body: 'She wants the order to cover her street',
  topic: 'order_conditions',
  sharing: 'summarised',
  recorded_on: '2026-03-04',
  created_at: new Date('2026-03-04T10:00:00Z'),
  version: 1,
  withdrawn_at: null,
  withdrawn_reason: null,
  withdrawn_by: null,
  author: 'Ada Advocate',
  given_name: 'Sophie',
  family_name: 'Rainer',
};

const victims = new Map([[voice.case_victim_id, 'Sophie Rainer']]);
const fields = <T extends object>(labels: T) => Object.keys(labels) as (keyof T & string)[];

describe('correcting a voice entry (issue 11)', () => {
  it('starts the form from the entry as it stands, the date in its three parts as typed', () => {
    expect(formValuesOfVoice(voice)).toEqual({
      caseVictimId: voice.case_victim_id,
      topic: 'order_conditions',
      body: 'She wants the order to cover her street',
      sharing: 'summarised',
      'recordedOn-day': '4',
      'recordedOn-month': '3',
      'recordedOn-year': '2026',
    });
  });

  it('finds no change when the same details are saved again, and names each field that changed', () => {
    const current = detailsOfVoice(voice);
    expect(changesBetween(current, { ...current }, fields(VOICE_FIELD_LABELS))).toEqual({});
    expect(
      changesBetween(current, { ...current, sharing: 'not_shared' }, fields(VOICE_FIELD_LABELS)),
    ).toEqual({ sharing: { from: 'summarised', to: 'not_shared' } });
  });

  it('shows the history in words: the victim by name, the date, the topic and the sharing choice', () => {
    expect(shownVoiceValue('caseVictimId', voice.case_victim_id, victims)).toBe('Sophie Rainer');
    expect(shownVoiceValue('caseVictimId', 'someone-else', victims)).toBe('A victim no longer on the case');
    expect(shownVoiceValue('recordedOn', '2026-03-04', victims)).toBe('4 March 2026');
    expect(shownVoiceValue('topic', 'own_safety', victims)).toBe('Their own safety');
    expect(shownVoiceValue('sharing', 'not_shared', victims)).toBe('No, it is not to be shared');
    const [entry] = historyOf(
      [
        {
          at: new Date('2026-03-05T09:00:00Z'),
          by: 'Ada Advocate',
          reason: 'She chose not to share it',
          changes: { sharing: { from: 'summarised', to: 'not_shared' }, body: { from: 'a', to: 'b' } },
        },
      ],
      VOICE_FIELD_LABELS,
      (f, v) => shownVoiceValue(f, v, victims),
    );
    // in the labels' order: what was said before whether it is shared
    expect(entry!.rows.map((r) => r.label)).toEqual(['What the victim said', 'Shared with the team']);
  });
});

describe('correcting a contact log entry (issue 11)', () => {
  const log = {
    id: '00000000-0000-4000-8000-000000000002',
    case_victim_id: voice.case_victim_id,
    contacted_on: '2026-03-10',
    method: 'phone',
    contact_with: 'the victim',
    summary: 'Explained the bail conditions',
    victim_updated: false,
    created_at: new Date('2026-03-10T10:00:00Z'),
    version: 2,
    withdrawn_at: null,
    withdrawn_reason: null,
    withdrawn_by: null,
    author: 'Ada Advocate',
    given_name: 'Sophie',
    family_name: 'Rainer',
  } satisfies ContactLogRow;

  it('starts the form from the entry as it stands (yes or no as the radios say it)', () => {
    expect(formValuesOfContact(log)).toMatchObject({
      method: 'phone',
      victimUpdated: 'no',
      'contactedOn-day': '10',
      'contactedOn-month': '3',
      'contactedOn-year': '2026',
    });
  });

  it('shows the method and the date in words, a yes or no as such', () => {
    expect(shownContactValue('method', 'video_call', victims)).toBe('Video call');
    expect(shownContactValue('contactedOn', '2026-03-10', victims)).toBe('10 March 2026');
    expect(shownContactValue('victimUpdated', true, victims)).toBe('Yes');
    expect(Object.keys(CONTACT_LOG_FIELD_LABELS)).toContain('summary');
  });
});

describe('correcting a victim’s contact details (issue 11)', () => {
  it('keeps only the names of the fields that changed, never a value (the details are encrypted)', () => {
    const before = { ...EMPTY_CONTACT, address: '4 Wren Close', phone: '01632 960 555' };
    const after = { ...before, address: '9 Lark Rise' };
    const changes = changesBetween(before, after, fields(CONTACT_FIELD_LABELS));
    expect(changes).toEqual({ address: { from: '4 Wren Close', to: '9 Lark Rise' } });
    const kept = namesOnly(changes);
    expect(kept).toEqual({ address: { from: null, to: null } });
    expect(JSON.stringify(kept)).not.toMatch(/Wren|Lark/);
  });
});
