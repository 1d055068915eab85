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
    }
  },
};
