import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for the police investigation's course (core). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/investigation',
    'GET /api/v1/cases/:id/investigation',
    'GET /cases/:id/investigation/:recordId/withdraw',
  ],
  tables: [{ table: 'investigation_status_event', kind: 'investigation_status_event', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, {
        slug: 'investigation',
        compartment: 'core',
        kind: 'investigation_status_event',
      });
      // the withdrawal page needs core write, which the oracle does not model: nothing it shows may
      // reach anyone who may not read it
      for (const r of k.withMarker.filter((x) => k.isKind(x, c, 'investigation_status_event')))
        k.addForCase(
          c,
          'GET /cases/:id/investigation/:recordId/withdraw',
          `/cases/${c.id}/investigation/${r.id}/withdraw`,
          'session',
          () => false,
        );
    }
  },
};
