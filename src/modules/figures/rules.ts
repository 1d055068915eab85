export type Cell = number | '<5';

/**
 * Published counts: 1 to 4 is shown as "<5". Where a row would have exactly one such cell, the
 * next smallest non-zero cell is suppressed too, so no suppressed count can be worked out by
 * subtracting the others from the total.
 */
export function suppressRow(counts: readonly number[]): Cell[] {
  const out: Cell[] = counts.map((n) => (n >= 1 && n <= 4 ? '<5' : n));
  const suppressed = out.filter((c) => c === '<5').length;
  if (suppressed === 1) {
    let pick = -1;
    counts.forEach((n, i) => {
      if (out[i] !== '<5' && n > 0 && (pick === -1 || n < counts[pick]!)) pick = i;
    });
    if (pick !== -1) out[pick] = '<5';
  }
  return out;
}

/** A total is shown as it is unless it is itself small. */
export const suppressTotal = (n: number): Cell => (n >= 1 && n <= 4 ? '<5' : n);
