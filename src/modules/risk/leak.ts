import type { LeakCoverage, WRecord } from '../../platform/leak.js';

/** The leak test's catalogue for risk plans and the risk overview (the risk compartment). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/risk-plans',
    'GET /api/v1/cases/:id/risk-plans',
    'GET /cases/:id/risk',
    'GET /api/v1/cases/:id/risk',
    'GET /cases/:id/risk-plans/:recordId/withdraw',
  ],
  tables: [{ table: 'risk_plan', kind: 'risk_plan', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'risk-plans', compartment: 'risk', kind: 'risk_plan' });
      // the withdrawal page needs risk write, which the oracle does not model: nothing it shows may
      // reach anyone who may not read it
      for (const r of k.withMarker.filter((x) => k.isKind(x, c, 'risk_plan')))
        k.addForCase(
          c,
          'GET /cases/:id/risk-plans/:recordId/withdraw',
          `/cases/${c.id}/risk-plans/${r.id}/withdraw`,
          'session',
          () => false,
        );
      // the overview shows each rating change with its rationale; the API's history the same
      const risk = () => k.reads(c, 'risk');
      const rating = (r: WRecord) => k.isKind(r, c, 'risk_rating') && k.may(r);
      k.addForCase(
        c,
        'GET /cases/:id/risk',
        `/cases/${c.id}/risk`,
        'session',
        (r) => risk() && (k.inHeader(c, r) || rating(r)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/risk',
        `/api/v1/cases/${c.id}/risk`,
        'token',
        (r) => risk() && rating(r),
      );
    }
  },
};
