/**
 * THE OUTCOME FRAMEWORK, defined once. The report (/evaluation), the method page
 * (/evaluation/method, generated from these definitions), the research extract and the
 * reproduction script (scripts/reproduce-evaluation.ts) all use these rules and nothing else.
 *
 * A case's facts (dates and codes, no identity) come from the database; here they become cohort
 * memberships, a start date and, for each outcome, an observation for survival analysis: the time
 * in days from the start date to the first event after it, or to the end of follow-up (censored).
 */

/** The facts of one case the rules need (dates as `YYYY-MM-DD`). */
export type CaseFacts = {
  siteId: string;
  referredOn: string;
  acceptedOn: string | null;
  acceptedMode: string | null;
  interventionOn: string | null;
  declinedOn: string | null;
  closedOn: string | null;
  dischargedOn: string | null;
  dischargeKind: string | null;
  unplannedReason: string | null;
  firstSessionOn: string | null;
  typology: string | null;
  riskAtEntry: string | null;
  ageAtReferral: number | null;
};

export type Cohort = {
  key: string;
  label: string;
  /** the rule in words, for the method page */
  rule: string;
  member(c: CaseFacts): boolean;
};

/** The cohorts. They overlap: every case is "referred"; a completed intervention was accepted for one. */
export const COHORTS: readonly Cohort[] = [
  {
    key: 'referred',
    label: 'Referred',
    rule: 'Every case referred to the programme in the period.',
    member: () => true,
  },
  {
    key: 'accepted_consultation',
    label: 'Accepted for consultation',
    rule: 'Cases first accepted with consultation (advice to the referring agency) as the mode.',
    member: (c) => c.acceptedOn !== null && c.acceptedMode === 'consultation',
  },
  {
    key: 'accepted_intervention',
    label: 'Accepted for intervention',
    rule: 'Cases accepted for direct intervention, at acceptance or later (moved from consultation).',
    member: (c) => c.interventionOn !== null,
  },
  {
    key: 'completed_intervention',
    label: 'Completed intervention',
    rule: 'Cases accepted for intervention and discharged as planned.',
    member: (c) => c.interventionOn !== null && c.dischargeKind === 'planned',
  },
  {
    key: 'declined_or_disengaged',
    label: 'Declined or disengaged',
    rule: 'Cases the programme declined, and cases discharged unplanned because the person disengaged.',
    member: (c) => c.declinedOn !== null || c.unplannedReason === 'disengaged',
  },
];

export type StartDate = {
  key: string;
  label: string;
  rule: string;
  of(c: CaseFacts): string | null;
};

/** The dates follow-up can count from. A case without the chosen date is left out of the analysis. */
export const START_DATES: readonly StartDate[] = [
  {
    key: 'referral',
    label: 'Referral',
    rule: 'The day the case was referred.',
    of: (c) => c.referredOn,
  },
  {
    key: 'acceptance',
    label: 'Acceptance',
    rule: 'The day the case was first accepted (consultation or intervention).',
    of: (c) => c.acceptedOn,
  },
  {
    key: 'first_session',
    label: 'First session',
    rule: 'The day of the first intervention session the person attended (on time or late).',
    of: (c) => c.firstSessionOn,
  },
  {
    key: 'discharge',
    label: 'Discharge',
    rule: 'The discharge date recorded as the date the evaluation counts from.',
    of: (c) => c.dischargedOn,
  },
];

export type OutcomeKey = 'stalking_harassment' | 'any_offence' | 'breach' | 'police_incident';

export type Outcome = { key: OutcomeKey; label: string; rule: string };

/** Re-offending outcomes: the first event of the kind dated after (not on) the start date. */
export const OUTCOMES: readonly Outcome[] = [
  {
    key: 'stalking_harassment',
    label: 'New stalking or harassment offence',
    rule:
      'The first new offence classified as stalking or harassment (Protection from Harassment Act 1997 s2, s2A, s4 or s4A: ' +
      'an arrest, charge, caution or conviction) with an offence date after the start date; the primary outcome.',
  },
  {
    key: 'any_offence',
    label: 'Any new offence',
    rule: 'The first new offence of any classification with an offence date after the start date.',
  },
  {
    key: 'breach',
    label: 'Breach of an order',
    rule: 'The first recorded breach of an order, licence or bail condition (or failure to notify) after the start date.',
  },
  {
    key: 'police_incident',
    label: 'Police-recorded incident',
    rule: 'The first incident in the course of conduct reported by the police, dated after the start date.',
  },
];

/** The first event of each outcome kind after the case's start date (null: none recorded). */
export type FirstEvents = Record<OutcomeKey, string | null>;

/** Days in a month for the horizons: 365.25 / 12. */
export const DAYS_PER_MONTH = 365.25 / 12;
/** The horizons (months) at which proportions re-offending are published. */
export const HORIZON_MONTHS = [6, 12, 24] as const;
/** A horizon in whole days: 6 months is 183 days, 12 is 365, 24 is 731. */
export const horizonDays = (months: number): number => Math.round(months * DAYS_PER_MONTH);

