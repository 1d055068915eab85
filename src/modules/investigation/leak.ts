import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for the police investigation's course (core). */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/investigation', 'GET /api/v1/cases/:id/investigation'],
  tables: [{ table: 'investigation_status_event', kind: 'investigation_status_event', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, {
        slug: 'investigation',
        compartment: 'core',
        kind: 'investigation_status_event',
      });
    }
  },
};
