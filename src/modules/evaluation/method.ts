import { describeRule } from '../../platform/disclosure-control/index.js';
import {
  AGE_BANDS,
  CENSORING_RULE,
  COHORTS,
  ENGAGEMENT_RULES,
  HORIZON_MONTHS,
  horizonDays,
  OUTCOMES,
  START_DATES,
  VICTIM_WINDOW_DAYS,
} from './framework.js';
import { MIN_AT_RISK, MIN_GROUP } from './survival-section.js';

export type MethodSection = {
  heading: string;
  paragraphs: string[];
  items?: { term: string; rule: string }[];
};

/** The method page, generated from the framework's own definitions (so it cannot drift from them). */
export function methodSections(): MethodSection[] {
  return [
    {
      heading: 'Cohorts',
      paragraphs: [
        'Cases are counted by the site they are at and the date they were referred (the period). Each can be split by typology and risk level at entry: the typology and overall band of the first completed structured professional judgement assessment.',
      ],
      items: COHORTS.map((c) => ({ term: c.label, rule: c.rule })),
    },
    {
      heading: 'Start dates',
      paragraphs: [
        'Follow-up counts from one of these dates; a case without it is left out of the re-offending analysis.',
      ],
      items: START_DATES.map((s) => ({ term: s.label, rule: s.rule })),
    },
    {
      heading: 'Re-offending',
      paragraphs: [
        CENSORING_RULE,
        `Proportions are published at ${HORIZON_MONTHS.join(', ')} months (${HORIZON_MONTHS.map(horizonDays).join(', ')} days; a month is 365.25 ÷ 12 days).`,
        'Survival is estimated by Kaplan–Meier with Greenwood’s variance and log-log confidence limits; groups are compared by the log-rank test (stratified by site where the groups are not sites) and by a Cox proportional hazards model with Efron’s handling of ties, as R’s survival package does.',
        `A curve is drawn only for a group of at least ${MIN_GROUP} cases, and only as far as at least ${MIN_AT_RISK} cases remain at risk.`,
      ],
      items: OUTCOMES.map((o) => ({ term: o.label, rule: o.rule })),
    },
    {
      heading: 'Risk change',
      paragraphs: [
        'For each domain, the first and the latest rating (low, moderate, high) of completed structured professional judgement assessments on cases rated at least twice: counts lower, the same and higher, and Bowker’s test of symmetry (McNemar’s when two levels occur).',
      ],
    },
    { heading: 'Engagement', paragraphs: ENGAGEMENT_RULES },
    {
      heading: 'Psychological change',
      paragraphs: [
        'From the first pre-intervention score to the latest post-intervention or follow-up score on each outcome measure: recovered, reliably improved, no reliable change or reliably deteriorated, by the reliable change index (|RCI| > 1.96) and criterion c of Jacobson and Truax (1991), with the measure’s published norms.',
      ],
    },
    {
      heading: 'Victim safety',
      paragraphs: [
        `Incidents the victim or the advocate reported in the ${VICTIM_WINDOW_DAYS} days before and after the case was accepted, per 30 days observed (days after stop at the data date); victims with a safety plan; victims whose voice was recorded within the site’s period before acceptance.`,
      ],
    },
    {
      heading: 'Staff time and cost',
      paragraphs: [
        'Minutes the clinicians present recorded at each session that took place (face to face and preparation), by profession, costed at the hourly rates the administrator or national coordinator sets. Cost per re-offence avoided is calculated only against a comparison cohort chosen in the filters: cost per case ÷ (the comparison’s 12-month proportion re-offending − the cohort’s). The cohorts are not randomised, so it describes, and does not prove, an effect.',
      ],
    },
    {
      heading: 'Keeping small numbers safe',
      paragraphs: [
        describeRule(),
        'No name, case reference or identifier appears on any page or download of the evaluation.',
      ],
    },
    {
      heading: 'The research extract',
      paragraphs: [
        'One row per case and a table each of offences, breaches, sessions, risk ratings and outcome measure scores, keyed by a pseudonym made for that extract with the programme’s key. Dates are shifted per person by a keyed offset; ages are in bands (' +
          AGE_BANDS.map((b) => b.label).join(', ') +
          '); no names, identifiers, free text or victim details. Site, age band, typology and risk at entry are checked for k-anonymity: rarer combinations are coarsened, and withheld if still rarer, and the extract says how many.',
      ],
    },
  ];
}
