import type { LeakCoverage } from '../../platform/leak.js';

/**
 * The leak test's catalogue for court and offending (all core): charges (the page and API show each
 * charge with its outcomes), court outcomes (with their charge's wording) and new offending.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/charges',
    'GET /api/v1/cases/:id/charges',
    'GET /cases/:id/court-outcomes',
    'GET /api/v1/cases/:id/court-outcomes',
    'GET /cases/:id/new-offending',
    'GET /api/v1/cases/:id/new-offending',
    'GET /cases/:id/court-outcomes/:recordId/withdraw',
    'GET /cases/:id/new-offending/:recordId/withdraw',
    'GET /cases/:id/charges/:recordId/withdraw',
  ],
  tables: [
    { table: 'court_charge', kind: 'court_charge', key: 'id::text' },
    { table: 'court_outcome', kind: 'court_outcome', key: 'id::text' },
    { table: 'new_offence', kind: 'new_offence', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'charges', compartment: 'core', kind: 'court_charge' });
      k.addCompartmentList(c, { slug: 'court-outcomes', compartment: 'core', kind: 'court_outcome' });
      k.addCompartmentList(c, { slug: 'new-offending', compartment: 'core', kind: 'new_offence' });
      // the withdrawal pages need core write, which the oracle does not model: nothing they show
      // may reach anyone who may not read it (no record is required of them)
      for (const [kind, slug] of [
        ['court_outcome', 'court-outcomes'],
        ['new_offence', 'new-offending'],
        ['court_charge', 'charges'],
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
