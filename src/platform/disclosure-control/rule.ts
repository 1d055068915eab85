/**
 * The rule every published count of case data follows (issue 16, item 4).
 *
 * - A count of 0 is shown as 0.
 * - A count from 1 to `smallMax` (7) is withheld and shown as `withheldSymbol` ("[c]", the
 *   Government Statistical Service's symbol for a confidential value).
 * - Any larger count is rounded to the nearest multiple of `base` (5), halves upwards. With base 5
 *   and 1 to 7 withheld, the smallest count shown is 8, shown as 10: no published 5 exists that
 *   could be a 3. This is the "suppress 1 to 7, round the rest to the nearest 5" practice of NHS
 *   England's (formerly NHS Digital's) published statistics.
 * - A total, margin or any other figure that adds counts up is the sum of the published values of
 *   the finest-grained counts it is made of, a withheld count adding one `base`; a sum made of a
 *   single withheld count and zeros is withheld too.
 *
 * Why totals are not rounded separately from their true count: an attacker who knows the rule
 * turns every published figure into an interval for its true count and solves them together. With
 * separately rounded totals, cells 8, 8 and 1 are published as 10, 10, [c] with a total of 15:
 * the cells are at least 8 + 8 + 1 = 17 and the total at most 17, so every cell is pinned (see
 * test/unit/disclosure-differencing.test.ts). Publishing every figure as a function of the
 * finest-grained counts' published values means nothing can be learnt about a count beyond its own
 * published interval, however many tables, filters and differences are combined.
 */
export type DisclosureRule = {
  /** counts from 1 to this are withheld */
  readonly smallMax: number;
  /** larger counts are rounded to the nearest multiple of this */
  readonly base: number;
  /** what a withheld count shows */
  readonly withheldSymbol: string;
};

export const DEFAULT_RULE: DisclosureRule = { smallMax: 7, base: 5, withheldSymbol: '[c]' };

/** The rule in plain English, for a method page or a table's note. */
export function describeRule(rule: DisclosureRule = DEFAULT_RULE): string {
  return (
    `To protect the people counted, every count is rounded to the nearest ${rule.base}, ` +
    `and counts from 1 to ${rule.smallMax} are not shown (“${rule.withheldSymbol}”). ` +
    `Totals are the sums of the rounded counts they are made of, with each count not shown ` +
    `adding ${rule.base}, so a total can differ from the true number by a few, and no count can ` +
    `be worked out by subtracting one figure from another.`
  );
}
