import { changesBetween, type Changes } from '../../platform/amendments.js';
import type { Subject } from './repository.js';

/** The person's details as the form and the API give them (identifiers already canonical). */
export type PersonDetails = {
  givenName: string;
  familyName: string;
  aliases: string[];
  dateOfBirth: string | null;
  pncId: string | null;
  nhsNumber: string | null;
  probationRef: string | null;
};

/** Each amendable field, in the order the history shows them, with its name in the interface. */
export const FIELD_LABELS: Record<keyof PersonDetails, string> = {
  givenName: 'First name',
  familyName: 'Last name',
  aliases: 'Other names',
  dateOfBirth: 'Date of birth',
  pncId: 'Police National Computer ID',
  nhsNumber: 'NHS number',
  probationRef: 'Probation case reference',
};

export function detailsOf(s: Subject): PersonDetails {
  return {
    givenName: s.given_name,
    familyName: s.family_name,
    aliases: s.aliases,
    dateOfBirth: s.date_of_birth,
    pncId: s.pnc_id,
    nhsNumber: s.nhs_number,
    probationRef: s.probation_ref,
  };
}

/**
 * What an amendment changes: `{ field: { from, to } }` for each field whose value differs (aliases
 * compared as lists, in order). Empty when nothing changes.
 */
export function personChanges(current: PersonDetails, next: PersonDetails): Changes {
  return changesBetween(current, next, Object.keys(FIELD_LABELS) as (keyof PersonDetails)[]);
}
