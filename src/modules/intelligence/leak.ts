import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for police intelligence. */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/intelligence', 'GET /api/v1/cases/:id/intelligence'],
  tables: [{ table: 'police_intelligence', kind: 'police_intelligence', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, {
        slug: 'intelligence',
        compartment: 'police_intelligence',
        kind: 'police_intelligence',
      });
    }
  },
};
