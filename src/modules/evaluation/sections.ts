import { safeCount, safeProportion, safeSum } from '../../platform/disclosure-control/index.js';
import { barChartSvg } from '../../platform/views/bar-chart.js';
import { labels } from '../../platform/views/labels.js';
import { CHANGE_LABELS, classifyChange, normsSchema, type ChangeCategory } from '../treatment/public.js';
import { COHORTS, per30Days, riskDirection, VICTIM_WINDOW_DAYS, type CaseFacts } from './framework.js';
import type {
  EngagementTotals,
  OutcomeChangeRow,
  RateRow,
  RiskChangeRow,
  StaffTimeRow,
  VictimSafetyTotals,
} from './repository.js';
import { bowker, mcnemar } from './statistics/paired.js';
import { shown, type PublishedTable } from './tables.js';
import { RISK_LEVELS } from './framework.js';

const roleLabel = (r: string): string => (labels.role as Record<string, string>)[r] ?? r;
const pounds = (pence: number): string =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Cases in each cohort (cohorts overlap: every case is referred). */
export function cohortTable(all: readonly CaseFacts[]): PublishedTable {
  return {
    key: 'cohorts',
    title: 'Cases in each cohort',
    header: ['Cohort', 'Cases'],
    rows: COHORTS.map((c) => [c.label, shown(all.filter((x) => c.member(x)).length)]),
    numeric: [1],
    notes: [
      'Cohorts overlap: every case is in “Referred”, and a completed intervention was accepted for one.',
    ],
  };
}

/**
 * Risk change per domain: cases whose latest structured-judgement rating is lower, the same or
 * higher than their first, with Bowker's test of symmetry on the 3 × 3 first × latest table
 * (McNemar's when only two levels are used), where the counts allow.
 */
export function riskChangeTable(rows: readonly RiskChangeRow[]): PublishedTable {
  const domains = [...new Set(rows.map((r) => r.domain))].sort();
  const out = domains.map((domain) => {
    const mine = rows.filter((r) => r.domain === domain);
    const by = { down: 0, same: 0, up: 0 };
    const table = RISK_LEVELS.map(() => RISK_LEVELS.map(() => 0));
    for (const r of mine) {
      by[riskDirection(r.first, r.latest)] += r.n;
      const i = RISK_LEVELS.indexOf(r.first as (typeof RISK_LEVELS)[number]);
      const j = RISK_LEVELS.indexOf(r.latest as (typeof RISK_LEVELS)[number]);
      if (i >= 0 && j >= 0) table[i]![j]! += r.n;
    }
    const used = RISK_LEVELS.map((_, i) => table[i]!.some((n) => n > 0) || table.some((row) => row[i]! > 0));
    const levels = used.filter(Boolean).length;
    const test =
      levels === 2
        ? mcnemar(
            table.filter((_, i) => used[i]).map((row) => row.filter((_, j) => used[j])) as [
              [number, number],
              [number, number],
            ],
          )
        : levels === 3
          ? bowker(table)
          : null;
    const total = safeSum([by.down, by.same, by.up]);
    return [
      domain.charAt(0).toUpperCase() + domain.slice(1).replace(/_/g, ' '),
      shown(by.down),
      shown(by.same),
      shown(by.up),
      total.shown,
      test && total.value !== null && !safeCount(by.down).suppressed && !safeCount(by.up).suppressed
        ? `${test.statistic.toFixed(2)} (df ${test.df}), p = ${test.p < 0.001 ? '< 0.001' : test.p.toFixed(3)}`
        : 'Not tested: too few cases',
    ];
  });
  const title = 'Risk change from the first to the latest structured-judgement rating';
  return {
    key: 'risk-change',
    title,
    chart: {
      alt: `${title}, by domain. The same data is in the table below.`,
      svg: barChartSvg(
        [
          { key: 'down', label: 'Lower', colour: '#00703c' },
          { key: 'same', label: 'Same', colour: '#505a5f' },
          { key: 'up', label: 'Higher', colour: '#d4351c' },
        ],
        out.map((row) => ({ label: row[0]!, values: { down: row[1]!, same: row[2]!, up: row[3]! } })),
        { id: 'risk-change-chart', title, description: 'The same data is in the table below.' },
      ),
    },
    header: ['Domain', 'Lower', 'Same', 'Higher', 'Cases rated twice or more', 'Test of symmetry'],
    rows: out,
    numeric: [1, 2, 3, 4],
    notes: [
      'Completed structured professional judgement assessments only. The test is Bowker’s test of symmetry of the first × latest table ' +
        '(McNemar’s test when only two levels occur); it is shown only when no count in the row is withheld.',
    ],
  };
}

