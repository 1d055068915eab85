import type { LeakCoverage, LeakKit, WCase, WRecord } from '../../platform/leak.js';

/**
 * The leak test's catalogue for the intervention: the formulation, the plan's rationale, outcome
 * measures and the discharge summary are clinical (health on the team only); the plan, the shared
 * formulation summary, the discharge and its letter, and the agencies' agreements are core.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/formulation',
    'GET /api/v1/cases/:id/formulation',
    'GET /cases/:id/formulation/edit',
    'GET /cases/:id/intervention-plan',
    'GET /api/v1/cases/:id/intervention-plan',
    'GET /cases/:id/intervention-plan/edit',
    'GET /cases/:id/outcome-measures',
    'GET /api/v1/cases/:id/outcome-measures',
    'GET /cases/:id/outcome-measures/:templateId/new',
    'GET /cases/:id/outcome-measures/:scoreId/withdraw',
    'GET /cases/:id/discharge',
    'GET /api/v1/cases/:id/discharge',
    'GET /cases/:id/discharge/new',
    'GET /cases/:id/discharge/letter',
    'GET /cases/:id/discharge/letter.txt',
    'GET /cases/:id/discharge/withdraw',
    'GET /api/v1/clinical-templates',
  ],
  tables: [
    { table: 'formulation', kind: 'formulation', key: 'id::text' },
    { table: 'formulation_summary', kind: 'formulation_summary', key: 'id::text' },
    { table: 'intervention_plan', kind: 'intervention_plan', key: 'id::text' },
    { table: 'intervention_plan_rationale', kind: 'intervention_plan_rationale', key: 'id::text' },
    { table: 'outcome_measure_score', kind: 'outcome_measure_score', key: 'id::text' },
    { table: 'discharge', kind: 'discharge', key: 'id::text' },
    { table: 'discharge_summary', kind: 'discharge_summary', key: 'id::text' },
    { table: 'discharge_agreement', kind: 'discharge_agreement', key: 'id::text' },
  ],
  calls(k) {
    // the health team on the case writes clinical records (break-glass is read-only)
    const writesClinical = (c: WCase) => k.reads(c, 'clinical') && c.team.includes(k.user.id);
    const shows = (c: WCase, r: WRecord, ...kinds: Parameters<LeakKit['isKind']>[2][]) =>
      k.isKind(r, c, ...kinds) && k.may(r);
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'formulation', compartment: 'clinical', kind: 'formulation' });
      k.addCompartmentList(c, {
        slug: 'outcome-measures',
        compartment: 'clinical',
        kind: 'outcome_measure_score',
      });
      k.addForCase(
        c,
        'GET /cases/:id/formulation/edit',
        `/cases/${c.id}/formulation/edit`,
        'session',
        (r) => writesClinical(c) && (k.inHeader(c, r) || shows(c, r, 'formulation')),
      );

      // the plan: goals and components (core) for the team, its rationale for the health team, and
      // the formulation summary the clinician shared
      const planKinds = ['intervention_plan', 'intervention_plan_rationale', 'formulation_summary'] as const;
      k.addForCase(
        c,
        'GET /cases/:id/intervention-plan',
        `/cases/${c.id}/intervention-plan`,
        'session',
        (r) => k.reads(c, 'core') && (k.inHeader(c, r) || shows(c, r, ...planKinds)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/intervention-plan',
        `/api/v1/cases/${c.id}/intervention-plan`,
        'token',
        (r) => k.reads(c, 'core') && shows(c, r, ...planKinds),
      );
      k.addForCase(
        c,
        'GET /cases/:id/intervention-plan/edit',
        `/cases/${c.id}/intervention-plan/edit`,
        'session',
        (r) =>
          writesClinical(c) &&
          (k.inHeader(c, r) || shows(c, r, 'intervention_plan', 'intervention_plan_rationale')),
      );
      k.addForCase(
        c,
        'GET /cases/:id/outcome-measures/:templateId/new',
        `/cases/${c.id}/outcome-measures/${OUTCOME_TEMPLATE_ID}/new`,
        'session',
        (r) => writesClinical(c) && k.inHeader(c, r),
      );
      // withdrawing a score needs clinical write, which the oracle does not model: nothing the
      // confirmation page shows may reach anyone who may not read it (no record is required of it)
      for (const score of k.withMarker.filter((r) => k.isKind(r, c, 'outcome_measure_score')))
        k.addForCase(
          c,
          'GET /cases/:id/outcome-measures/:scoreId/withdraw',
          `/cases/${c.id}/outcome-measures/${score.id}/withdraw`,
          'session',
          () => false,
        );

      // the discharge (core) and its summary (clinical); the letter pages show the letter (core)
      k.addForCase(
        c,
        'GET /cases/:id/discharge',
        `/cases/${c.id}/discharge`,
        'session',
        (r) => k.reads(c, 'core') && (k.inHeader(c, r) || shows(c, r, 'discharge', 'discharge_summary')),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/discharge',
        `/api/v1/cases/${c.id}/discharge`,
        'token',
        (r) => k.reads(c, 'core') && shows(c, r, 'discharge', 'discharge_summary'),
      );
      // withdrawing the discharge needs clinical and core write, which the oracle does not model:
      // nothing its confirmation page shows may reach anyone who may not read it
      k.addForCase(
        c,
        'GET /cases/:id/discharge/withdraw',
        `/cases/${c.id}/discharge/withdraw`,
        'session',
        () => false,
      );
      // every seeded case has a discharge already: the form answers that it has (409)
      k.addForCase(c, 'GET /cases/:id/discharge/new', `/cases/${c.id}/discharge/new`, 'session', () => false);
      k.addForCase(
        c,
        'GET /cases/:id/discharge/letter',
        `/cases/${c.id}/discharge/letter`,
        'session',
        (r) => k.reads(c, 'core') && (k.inHeader(c, r) || shows(c, r, 'discharge')),
      );
      k.addForCase(
        c,
        'GET /cases/:id/discharge/letter.txt',
        `/cases/${c.id}/discharge/letter.txt`,
        'session',
        (r) => k.reads(c, 'core') && (k.caseRecord(c) === r || shows(c, r, 'discharge')),
      );
    }
    // reference data, no case content
    k.add({
      route: 'GET /api/v1/clinical-templates',
      url: '/api/v1/clinical-templates',
      auth: 'token',
      relevant: [],
      mustShow: () => false,
    });
  },
};

/** The outcome measure the leak test's world publishes, by a fixed id (test/support/leak/seed.ts). */
export const OUTCOME_TEMPLATE_ID = '00000000-0000-4000-8000-000000000014';
