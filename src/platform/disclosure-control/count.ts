import { DEFAULT_RULE, type DisclosureRule } from './rule.js';

/**
 * A count as published. `value` is the published (rounded) number, null when withheld; `range` is
 * the true counts consistent with what is published (what anyone who knows the rule can infer
 * from this figure), both ends included.
 */
export type SafeCount = {
  shown: string;
  value: number | null;
  suppressed: boolean;
  range: readonly [number, number];
};

const checkCount = (n: number): void => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count must be a whole number ≥ 0, not ${n}`);
};

/** Rounds to the nearest multiple of `base`, halves upwards. */
const roundToBase = (n: number, base: number): number => Math.floor((n + base / 2) / base) * base;

const format = (n: number): string => n.toLocaleString('en-GB');

/**
 * Publishes one finest-grained true count under the rule (see rule.ts): 0 as 0, 1 to smallMax
 * withheld, larger counts rounded to the nearest multiple of base. Throws RangeError for a count
 * that is not a whole number ≥ 0.
 *
 * Only a count that no published figure splits further may be published by itself: anything that
 * adds finest-grained counts up must be published with safeSum, or differences between figures
 * can give a small count away.
 */
export function safeCount(trueCount: number, rule: DisclosureRule = DEFAULT_RULE): SafeCount {
  checkCount(trueCount);
  if (trueCount === 0) return { shown: '0', value: 0, suppressed: false, range: [0, 0] };
  if (trueCount <= rule.smallMax)
    return { shown: rule.withheldSymbol, value: null, suppressed: true, range: [1, rule.smallMax] };
  const value = roundToBase(trueCount, rule.base);
  const low = Math.max(rule.smallMax + 1, value - Math.floor(rule.base / 2));
  const high = value + Math.ceil(rule.base / 2) - 1;
  return { shown: format(value), value, suppressed: false, range: [low, high] };
}

/**
 * Publishes a figure that adds finest-grained counts up (a total, a margin, a count over several
 * sites or cohorts): the sum of the parts' published values, a withheld part adding one base. A
 * part may be a true count (published here with safeCount) or an already published SafeCount. A
 * sum of one withheld part and zeros is withheld. The range is the sum of the parts' ranges.
 */
export function safeSum(
  parts: readonly (number | SafeCount)[],
  rule: DisclosureRule = DEFAULT_RULE,
): SafeCount {
  let value = 0;
  let low = 0;
  let high = 0;
  let withheld = 0;
  let nonZero = 0;
  for (const part of parts) {
    const p = typeof part === 'number' ? safeCount(part, rule) : part;
    if (p.suppressed) withheld += 1;
    if (p.range[1] > 0) nonZero += 1;
    value += p.value ?? rule.base;
    low += p.range[0];
    high += p.range[1];
  }
  if (withheld === 1 && nonZero === 1)
    return { shown: rule.withheldSymbol, value: null, suppressed: true, range: [low, high] };
  return { shown: format(value), value, suppressed: false, range: [low, high] };
}

/**
 * Whether a true count is one the rule withholds (1 to smallMax): e.g. a group too small for its
 * survival curve to be shown, or a step of a curve where too few remain at risk.
 */
export const isSmallCount = (n: number, rule: DisclosureRule = DEFAULT_RULE): boolean =>
  n >= 1 && n <= rule.smallMax;
