import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for corrections to the person referred (core). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/person',
    'GET /api/v1/cases/:id/person/amendments',
    'GET /cases/:id/victims/:victimId/person',
    'GET /api/v1/cases/:id/victims/:victimId/person/amendments',
  ],
  tables: [{ table: 'person_amendment', kind: 'person_amendment', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      k.addForCase(
        c,
        'GET /cases/:id/person',
        `/cases/${c.id}/person`,
        'session',
        (r) => core() && (k.inHeader(c, r) || k.isKind(r, c, 'person_amendment')),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/person/amendments',
        `/api/v1/cases/${c.id}/person/amendments`,
        'token',
        (r) => core() && k.isKind(r, c, 'person_amendment'),
      );
      // a victim's details as a person: their name is core; no record is required of the pages
      // (the oracle does not model a victim's own corrections), and nothing on them may reach anyone
      // who may not read it
      for (const id of c.caseVictimIds) {
        k.addForCase(
          c,
          'GET /cases/:id/victims/:victimId/person',
          `/cases/${c.id}/victims/${id}/person`,
          'session',
          () => false,
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/victims/:victimId/person/amendments',
          `/api/v1/cases/${c.id}/victims/${id}/person/amendments`,
          'token',
          () => false,
        );
      }
    }
  },
};
