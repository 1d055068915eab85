import {
  safeCount,
  safeProportion,
  safeSum,
  type SafeCount,
} from '../../platform/disclosure-control/index.js';
import { horizonCounts, OUTCOMES, type Observation, type OutcomeKey } from './framework.js';

/**
 * A published table: the page, its CSV, the PDF and the reproduction script all print these rows.
 * Every count in a cell has been through platform/disclosure-control.
 */
export type PublishedTable = {
  key: string;
  title: string;
  header: string[];
  rows: string[][];
  /** numeric columns (right-aligned on the page) */
  numeric?: number[];
  notes?: string[];
  /** the table drawn as a chart (SVG from its published values), shown above it on the page and in the PDF */
  chart?: { svg: string; alt: string };
};

/** A count as published (see platform/disclosure-control: rounded, small counts withheld). */
export const shown = (n: number): string => safeCount(n).shown;
export const shownSum = (parts: readonly (number | SafeCount)[]): string => safeSum(parts).shown;

/**
 * The re-offending table: for each outcome and horizon (6, 12, 24 months), the cases whose outcome
 * at the horizon is known, those with the event by then and the percentage, from the counts as
 * published. Pure: the reproduction script calls it on the extract's rows and must print exactly
 * what the report's CSV holds.
 */
export function reoffendingTable(observations: Record<OutcomeKey, readonly Observation[]>): PublishedTable {
  const rows: string[][] = [];
  for (const outcome of OUTCOMES) {
    for (const h of horizonCounts(observations[outcome.key])) {
      const followed = safeCount(h.followed);
      const events = safeCount(h.events);
      rows.push([
        outcome.label,
        `${h.months} months`,
        followed.shown,
        events.shown,
        safeProportion(events, followed).shown,
      ]);
    }
  }
  return {
    key: 'reoffending',
    title: 'Re-offending by 6, 12 and 24 months',
    header: ['Outcome', 'Within', 'Cases followed that long', 'Cases with the event', 'Percentage'],
    rows,
    numeric: [2, 3, 4],
    notes: [
      'A case counts at a horizon when the event happened by then or its follow-up lasted at least that long; ' +
        'cases whose follow-up ended earlier without the event are left out of that horizon.',
    ],
  };
}
