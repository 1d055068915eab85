import { safeCount, safeSum, type SafeCount } from './count.js';
import { DEFAULT_RULE, type DisclosureRule } from './rule.js';

export type SafeTableInput = {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** true counts, counts[row][column] */
  counts: readonly (readonly number[])[];
  /**
   * Each cell's finest-grained true counts, parts[row][column] (counts[row][column] is their
   * sum): give them when a cell adds up counts that another view of the data shows separately,
   * e.g. a cell for all cohorts when a filter can show each cohort. Without them each cell is
   * taken as finest-grained.
   */
  parts?: readonly (readonly (readonly number[])[])[];
};

export type SafeTable = {
  rows: { label: string; cells: SafeCount[]; total: SafeCount }[];
  rowTotals: SafeCount[];
  columnTotals: SafeCount[];
  grandTotal: SafeCount;
};

/**
 * Publishes a table of counts with row totals, column totals and a grand total under the rule
 * (see rule.ts). Every total is the sum of the published cells it adds up, so the table adds up
 * and differencing rows, columns, totals or filters gives nothing beyond each cell's own range.
 * Throws RangeError when the counts are not rows × columns or a count is not a whole number ≥ 0.
 */
export function safeTable(input: SafeTableInput, rule: DisclosureRule = DEFAULT_RULE): SafeTable {
  const { rowLabels, columnLabels, counts, parts } = input;
  if (counts.length !== rowLabels.length || counts.some((r) => r.length !== columnLabels.length))
    throw new RangeError('the counts must have one row per row label and one column per column label');
  // a cell's finest-grained parts, each published once
  const cellParts: SafeCount[][][] = counts.map((row, r) =>
    row.map((n, c) => {
      const own = parts?.[r]?.[c];
      if (own && own.reduce((a, b) => a + b, 0) !== n)
        throw new RangeError(`the parts of cell ${r + 1}, ${c + 1} do not add up to its count`);
      return (own ?? [n]).map((p) => safeCount(p, rule));
    }),
  );
  const rows = cellParts.map((row, r) => ({
    label: rowLabels[r]!,
    cells: row.map((ps) => safeSum(ps, rule)),
    total: safeSum(row.flat(), rule),
  }));
  const columnTotals = columnLabels.map((_, c) =>
    safeSum(
      cellParts.flatMap((row) => row[c]!),
      rule,
    ),
  );
  return {
    rows,
    rowTotals: rows.map((r) => r.total),
    columnTotals,
    grandTotal: safeSum(cellParts.flat(2), rule),
  };
}
