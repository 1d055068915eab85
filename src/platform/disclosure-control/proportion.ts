import { safeCount, type SafeCount } from './count.js';
import { DEFAULT_RULE, type DisclosureRule } from './rule.js';

export type SafeProportion = {
  shown: string;
  /** the published percentage, 0 to 100 to one decimal place; null when withheld */
  value: number | null;
  suppressed: boolean;
};

/**
 * A percentage of events among a total, computed from the published counts (so it tells nothing
 * the counts do not), and withheld (the rule's symbol) when either count is withheld or the total
 * is 0. A number is taken as a finest-grained true count and published with safeCount; a figure
 * that adds counts up should be passed as the SafeCount from safeSum. Shown to one decimal place
 * with "%".
 */
export function safeProportion(
  events: number | SafeCount,
  total: number | SafeCount,
  rule: DisclosureRule = DEFAULT_RULE,
): SafeProportion {
  const e = typeof events === 'number' ? safeCount(events, rule) : events;
  const t = typeof total === 'number' ? safeCount(total, rule) : total;
  if (e.value === null || t.value === null || t.value === 0)
    return { shown: rule.withheldSymbol, value: null, suppressed: true };
  const value = Math.round((1000 * Math.min(e.value, t.value)) / t.value) / 10;
  return { shown: `${value.toFixed(1)}%`, value, suppressed: false };
}
