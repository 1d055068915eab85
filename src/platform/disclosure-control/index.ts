/**
 * Statistical disclosure control for every published count of case data: see rule.ts for the
 * rule and why it withstands differencing.
 *
 * How to use it so that no combination of filters gives a small count away: decide the finest
 * grain any view reaches (every filter's dimension combined, e.g. site × cohort × period ×
 * stage; periods fixed, such as quarters, not any range of dates), publish each count at that
 * grain with safeCount, and every figure above it (a cell for several cohorts, a total, "all
 * sites") with safeSum of those counts, or safeTable with `parts`. A figure computed any other
 * way (rounded from its own true count) can be differenced against the others.
 */
export { DEFAULT_RULE, describeRule, type DisclosureRule } from './rule.js';
export { isSmallCount, safeCount, safeSum, type SafeCount } from './count.js';
export { safeTable, type SafeTable, type SafeTableInput } from './table.js';
export { safeProportion, type SafeProportion } from './proportion.js';
