/**
 * Statistical disclosure control for every published count of case data: see rule.ts for the
 * rule and why it withstands differencing.
 */
export { DEFAULT_RULE, describeRule, type DisclosureRule } from './rule.js';
export { safeCount, safeSum, type SafeCount } from './count.js';
export { safeTable, type SafeTable, type SafeTableInput } from './table.js';
export { safeProportion, type SafeProportion } from './proportion.js';
