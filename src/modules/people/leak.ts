import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for people and person search. */
export const leak: LeakCoverage = {
  routes: ['GET /people', 'GET /api/v1/people'],
  tables: [{ table: 'person', kind: 'person', key: 'id::text' }],
  calls(k) {
    // every person on a case the user may read (all the seeded people match "Marker")
    const people = k.withMarker.filter((r) => r.kind === 'person' || r.kind === 'case');
    for (const [route, url, auth] of [
      ['GET /people?q=', '/people?q=Marker', 'session'],
      ['GET /api/v1/people?q=', '/api/v1/people?q=Marker', 'token'],
    ] as const) {
      k.add({ route, url, auth, relevant: people, mustShow: (r) => r.kind === 'person' && k.may(r) });
    }
  },
};
