import { plainValue } from '../../platform/corrections/index.js';
import { formatDate } from '../../platform/views/format.js';
import type { ContactLogRow } from './repository.js';
import { METHOD_TEXT, type ContactLogInput } from './schemas.js';

/** Each amendable field of a contact log entry, in the order the history shows them. */
export const CONTACT_LOG_FIELD_LABELS: Record<keyof ContactLogInput, string> = {
  caseVictimId: 'Victim',
  contactedOn: 'Date of the contact',
  method: 'How the contact was made',
  contactWith: 'Who the contact was with',
  summary: 'Summary of the contact',
  victimUpdated: 'Victim updated on the case',
};

/** The entry as it stands, in the amendment's shape. */
export const detailsOfContact = (c: ContactLogRow): ContactLogInput => ({
  caseVictimId: c.case_victim_id,
  contactedOn: c.contacted_on,
  method: c.method as ContactLogInput['method'],
  contactWith: c.contact_with,
  summary: c.summary,
  victimUpdated: c.victim_updated,
});

/** The correction form's values from the entry as it stands (the date in its three parts). */
export function formValuesOfContact(c: ContactLogRow): Record<string, string> {
  const [year, month, day] = c.contacted_on.split('-');
  return {
    caseVictimId: c.case_victim_id,
    method: c.method,
    contactWith: c.contact_with,
    summary: c.summary,
    victimUpdated: c.victim_updated ? 'yes' : 'no',
    'contactedOn-day': String(Number(day)),
    'contactedOn-month': String(Number(month)),
    'contactedOn-year': year ?? '',
  };
}

/** One value of the history as people read it: a victim by name (`victims`: id → name), dates, labels. */
export function shownContactValue(field: string, v: unknown, victims: ReadonlyMap<string, string>): string {
  if (v === null || v === undefined || v === '') return plainValue(v);
  switch (field) {
    case 'caseVictimId':
      return victims.get(String(v)) ?? 'A victim no longer on the case';
    case 'contactedOn':
      return formatDate(String(v));
    case 'method':
      return METHOD_TEXT[v as keyof typeof METHOD_TEXT] ?? String(v);
    default:
      return plainValue(v);
  }
}
