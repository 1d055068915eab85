import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for the log of contact with victims. */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/contact-log', 'GET /api/v1/cases/:id/contact-log'],
  tables: [{ table: 'victim_contact_log', kind: 'victim_contact_log', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, {
        slug: 'contact-log',
        compartment: 'victim_contact',
        kind: 'victim_contact_log',
      });
    }
  },
};
