import { safeCount } from '../../platform/disclosure-control/index.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { NotFound } from '../../platform/errors.js';
import { todayInLondon } from '../../platform/time.js';
import {
  COHORTS,
  followUpEnd,
  horizonCounts,
  inCohort,
  observe,
  OUTCOMES,
  START_DATES,
  VICTIM_WINDOW_DAYS,
  type Observation,
  type OutcomeKey,
} from './framework.js';
import type { Filters } from './filters.js';
import * as repo from './repository.js';
import type { CaseRow } from './repository.js';
import { reoffendingTable, type PublishedTable } from './tables.js';
import {
  cohortTable,
  engagementTable,
  psychologicalTable,
  riskChangeTable,
  staffTimeTable,
  victimSafetyTable,
} from './sections.js';
import { survivalSection, type SurvivalSection } from './survival-section.js';

/** Everything the report shows, built from the filters. No identity anywhere in it. */
export type Report = {
  dataDate: string;
  asOf: Date;
  sites: { id: string; code: string; name: string }[];
  chosenSites: { id: string; code: string; name: string }[];
  filters: Filters;
  cases: number;
  /** the cohort's size as published */
  casesShown: string;
  survival: SurvivalSection;
  tables: PublishedTable[];
};

/** The sites the filters name, of those the user may evaluate (all of them when none are named). */
export async function scope(tx: Tx, filters: Filters) {
  const sites = await repo.evaluationSites(tx);
  if (!sites.length) throw new NotFound();
  const chosen = filters.sites.length ? sites.filter((s) => filters.sites.includes(s.id)) : sites;
  return { sites, chosen: chosen.length ? chosen : sites };
}

/**
 * Makes these cases the cohort the aggregations read (repository.useCohort), each with its start
 * date by `startKey` (none when it falls on or after the data date), and returns each case's
 * observation for every outcome from that start. Choosing another cohort later in the transaction
 * replaces this one.
 */
export async function observationsOf(
  tx: Tx,
  cases: readonly CaseRow[],
  startKey: string,
  asOf: Date,
): Promise<Map<string, Record<OutcomeKey, Observation | null>>> {
  const startRule = START_DATES.find((s) => s.key === startKey) ?? START_DATES[0]!;
  const dataDate = todayInLondon(asOf);
  const chosen = cases.map((c) => {
    const start = startRule.of(c);
    return { caseId: c.caseId, start: start && start < dataDate ? start : null, c };
  });
  await repo.useCohort(tx, chosen);
  const first = await repo.firstEvents(tx, asOf);
  const out = new Map<string, Record<OutcomeKey, Observation | null>>();
  for (const { caseId, start, c } of chosen) {
    if (!start) continue;
    const events = first.get(caseId);
    const end = followUpEnd(c, start, dataDate);
    const obs = {} as Record<OutcomeKey, Observation | null>;
    for (const o of OUTCOMES) obs[o.key] = observe(start, end, events?.[o.key] ?? null);
    out.set(caseId, obs);
  }
  return out;
}

/**
 * Builds the report for the filters, over the sites the user may evaluate (migration 026's
 * functions decide which). `audit` is false only when the caller records its own event (an export).
 */
export async function buildReport(
  tx: Tx,
  actor: Actor,
  filters: Filters,
  options: { audit: boolean; now?: Date } = { audit: true },
): Promise<Report> {
  const asOf = options.now ?? new Date();
  const { sites, chosen } = await scope(tx, filters);
  const all = await repo.caseRows(
    tx,
    chosen.map((s) => s.id),
    filters.from,
    filters.to,
    asOf,
  );
  const cohort = inCohort(all, filters.cohort);
  // the cohort is chosen here, once; every aggregation below reads it in the database
  const observations = await observationsOf(tx, cohort, filters.start, asOf);
  const byOutcome = (key: OutcomeKey) => [...observations.values()].flatMap((o) => (o[key] ? [o[key]] : []));
  const reoffending = reoffendingTable({
    stalking_harassment: byOutcome('stalking_harassment'),
    any_offence: byOutcome('any_offence'),
    breach: byOutcome('breach'),
    police_incident: byOutcome('police_incident'),
  });

  const risk = await repo.riskChange(tx, asOf);
  const engagement = await repo.engagement(tx, asOf);
  const outcomes = await repo.outcomeChange(tx, asOf);
  const staff = await repo.staffTime(tx, asOf);
  const rates = await repo.hourlyRates(tx);
  const victims = await repo.victimSafety(tx, VICTIM_WINDOW_DAYS, asOf);

  const survival = survivalSection(cohort, observations, filters, chosen);
  let comparison: { label: string; proportion: number | null } | null = null;
  if (filters.comparison) {
    const other = inCohort(all, filters.comparison);
    // after the aggregations: this chooses the comparison cohort in their place
    const obs = await observationsOf(tx, other, filters.start, asOf);
    const own = proportionAt12([...observations.values()], filters.outcome);
    const theirs = proportionAt12([...obs.values()], filters.outcome);
    comparison = {
      label: COHORTS.find((c) => c.key === filters.comparison)!.label,
      proportion: own !== null && theirs !== null ? theirs - own : null,
    };
  }

  const tables = [
    cohortTable(all),
    reoffending,
    ...survival.tables,
    riskChangeTable(risk),
    engagementTable(engagement),
    psychologicalTable(outcomes),
    victimSafetyTable(victims),
    staffTimeTable(staff, rates, cohort.length, comparison),
  ];
  if (options.audit) {
    await recordAudit(tx, actor, {
      action: 'evaluation.view',
      reason: 'evaluation report',
      details: { sites: chosen.length, cohort: filters.cohort, start: filters.start },
    });
  }
  return {
    dataDate: todayInLondon(asOf),
    asOf,
    sites,
    chosenSites: chosen,
    filters,
    cases: cohort.length,
    casesShown: safeCount(cohort.length).shown,
    survival,
    tables,
  };
}

/** The crude proportion with the outcome within 12 months (framework.horizonCounts; null when none followed that long). */
function proportionAt12(
  obs: readonly Record<OutcomeKey, Observation | null>[],
  outcome: OutcomeKey,
): number | null {
  const at12 = horizonCounts(obs.flatMap((o) => (o[outcome] ? [o[outcome]] : []))).find(
    (h) => h.months === 12,
  )!;
  return at12.followed ? at12.events / at12.followed : null;
}