/** Sessions offered, attended, missed and cancelled, the DNA rate and courses completed. */
export function engagementTable(e: EngagementTotals): PublishedTable {
  const attended = safeCount(e.attended);
  const dna = safeCount(e.didNotAttend);
  const both = safeSum([attended, dna]);
  const title = 'Engagement with intervention sessions';
  const rows = [
    ['Cases with sessions offered', shown(e.casesWithSessions)],
    ['Sessions offered', shown(e.offered)],
    ['Sessions attended (on time or late)', attended.shown],
    ['Sessions not attended (DNA)', dna.shown],
    ['Sessions cancelled by the person', shown(e.cancelledByPerson)],
    ['Sessions cancelled by the service', shown(e.cancelledByService)],
    ['DNA rate', safeProportion(dna, both).shown],
    ['Cases with an intervention plan', shown(e.casesWithPlan)],
    ['Cases that completed the planned course', shown(e.casesCompletedCourse)],
    ['Completion of the planned course', safeProportion(e.casesCompletedCourse, e.casesWithPlan).shown],
  ];
  // the sessions, as counted (not the cases or the rates)
  const sessions = rows.slice(1, 6);
  return {
    key: 'engagement',
    title,
    header: ['Measure', 'Value'],
    rows,
    chart: {
      alt: `${title}: sessions offered, attended, not attended and cancelled. The same data is in the table below.`,
      svg: barChartSvg(
        [{ key: 'n', label: 'Sessions' }],
        sessions.map(([label, n]) => ({ label: label!, values: { n: n! } })),
        {
          id: 'engagement-chart',
          title: `${title}: sessions`,
          description: 'The same data is in the table below.',
        },
      ),
    },
    numeric: [1],
    notes: ['The DNA rate is computed from the published counts of sessions attended and not attended.'],
  };
}

/** Reliable and clinically significant change on each outcome measure (first pre to latest post or follow-up). */
export function psychologicalTable(rows: readonly OutcomeChangeRow[]): PublishedTable {
  const categories = Object.keys(CHANGE_LABELS) as ChangeCategory[];
  const measures = [...new Set(rows.map((r) => r.measureCode))].sort();
  return {
    key: 'psychological-change',
    title: 'Psychological change on outcome measures',
    header: ['Measure', ...categories.map((c) => CHANGE_LABELS[c]), 'Cases measured before and after'],
    rows: measures.map((code) => {
      const counts = Object.fromEntries(categories.map((c) => [c, 0])) as Record<ChangeCategory, number>;
      let name = code;
      for (const r of rows.filter((x) => x.measureCode === code)) {
        name = r.measureName;
        const norms = normsSchema.safeParse(r.norms);
        if (!norms.success || r.before === null || r.after === null) continue;
        counts[classifyChange(r.before, r.after, norms.data).category] += 1;
      }
      const cells = categories.map((c) => safeCount(counts[c]));
      return [name, ...cells.map((c) => c.shown), safeSum(cells).shown];
    }),
    numeric: [1, 2, 3, 4, 5],
    notes: [
      'Change from the first pre-intervention score to the latest post-intervention or follow-up score, classified by the reliable change index ' +
        'and criterion c (Jacobson and Truax 1991) with the measure’s published norms.',
    ],
  };
}

