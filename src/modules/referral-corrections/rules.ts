import { plainValue } from '../../platform/corrections/index.js';
import { Invalid } from '../../platform/errors.js';
import { labels } from '../../platform/views/labels.js';
import { ageOn } from '../referrals/rules.js';
import { VICTIM_KIND_TEXT } from '../victims/schemas.js';

/**
 * Correcting what was recorded at referral (issue 11): the referral's details, each offence and
 * each victim's place on the case. What each kind's correctable details are, how people name
 * them, how a value reads in the history, and when a correction or a withdrawal is refused.
 */

/** The referral's correctable details (the referrer's account and the case stay as they are). */
export type ReferralDetails = {
  referringAgencyId: string;
  referrerName: string;
  reason: string;
  consent: string;
  consentNotes: string;
  isAdult: boolean;
  livesInArea: boolean;
};

export const REFERRAL_LABELS: Readonly<Record<keyof ReferralDetails, string>> = {
  referringAgencyId: 'Referring agency',
  referrerName: 'Referrer',
  reason: 'Reason for referral',
  consent: 'Consent',
  consentNotes: 'Consent notes',
  isAdult: 'Adult',
  livesInArea: 'Lives in the site’s area',
};

/** An offence's correctable details. */
export type OffenceDetails = { code: string; description: string };

export const OFFENCE_LABELS: Readonly<Record<keyof OffenceDetails, string>> = {
  code: 'Offence',
  description: 'Details',
};

/** A victim's correctable place on the case (who they are is the person's own record). */
export type VictimDetails = { relationship: string; kind: string };

export const VICTIM_LABELS: Readonly<Record<keyof VictimDetails, string>> = {
  relationship: 'Relationship to the person referred',
  kind: 'On this case as',
};

const lookup = (table: Readonly<Record<string, string>>, v: unknown) =>
  typeof v === 'string' && v in table ? table[v]! : plainValue(v);

/**
 * A value in a history as people read it: codes by their labels, agencies by name (`agencies`
 * maps ids to names; an agency not found reads "Another agency").
 */
export function shownValue(agencies: ReadonlyMap<string, string>) {
  return (field: string, v: unknown): string => {
    switch (field) {
      case 'referringAgencyId':
        return typeof v === 'string' ? (agencies.get(v) ?? 'Another agency') : plainValue(v);
      case 'consent':
        return lookup(labels.consent, v);
      case 'code':
        return lookup(labels.offence, v);
      case 'relationship':
        return lookup(labels.relationship, v);
      case 'kind':
        return lookup(VICTIM_KIND_TEXT, v);
      default:
        return plainValue(v);
    }
  };
}

/**
 * A correction saying the person is an adult when their recorded date of birth says otherwise is
 * refused at the field (the date of birth is corrected on the person's own page). Invalid or null.
 */
export function referralConsistency(
  details: Pick<ReferralDetails, 'isAdult'>,
  dateOfBirth: string | null,
  today: Date = new Date(),
): Invalid | null {
  if (details.isAdult && dateOfBirth && ageOn(dateOfBirth, today) < 18)
    return new Invalid('The referral is not valid', [
      {
        field: 'isAdult',
        message:
          'The date of birth shows the person is under 18: correct the date of birth first, or answer no',
      },
    ]);
  return null;
}

/**
 * An offence may be withdrawn only while another offence stands: a case is referred for at least
 * one offence, and the one left entered in error is corrected instead. Invalid or null.
 */
export function offenceWithdrawalProblem(standingOffences: number): Invalid | null {
  if (standingOffences > 1) return null;
  return new Invalid('This is the case’s only offence', [
    {
      field: 'reason',
      message: 'A case needs at least one offence: correct this offence instead of withdrawing it',
    },
  ]);
}

/**
 * A victim may be withdrawn only when no standing incident names them: such an incident is
 * corrected to the right victim (or withdrawn) first, so nothing on the case names someone entered
 * in error. Invalid or null.
 */
export function victimWithdrawalProblem(incidentsNamingThem: number): Invalid | null {
  if (!incidentsNamingThem) return null;
  const n = incidentsNamingThem === 1 ? '1 incident names' : `${incidentsNamingThem} incidents name`;
  return new Invalid('Incidents name this victim', [
    {
      field: 'reason',
      message: `${n} this victim: correct or withdraw ${incidentsNamingThem === 1 ? 'it' : 'them'} first`,
    },
  ]);
}
