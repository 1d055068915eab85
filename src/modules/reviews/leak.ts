import type { LeakCoverage, WRecord } from '../../platform/leak.js';

/**
 * The leak test's catalogue for reviews due (the risk compartment): open cases whose risk review is
 * past (every seeded case has a completed assessment with a past review date), on the user's own
 * teams; for a site coordinator by default every case at their sites, with scope=mine their own
 * teams (a site filter naming a site not theirs is ignored).
 */
export const leak: LeakCoverage = {
  routes: ['GET /reviews', 'GET /api/v1/reviews'],
  calls(k) {
    const { world, user } = k;
    const reviewed = (r: WRecord, scope: 'default' | 'mine', siteId: string | null, api: boolean) =>
      world.cases.some(
        (c) =>
          (r === k.caseRecord(c) || (!api && r === k.subject(c))) &&
          !['closed', 'declined'].includes(c.status) &&
          (siteId === null || !user.siteIds.includes(siteId) || c.siteId === siteId) &&
          k.reads(c, 'risk') &&
          (k.coordinatesSites && scope === 'default'
            ? k.isSiteCoordinatorOf(c.siteId)
            : c.team.includes(user.id)),
      );
    const call = (route: string, url: string, auth: 'session' | 'token', mustShow: (r: WRecord) => boolean) =>
      k.add({ route, url, auth, relevant: k.everyCase, mustShow });
    call('GET /reviews', '/reviews', 'session', (r) => reviewed(r, 'default', null, false));
    call('GET /reviews?scope=mine', '/reviews?scope=mine', 'session', (r) =>
      reviewed(r, 'mine', null, false),
    );
    call('GET /api/v1/reviews', '/api/v1/reviews', 'token', (r) => reviewed(r, 'default', null, true));
    call('GET /api/v1/reviews?scope=mine', '/api/v1/reviews?scope=mine', 'token', (r) =>
      reviewed(r, 'mine', null, true),
    );
    for (const site of world.sites) {
      call('GET /reviews?site=', `/reviews?site=${site.id}`, 'session', (r) =>
        reviewed(r, 'default', site.id, false),
      );
      call('GET /api/v1/reviews?site=', `/api/v1/reviews?site=${site.id}`, 'token', (r) =>
        reviewed(r, 'default', site.id, true),
      );
    }
  },
};
