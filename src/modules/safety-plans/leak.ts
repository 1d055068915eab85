import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for safety plans (the victim_voice compartment). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/safety-plans',
    'GET /api/v1/cases/:id/safety-plans',
    'GET /cases/:id/safety-plans/:caseVictimId/edit',
  ],
  tables: [{ table: 'safety_plan', kind: 'safety_plan', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'safety-plans', compartment: 'victim_voice', kind: 'safety_plan' });
      // the advocate's form to revise one victim's safety plan: the current plan, for those who write it
      for (const cv of c.caseVictimIds) {
        k.addForCase(
          c,
          'GET /cases/:id/safety-plans/:caseVictimId/edit',
          `/cases/${c.id}/safety-plans/${cv}/edit`,
          'session',
          (r) =>
            k.mayEditContact(c) &&
            k.reads(c, 'core') &&
            (k.inHeader(c, r) || (r.kind === 'safety_plan' && r.caseVictimId === cv && k.may(r))),
        );
      }
    }
  },
};
