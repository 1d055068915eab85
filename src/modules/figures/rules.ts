import { safeTable, type SafeCount } from '../../platform/disclosure-control/index.js';

export type SiteCounts = { siteId: string; site: string; counts: readonly number[] };
export type SiteFigures = { siteId: string; site: string; cells: SafeCount[]; total: SafeCount };
export type Figures = { sites: SiteFigures[]; totals: SafeCount[]; grandTotal: SafeCount };

/**
 * Publishes true counts of cases by site (rows) and stage (columns) under the platform's
 * disclosure control: each site's count at each stage is the finest-grained count, rounded to 5
 * with 1 to 7 withheld; every total (a site's, a stage's across sites, the grand total) is summed
 * from those published counts, so no subtraction gives a small count away.
 */
export function publishFigures(sites: readonly SiteCounts[], columnLabels: readonly string[]): Figures {
  const table = safeTable({
    rowLabels: sites.map((s) => s.site),
    columnLabels,
    counts: sites.map((s) => s.counts),
  });
  return {
    sites: sites.map((s, i) => ({
      siteId: s.siteId,
      site: s.site,
      cells: table.rows[i]!.cells,
      total: table.rows[i]!.total,
    })),
    totals: table.columnTotals,
    grandTotal: table.grandTotal,
  };
}
