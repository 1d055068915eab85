import type { CaseAccess } from '../../platform/access/case-access.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { DateRange, TimelineEvent, TimelineSource } from '../../platform/manifest.js';

/**
 * One chronological view of a case: every module's timeline source (from its manifest) adds its
 * dated events, each only if the user may read its compartment, and the lists are merged newest
 * first (the MoJ timeline order). Breaches and meetings join as sources of their modules.
 */

export type { DateRange, TimelineEvent, TimelineSource };

const inRange = (at: Date, r: DateRange) =>
  (!r.from || at.getTime() >= r.from.getTime()) && (!r.to || at.getTime() <= r.to.getTime());

/** Merges event lists newest first; ties keep the sources' order, then id, so it is stable. */
export function mergeTimeline(lists: TimelineEvent[][], sources: readonly TimelineSource[]): TimelineEvent[] {
  const rank = (type: string) => sources.findIndex((s) => s.type === type);
  return lists
    .flat()
    .sort(
      (a, b) => b.at.getTime() - a.at.getTime() || rank(a.type) - rank(b.type) || a.id.localeCompare(b.id),
    );
}

/** The case's timeline for this user: the chosen types (all when none), within the range. */
export async function buildTimeline(
  tx: Tx,
  access: CaseAccess,
  caseId: string,
  filter: { types: string[]; range: DateRange },
  sources: readonly TimelineSource[],
): Promise<{ events: TimelineEvent[]; available: TimelineSource[] }> {
  const visible = sources.filter((s) => s.visible(access));
  const chosen = visible.filter((s) => !filter.types.length || filter.types.includes(s.type));
  // one after another: one transaction, one connection
  const lists: TimelineEvent[][] = [];
  for (const s of chosen) {
    const events = await s.load(tx, caseId, filter.range);
    // incidents are filtered by overlap with the range (when they happened); others by moment
    lists.push(s.rangeByOverlap ? events : events.filter((e) => inRange(e.at, filter.range)));
  }
  return { events: mergeTimeline(lists, sources), available: visible };
}
