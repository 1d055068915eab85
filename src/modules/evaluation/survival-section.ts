import { safeCount } from '../../platform/disclosure-control/index.js';
import { ageBand, COHORTS, horizonDays, OUTCOMES, type Observation, type OutcomeKey } from './framework.js';
import type { Filters } from './filters.js';
import type { CaseRow } from './repository.js';
import { numbersAtRisk, survivalChartSvg } from './statistics/chart.js';
import { coxProportionalHazards } from './statistics/cox.js';
import { kaplanMeier, logRank, stratifiedLogRank } from './statistics/survival.js';
import type { PublishedTable } from './tables.js';

/** A curve is drawn only for a group of at least this many cases. */
export const MIN_GROUP = 10;
/** A step of a curve (and its row in the table) is shown only while at least this many remain at risk. */
export const MIN_AT_RISK = 10;
/** The times (months) of the number-at-risk table. */
export const AT_RISK_MONTHS = [0, 3, 6, 12, 18, 24] as const;

export type SurvivalSection = {
  outcomeLabel: string;
  svg: string | null;
  /** groups left out because they are smaller than MIN_GROUP */
  hiddenGroups: number;
  /** the log-rank test in words, or why none */
  logRank: string;
  stratified: string | null;
  tables: PublishedTable[];
};

type Group = { label: string; observations: Observation[]; rows: { c: CaseRow; o: Observation }[] };

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');
const fmtP = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** The group of a case for the chosen split. */
function groupOf(c: CaseRow, filters: Filters, siteName: Map<string, string>): string {
  switch (filters.groupBy) {
    case 'typology':
      return c.typology ? title(c.typology) : 'Not assessed';
    case 'risk':
      return c.riskAtEntry ? title(c.riskAtEntry) : 'Not assessed';
    case 'age':
      return ageBand(c.ageAtReferral);
    default:
      return siteName.get(c.siteId) ?? 'Site';
  }
}

/**
 * Kaplan–Meier curves of the chosen outcome by group (groups under MIN_GROUP cases not drawn; steps
 * with fewer than MIN_AT_RISK at risk not shown), the same data as a table, numbers at risk, the
 * log-rank test between the groups drawn (stratified by site when the groups are not sites) and a
 * Cox model of the cases with a risk level at entry.
 */
