import type { LeakCoverage } from '../../platform/leak.js';

/**
 * The leak test's catalogue for actions (core, per case): the case's Actions tab and its API; "My
 * actions" (those the user owns, on cases they may still see) and the overdue actions at the
 * user's sites (every action of the world is open and past its due date), pages and API.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/actions',
    'GET /api/v1/cases/:id/actions',
    'GET /actions',
    'GET /api/v1/actions',
    'GET /actions/overdue',
    'GET /api/v1/actions/overdue',
    'GET /cases/:id/actions/:actionId/withdraw',
  ],
  tables: [{ table: 'case_action', kind: 'case_action', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'actions', compartment: 'core', kind: 'case_action' });
      // the withdrawal page needs core write, which the oracle does not model: nothing it shows
      // may reach anyone who may not read it (no record is required of it)
      for (const r of k.withMarker.filter((x) => k.isKind(x, c, 'case_action')))
        k.addForCase(
          c,
          'GET /cases/:id/actions/:actionId/withdraw',
          `/cases/${c.id}/actions/${r.id}/withdraw`,
          'session',
          () => false,
        );
    }
    const actions = k.withMarker.filter((r) => r.kind === 'case_action');
    const cases = k.world.cases.map((c) => k.caseRecord(c));
    const mine = (r: (typeof actions)[number]) =>
      r.kind === 'case_action' && r.userId === k.user.id && k.may(r);
    const overdue = (r: (typeof actions)[number]) => r.kind === 'case_action' && k.may(r);
    k.add({
      route: 'GET /actions',
      url: '/actions',
      auth: 'session',
      relevant: [...actions, ...cases],
      mustShow: mine,
    });
    k.add({
      route: 'GET /api/v1/actions',
      url: '/api/v1/actions',
      auth: 'token',
      relevant: [...actions, ...cases],
      mustShow: mine,
    });
    k.add({
      route: 'GET /actions/overdue',
      url: '/actions/overdue',
      auth: 'session',
      relevant: [...actions, ...cases],
      mustShow: overdue,
    });
    k.add({
      route: 'GET /api/v1/actions/overdue',
      url: '/api/v1/actions/overdue',
      auth: 'token',
      relevant: [...actions, ...cases],
      mustShow: overdue,
    });
  },
};