/** Unplanned discharges after which the programme no longer learns of offending: loss to follow-up. */
export const LOST_TO_FOLLOW_UP = ['moved_out_of_area', 'transferred', 'returned_to_custody'] as const;

export const CENSORING_RULE =
  'Follow-up ends at the earliest of the data date and loss to follow-up (an unplanned discharge because the person ' +
  'moved out of the area, was transferred or returned to custody, on the discharge date). Death is not recorded in ' +
  'Recolo, so no case is censored at death. An event on or after the end of follow-up does not count. A case ' +
  'whose follow-up is zero days long (its start date is the data date) is left out.';

/** One case's survival observation: days from the start date, and whether the event ended them. */
export type Observation = { time: number; event: boolean };

const DAY_MS = 86_400_000;
/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The end of a case's follow-up (see CENSORING_RULE). */
export function followUpEnd(c: CaseFacts, start: string, dataDate: string): string {
  let end = dataDate;
  const lost = (LOST_TO_FOLLOW_UP as readonly string[]).includes(c.unplannedReason ?? '');
  if (lost && c.dischargedOn && c.dischargedOn > start && c.dischargedOn < end) end = c.dischargedOn;
  return end;
}

/**
 * The observation for one outcome: the event when its first date after the start is before the end
 * of follow-up; otherwise censored at the end of follow-up. Null when the case has no follow-up.
 */
export function observe(start: string, end: string, eventOn: string | null): Observation | null {
  const followUp = daysBetween(start, end);
  if (followUp <= 0) return null;
  if (eventOn !== null && eventOn > start && eventOn < end) {
    return { time: daysBetween(start, eventOn), event: true };
  }
  return { time: followUp, event: false };
}

/** Crude proportion with the event by a horizon: of the cases followed that long or with the event before it. */
export type HorizonCount = { months: number; days: number; followed: number; events: number };

/**
 * For each horizon: the cases whose outcome is known at the horizon (the event happened by then, or
 * follow-up lasted at least that long) and those with the event by then. Cases censored earlier
 * are not counted (their outcome at the horizon is unknown).
 */
export function horizonCounts(observations: readonly Observation[]): HorizonCount[] {
  return HORIZON_MONTHS.map((months) => {
    const days = horizonDays(months);
    let followed = 0;
    let events = 0;
    for (const o of observations) {
      if (o.event && o.time <= days) {
        followed += 1;
        events += 1;
      } else if (o.time >= days) followed += 1;
    }
    return { months, days, followed, events };
  });
}

/** Age bands for the extract and the tables (years at referral). */
export const AGE_BANDS = [
  { label: '18 to 24', min: 18, max: 24 },
  { label: '25 to 34', min: 25, max: 34 },
  { label: '35 to 44', min: 35, max: 44 },
  { label: '45 to 54', min: 45, max: 54 },
  { label: '55 and over', min: 55, max: 200 },
] as const;

/** The band of an age in years; "Not known" without one, "Under 18" below the programme's age. */
export function ageBand(age: number | null): string {
  if (age === null) return 'Not known';
  return AGE_BANDS.find((b) => age >= b.min && age <= b.max)?.label ?? 'Under 18';
}

/** Risk change from the first to the latest structured-judgement rating of a domain. */
export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export function riskDirection(first: string, latest: string): 'down' | 'same' | 'up' {
  const a = RISK_LEVELS.indexOf(first as (typeof RISK_LEVELS)[number]);
  const b = RISK_LEVELS.indexOf(latest as (typeof RISK_LEVELS)[number]);
  return b < a ? 'down' : b > a ? 'up' : 'same';
}

/** Victim safety: days either side of acceptance over which victim-reported incidents are counted. */
export const VICTIM_WINDOW_DAYS = 90;
/** Incidents per 30 days: incidents × 30 / days observed. */
export const per30Days = (incidents: number, days: number): number | null =>
  days > 0 ? (incidents * 30) / days : null;

/** Engagement rules, in words (sessions are counted from the sessions the health team schedules). */
export const ENGAGEMENT_RULES = [
  'Offered: every intervention session scheduled for a time up to the data date.',
  'Attended: sessions recorded as attended or attended late.',
  'Did not attend (DNA) rate: sessions recorded as did not attend, divided by sessions attended plus did not attend.',
  'Cancellations by the person or the service are counted separately and are in neither part of the DNA rate.',
  'Course completed: the sessions attended reach the planned sessions of the latest intervention plan.',
];

/** DNA rate: did not attend ÷ (attended + did not attend); null when neither. */
export const dnaRate = (attended: number, dna: number): number | null =>
  attended + dna > 0 ? dna / (attended + dna) : null;

/** Cases in the cohort, with the start date chosen. */
export function inCohort<T extends CaseFacts>(facts: readonly T[], cohortKey: string): T[] {
  const cohort = COHORTS.find((c) => c.key === cohortKey) ?? COHORTS[0]!;
  return facts.filter((c) => cohort.member(c));
}
