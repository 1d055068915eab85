import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for the victim's voice (the entry the victim asked not to be shared is the advocate's only). */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/voice', 'GET /api/v1/cases/:id/voice'],
  tables: [{ table: 'victim_voice', kind: 'victim_voice', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'voice', compartment: 'victim_voice', kind: 'victim_voice' });
    }
  },
};
