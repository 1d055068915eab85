import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for MAPPA and MARAC (all core). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/mappa',
    'GET /api/v1/cases/:id/mappa',
    'GET /cases/:id/marac',
    'GET /api/v1/cases/:id/marac',
    'GET /cases/:id/marac-meetings',
    'GET /api/v1/cases/:id/marac-meetings',
    'GET /cases/:id/mappa/:recordId/withdraw',
    'GET /cases/:id/marac/:recordId/withdraw',
    'GET /cases/:id/marac-meetings/:recordId/withdraw',
  ],
  tables: [
    { table: 'mappa_record', kind: 'mappa_record', key: 'id::text' },
    { table: 'marac_referral', kind: 'marac_referral', key: 'id::text' },
    { table: 'marac_meeting', kind: 'marac_meeting', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'mappa', compartment: 'core', kind: 'mappa_record' });
      k.addCompartmentList(c, { slug: 'marac', compartment: 'core', kind: 'marac_referral' });
      k.addCompartmentList(c, { slug: 'marac-meetings', compartment: 'core', kind: 'marac_meeting' });
      // the withdrawal pages need core write, which the oracle does not model: nothing they show
      // may reach anyone who may not read it (no record is required of them)
      for (const [kind, slug] of [
        ['mappa_record', 'mappa'],
        ['marac_referral', 'marac'],
        ['marac_meeting', 'marac-meetings'],
      ] as const)
        for (const r of k.withMarker.filter((x) => k.isKind(x, c, kind)))
          k.addForCase(
            c,
            `GET /cases/:id/${slug}/:recordId/withdraw`,
            `/cases/${c.id}/${slug}/${r.id}/withdraw`,
            'session',
            () => false,
          );
    }
  },
};