/** Victim-reported incidents per 30 days before and after acceptance, safety plans and the victim's voice. */
export function victimSafetyTable(v: VictimSafetyTotals): PublishedTable {
  const rate = (n: number, days: number) => {
    const r = per30Days(n, days);
    return safeCount(n).suppressed || r === null ? safeCount(n).shown : r.toFixed(2);
  };
  return {
    key: 'victim-safety',
    title: 'Victim safety',
    header: ['Measure', 'Value'],
    rows: [
      ['Accepted cases', shown(v.cases)],
      [
        `Victim-reported incidents in the ${VICTIM_WINDOW_DAYS} days before acceptance`,
        shown(v.incidentsBefore),
      ],
      ['Incidents per 30 days before acceptance', rate(v.incidentsBefore, v.daysBefore)],
      [
        `Victim-reported incidents in the ${VICTIM_WINDOW_DAYS} days after acceptance`,
        shown(v.incidentsAfter),
      ],
      ['Incidents per 30 days after acceptance', rate(v.incidentsAfter, v.daysAfter)],
      ['Victims on these cases', shown(v.victims)],
      ['Victims with a safety plan', shown(v.victimsWithPlan)],
      ['Victims with a safety plan (percentage)', safeProportion(v.victimsWithPlan, v.victims).shown],
      [
        'Victims whose voice was recorded within the site’s period before acceptance',
        shown(v.victimsWithVoice),
      ],
      ['Voice recorded within the period (percentage)', safeProportion(v.victimsWithVoice, v.victims).shown],
    ],
    numeric: [1],
    notes: [
      'Incidents reported by the victim (diary) or the advocate. Days after acceptance stop at the data date. ' +
        'The site’s period is its voice freshness period (28 days by default).',
    ],
  };
}

/**
 * Staff time and cost by profession: minutes recorded at sessions (face to face and preparation),
 * costed at the configured hourly rates, and the cost per case over the cohort. Cost per re-offence
 * avoided only with a comparison cohort: cost per case ÷ (the comparison's 12-month proportion −
 * the cohort's), when that difference is positive.
 */
export function staffTimeTable(
  rows: readonly StaffTimeRow[],
  rates: readonly RateRow[],
  cohortCases: number,
  comparison: { label: string; proportion: number | null } | null,
): PublishedTable {
  const rateOf = (p: string) => rates.find((r) => r.profession === p)?.pencePerHour ?? 0;
  let totalPence = 0;
  const body = rows.map((r) => {
    const pence = Math.round((r.minutes * rateOf(r.profession)) / 60);
    totalPence += pence;
    const hidden = safeCount(r.cases).suppressed;
    return [
      roleLabel(r.profession),
      shown(r.cases),
      hidden ? '[c]' : (r.minutes / 60).toFixed(1),
      pounds(rateOf(r.profession)),
      hidden ? '[c]' : pounds(pence),
    ];
  });
  const perCase = cohortCases > 0 ? totalPence / cohortCases : null;
  const notes = [
    'Minutes are those recorded by the clinicians present at each session that took place (face to face and preparation).',
    perCase === null
      ? 'Cost per case: no cases.'
      : `Cost per case in the cohort: ${pounds(Math.round(perCase))}.`,
  ];
  if (!comparison) {
    notes.push(
      'Cost per re-offence avoided: not calculated, because no comparison group is defined (choose one in the filters).',
    );
  } else if (comparison.proportion === null || comparison.proportion <= 0 || perCase === null) {
    notes.push(
      `Cost per re-offence avoided: not calculated: against “${comparison.label}”, the cohort’s 12-month proportion re-offending is not lower.`,
    );
  } else {
    notes.push(
      `Cost per re-offence avoided, against “${comparison.label}”: ${pounds(Math.round(perCase / comparison.proportion))} ` +
        `(cost per case ÷ the difference in 12-month proportions re-offending; the groups are not randomised, so this is descriptive).`,
    );
  }
  return {
    key: 'staff-time',
    title: 'Staff time and cost by profession',
    header: ['Profession', 'Cases', 'Hours', 'Hourly rate', 'Cost'],
    rows: body,
    numeric: [1, 2, 3, 4],
    notes,
  };
}
