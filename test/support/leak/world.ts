import type { World, WRecord } from '../../../src/platform/leak.js';

/**
 * A seeded world as the leak test and its oracle see it: who is who, which cases are where, who is
 * on which team, which break-glass grants exist, and every record of case data with the marker
 * string that shows it is present in a response. The shapes live in src/platform/leak.ts, where
 * the modules' leak catalogues (src/modules/<m>/leak.ts) use them too.
 */
export type {
  LeakKit,
  LeakTable,
  RecordKind,
  RouteContext,
  WCase,
  WGrant,
  World,
  WRecord,
  WSite,
  WUser,
} from '../../../src/platform/leak.js';

export function indexWorld(w: Pick<World, 'sites' | 'users' | 'cases' | 'grants' | 'records'>): World {
  const recordByMarker = new Map<string, WRecord>();
  for (const r of w.records) {
    if (!r.marker) continue;
    if (recordByMarker.has(r.marker)) throw new Error(`Duplicate marker ${r.marker}`);
    recordByMarker.set(r.marker, r);
  }
  return {
    ...w,
    caseById: new Map(w.cases.map((c) => [c.id, c])),
    userById: new Map(w.users.map((u) => [u.id, u])),
    recordByMarker,
  };
}

/** Every marker in a response body: persons' given names, `LEAK-` text markers, case references. */
export const MARKER_PATTERN = /Marker[0-9a-f]{10}|LEAK-[0-9a-f]{10}|\b[A-Z]{3}-\d{6}\b/g;

export function markersIn(body: string): Set<string> {
  return new Set(body.match(MARKER_PATTERN) ?? []);
}
