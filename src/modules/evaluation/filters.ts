import { isRealDate } from '../../platform/time.js';
import { COHORTS, OUTCOMES, START_DATES, type OutcomeKey } from './framework.js';

/** How survival curves are split into groups. */
export const GROUPINGS = [
  { key: 'site', label: 'Site' },
  { key: 'typology', label: 'Typology at entry' },
  { key: 'risk', label: 'Risk level at entry' },
  { key: 'age', label: 'Age band at referral' },
] as const;
export type Grouping = (typeof GROUPINGS)[number]['key'];

/** The report's filters, as chosen on the page (query string). */
export type Filters = {
  /** site ids; empty means every site the user may evaluate */
  sites: string[];
  from: string | null;
  to: string | null;
  cohort: string;
  start: string;
  outcome: OutcomeKey;
  groupBy: Grouping;
  /** a cohort to compare against (for cost per re-offence avoided); null: none defined */
  comparison: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

/**
 * Reads the filters from a query string, ignoring anything not understood (a filter link is
 * bookmarked and shared: an old or mistyped value falls back to the default, never an error).
 */
export function parseFilters(query: Record<string, unknown>): Filters {
  const rawSites = query.sites ?? query.site;
  const sites = (Array.isArray(rawSites) ? rawSites : rawSites === undefined ? [] : [rawSites])
    .map(String)
    .filter((s) => UUID.test(s))
    .slice(0, 100);
  const date = (v: unknown) => {
    const s = one(v);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s) ? s : null;
  };
  const pick = <T extends { key: string }>(list: readonly T[], v: unknown, fallback: string): string =>
    list.some((x) => x.key === one(v)) ? one(v) : fallback;
  const comparison = one(query.comparison);
  return {
    sites,
    from: date(query.from),
    to: date(query.to),
    cohort: pick(COHORTS, query.cohort, 'referred'),
    start: pick(START_DATES, query.start, 'referral'),
    outcome: pick(OUTCOMES, query.outcome, 'stalking_harassment') as OutcomeKey,
    groupBy: pick(GROUPINGS, query.groupBy, 'site') as Grouping,
    comparison: COHORTS.some((c) => c.key === comparison) ? comparison : null,
  };
}

/** The filters as a query string (for the download links, which must give the same tables). */
export function filterQuery(f: Filters): string {
  const p = new URLSearchParams();
  for (const s of f.sites) p.append('sites', s);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  p.set('cohort', f.cohort);
  p.set('start', f.start);
  p.set('outcome', f.outcome);
  p.set('groupBy', f.groupBy);
  if (f.comparison) p.set('comparison', f.comparison);
  return p.toString();
}