export function survivalSection(
  cohort: readonly CaseRow[],
  observations: ReadonlyMap<string, Record<OutcomeKey, Observation | null>>,
  filters: Filters,
  sites: readonly { id: string; name: string }[],
): SurvivalSection {
  const outcome = OUTCOMES.find((o) => o.key === filters.outcome)!;
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const groups = new Map<string, Group>();
  for (const c of cohort) {
    const o = observations.get(c.caseId)?.[outcome.key];
    if (!o) continue;
    const label = groupOf(c, filters, siteName);
    const g = groups.get(label) ?? { label, observations: [], rows: [] };
    g.observations.push(o);
    g.rows.push({ c, o });
    groups.set(label, g);
  }
  const all = [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
  const drawn = all.filter((g) => g.observations.length >= MIN_GROUP);
  const curves = drawn.map((g) => ({
    label: g.label,
    km: kaplanMeier(g.observations, { confidence: 0.95 }),
  }));
  const cohortLabel = COHORTS.find((c) => c.key === filters.cohort)!.label;

  const steps: string[][] = [];
  const atRiskRows: string[][] = [];
  const medians: string[][] = [];
  const times = AT_RISK_MONTHS.map(horizonDays);
  for (const { label, km } of curves) {
    for (const s of km.steps) {
      if (s.atRisk < MIN_AT_RISK) break;
      steps.push([label, String(s.time), s.survival.toFixed(4), s.lower.toFixed(4), s.upper.toFixed(4)]);
    }
    atRiskRows.push([label, ...numbersAtRisk(km, times).map((n) => safeCount(n).shown)]);
    const m = km.median;
    const d = (x: number | null | undefined) =>
      x === null || x === undefined || !Number.isFinite(x) ? 'Not reached' : String(x);
    medians.push([label, safeCount(km.n).shown, d(m.time), d(m.lower), d(m.upper)]);
  }

  let logRankText = 'Not tested: fewer than two groups large enough to draw.';
  let stratifiedText: string | null = null;
  if (curves.length >= 2) {
    const lr = logRank(drawn.map((g) => g.observations));
    logRankText = `Log-rank test between the ${curves.length} groups drawn: χ² = ${lr.chiSquare.toFixed(2)} on ${lr.df} degrees of freedom, p = ${fmtP(lr.p)}.`;
    if (filters.groupBy !== 'site' && sites.length > 1) {
      const strata = sites
        .map((s) => drawn.map((g) => g.rows.filter((r) => r.c.siteId === s.id).map((r) => r.o)))
        .filter((stratum) => stratum.filter((g) => g.length > 0).length >= 2);
      if (strata.length) {
        const st = stratifiedLogRank(strata);
        stratifiedText = `Stratified by site: χ² = ${st.chiSquare.toFixed(2)} on ${st.df} degrees of freedom, p = ${fmtP(st.p)}.`;
      }
    }
  }

  const tables: PublishedTable[] = [
    {
      key: 'survival',
      title: `${outcome.label}: proportion without the event (Kaplan–Meier)`,
      header: ['Group', 'Day', 'Proportion without the event', 'Lower 95% limit', 'Upper 95% limit'],
      rows: steps,
      numeric: [1, 2, 3, 4],
      notes: [
        `Groups of fewer than ${MIN_GROUP} cases are not shown${all.length > drawn.length ? ` (${all.length - drawn.length} left out)` : ''}; ` +
          `steps are shown only while at least ${MIN_AT_RISK} cases remain at risk. Confidence limits are log-log (Greenwood’s variance).`,
      ],
    },
    {
      key: 'at-risk',
      title: 'Number at risk',
      header: ['Group', ...AT_RISK_MONTHS.map((m) => `${m} months`)],
      rows: atRiskRows,
      numeric: AT_RISK_MONTHS.map((_, i) => i + 1),
    },
    {
      key: 'median',
      title: 'Median time to the event (days)',
      header: ['Group', 'Cases', 'Median', 'Lower 95% limit', 'Upper 95% limit'],
      rows: medians,
      numeric: [1, 2, 3, 4],
      notes: [logRankText, ...(stratifiedText ? [stratifiedText] : [])],
    },
    coxTable(cohort, observations, outcome.key, sites),
  ];
  return {
    outcomeLabel: outcome.label,
    svg: curves.length
      ? survivalChartSvg(curves, {
          title: `${outcome.label}: ${cohortLabel}, from ${filters.start.replace('_', ' ')}`,
          maxTime: horizonDays(24),
          minAtRisk: MIN_AT_RISK,
          timeUnit: 'days',
          // every count the chart writes (people, events, numbers at risk) through disclosure control
          count: (n) => safeCount(n).shown,
          description: 'The same data is in the tables below.',
        })
      : null,
    hiddenGroups: all.length - drawn.length,
    logRank: logRankText,
    stratified: stratifiedText,
    tables,
  };
}

/** Cox proportional hazards (Efron ties) on risk at entry and site, for cases with a risk level at entry. */
function coxTable(
  cohort: readonly CaseRow[],
  observations: ReadonlyMap<string, Record<OutcomeKey, Observation | null>>,
  outcome: OutcomeKey,
  sites: readonly { id: string; name: string }[],
): PublishedTable {
  const rank: Record<string, number> = { low: 0, moderate: 1, high: 2 };
  const used = sites.filter((s) => cohort.some((c) => c.siteId === s.id));
  const names = [
    'Risk level at entry (per level)',
    ...used.slice(1).map((s) => `Site: ${s.name} (against ${used[0]!.name})`),
  ];
  const data = cohort.flatMap((c) => {
    const o = observations.get(c.caseId)?.[outcome];
    if (!o || !c.riskAtEntry || !(c.riskAtEntry in rank)) return [];
    return [
      { ...o, covariates: [rank[c.riskAtEntry]!, ...used.slice(1).map((s) => (c.siteId === s.id ? 1 : 0))] },
    ];
  });
  const events = data.filter((d) => d.event).length;
  const base: PublishedTable = {
    key: 'cox',
    title: 'Cox proportional hazards model',
    header: ['Term', 'Hazard ratio', 'Lower 95% limit', 'Upper 95% limit', 'p'],
    rows: [],
    numeric: [1, 2, 3, 4],
    notes: [
      'Ties handled by Efron’s method. Cases without a completed structured-judgement assessment are left out.',
    ],
  };
  if (data.length < 20 || events < 10) {
    return { ...base, notes: [...base.notes!, 'Not fitted: fewer than 20 cases or 10 events.'] };
  }
  const fit = coxProportionalHazards(data, names);
  if (!fit.converged) {
    return {
      ...base,
      notes: [...base.notes!, 'Not shown: the model did not converge (a covariate may separate the events).'],
    };
  }
  return {
    ...base,
    rows: fit.terms.map((t) =>
      Number.isFinite(t.hazardRatio)
        ? [t.name, t.hazardRatio.toFixed(3), t.lower.toFixed(3), t.upper.toFixed(3), fmtP(t.p)]
        : [t.name, 'Not estimable', '', '', ''],
    ),
    notes: [...base.notes!, `Cases ${safeCount(fit.n).shown}, events ${safeCount(fit.events).shown}.`],
  };
}
