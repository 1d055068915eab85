import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for clinical notes. */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/clinical', 'GET /api/v1/cases/:id/clinical'],
  tables: [{ table: 'clinical_note', kind: 'clinical_note', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'clinical', compartment: 'clinical', kind: 'clinical_note' });
    }
  },
};
