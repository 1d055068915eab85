import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for aggregate figures: counts, never a record. */
export const leak: LeakCoverage = {
  routes: ['GET /figures', 'GET /api/v1/figures'],
  calls(k) {
    const people = k.withMarker.filter((r) => r.kind === 'person' || r.kind === 'case');
    for (const [route, url, auth] of [
      ['GET /figures', '/figures', 'session'],
      ['GET /api/v1/figures', '/api/v1/figures', 'token'],
    ] as const) {
      k.add({ route, url, auth, relevant: people, mustShow: () => false });
    }
  },
};
