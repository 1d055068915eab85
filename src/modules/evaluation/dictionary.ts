import { COHORTS, OUTCOMES, START_DATES } from './framework.js';
import { MAX_SHIFT_DAYS } from './pseudonymise.js';

/** The extract's files and their columns: the data dictionary is generated from this. */
export type ExtractFile = { name: string; title: string; columns: { name: string; meaning: string }[] };

const PSEUDONYM = {
  name: 'pseudonym',
  meaning:
    'The case’s pseudonym in this extract (a keyed hash held by the programme): the same in every file of the extract, different in every other extract.',
};
const DATE_NOTE = `shifted by the person’s own offset (up to ${MAX_SHIFT_DAYS} days either way); intervals between one person’s dates are exact`;

export const CASES_FILE: ExtractFile = {
  name: 'cases',
  title: 'One row per case',
  columns: [
    PSEUDONYM,
    { name: 'site', meaning: 'The site’s three-letter code.' },
    {
      name: 'age_band',
      meaning: 'Age at referral in bands, or “Not shown” where coarsened for k-anonymity.',
    },
    {
      name: 'typology',
      meaning:
        'Typology at the first completed structured-judgement assessment, or “Not assessed” / “Not shown”.',
    },
    {
      name: 'risk_at_entry',
      meaning:
        'Overall band (low, moderate, high) of that first assessment, or “Not assessed” / “Not shown”.',
    },
    { name: 'referred_on', meaning: `Date of referral, ${DATE_NOTE}.` },
    { name: 'accepted_on', meaning: `Date first accepted (empty: never), ${DATE_NOTE}.` },
    { name: 'accepted_mode', meaning: 'consultation or intervention at first acceptance.' },
    { name: 'intervention_on', meaning: `Date accepted for intervention (empty: never), ${DATE_NOTE}.` },
    { name: 'declined_on', meaning: `Date declined (empty: not declined), ${DATE_NOTE}.` },
    { name: 'discharged_on', meaning: `Discharge date (empty: not discharged), ${DATE_NOTE}.` },
    { name: 'discharge_kind', meaning: 'planned or unplanned.' },
    {
      name: 'unplanned_reason',
      meaning: 'disengaged, moved_out_of_area, returned_to_custody or transferred.',
    },
    { name: 'first_session_on', meaning: `Date of the first session attended, ${DATE_NOTE}.` },
    ...COHORTS.map((c) => ({
      name: `cohort_${c.key}`,
      meaning: `1 when the case is in “${c.label}”: ${c.rule}`,
    })),
    {
      name: 'start_on',
      meaning: `The start date of follow-up chosen for this extract, ${DATE_NOTE}. Empty: the case has none.`,
    },
    { name: 'followup_days', meaning: 'Days from the start date to the end of follow-up (see the method).' },
    ...OUTCOMES.flatMap((o) => [
      {
        name: `${o.key}_days`,
        meaning: `${o.label}: days from the start date to the first event, or to the end of follow-up when there was none. ${o.rule}`,
      },
      {
        name: `${o.key}_event`,
        meaning: `1 when ${o.label.toLowerCase()} ended the time, 0 when it was censored.`,
      },
    ]),
  ],
};

export const EVENT_FILES: readonly ExtractFile[] = [
  {
    name: 'offences',
    title: 'New offences after referral',
    columns: [
      PSEUDONYM,
      { name: 'offence_on', meaning: `Offence date, ${DATE_NOTE}.` },
      {
        name: 'classification',
        meaning: 'pha_s2a, pha_s4a, pha_s2, pha_s4, breach_of_order, other_violence or other.',
      },
      { name: 'event_kind', meaning: 'arrest, charge, caution or conviction.' },
    ],
  },
  {
    name: 'breaches',
    title: 'Breaches of orders',
    columns: [
      PSEUDONYM,
      { name: 'occurred_on', meaning: `Date of the breach, ${DATE_NOTE}.` },
      { name: 'breach_of', meaning: 'condition or failure_to_notify.' },
      { name: 'action', meaning: 'warning, arrest, charge, recall or nfa.' },
    ],
  },
  {
    name: 'sessions',
    title: 'Intervention sessions',
    columns: [
      PSEUDONYM,
      { name: 'session_on', meaning: `Date of the session, ${DATE_NOTE}.` },
      {
        name: 'attendance',
        meaning: 'attended, late, did_not_attend, cancelled_by_person, cancelled_by_service or not_recorded.',
      },
      { name: 'component', meaning: 'The planned component, or empty.' },
      { name: 'duration_minutes', meaning: 'How long it lasted (sessions that took place).' },
    ],
  },
  {
    name: 'risk_ratings',
    title: 'Risk ratings per domain',
    columns: [
      PSEUDONYM,
      { name: 'assessed_on', meaning: `Date the assessment was completed, ${DATE_NOTE}.` },
      { name: 'domain', meaning: 'The instrument’s domain code.' },
      { name: 'rating', meaning: 'low, moderate or high.' },
    ],
  },
  {
    name: 'outcome_measures',
    title: 'Outcome measure scores',
    columns: [
      PSEUDONYM,
      { name: 'administered_on', meaning: `Date administered, ${DATE_NOTE}.` },
      { name: 'measure', meaning: 'The measure’s code.' },
      { name: 'stage', meaning: 'pre, during, post or follow_up.' },
      { name: 'score', meaning: 'The total score.' },
    ],
  },
];

/** The data dictionary as Markdown, with the extract's own facts. */
export function dictionaryMarkdown(facts: {
  id: string;
  asOf: string;
  start: string;
  k: number;
  caseRows: number;
  coarsened: number;
  withheld: number;
}): string {
  const start = START_DATES.find((s) => s.key === facts.start);
  const lines = [
    `# Recolo research extract ${facts.id}`,
    '',
    `Data as at ${facts.asOf}. Follow-up counts from: ${start?.label ?? facts.start} (${start?.rule ?? ''}).`,
    '',
    `No names, identifiers, case references, free text or victim details are included. Each person’s dates are shifted by a keyed offset of up to ${MAX_SHIFT_DAYS} days; ages are in bands.`,
    `The quasi-identifiers site, age band, typology and risk at entry were checked for k-anonymity with k = ${facts.k}: ${facts.coarsened} case rows had age band, typology or risk coarsened to “Not shown”, and ${facts.withheld} were withheld with their events. ${facts.caseRows} case rows are included.`,
    '',
    'Reproduce the published re-offending table with `npx tsx scripts/reproduce-evaluation.ts --cases cases.csv --cohort <cohort>`.',
    '',
  ];
  for (const f of [CASES_FILE, ...EVENT_FILES]) {
    lines.push(`## ${f.name}.csv: ${f.title}`, '', '| column | meaning |', '|---|---|');
    for (const c of f.columns) lines.push(`| ${c.name} | ${c.meaning.replace(/\|/g, '/')} |`);
    lines.push('');
  }
  return lines.join('\n');
}
