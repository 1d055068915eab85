import type { LeakCoverage, WRecord } from '../../platform/leak.js';

/** The leak test's catalogue for the access review: each site's cases by reference, for its coordinator or an administrator. */
export const leak: LeakCoverage = {
  routes: [
    'GET /sites/:siteId/access-review',
    'GET /sites/:siteId/access-review.csv',
    'GET /api/v1/sites/:siteId/access-review',
  ],
  calls(k) {
    const caseRecords = k.withMarker.filter((r) => r.kind === 'case');
    for (const site of k.world.sites) {
      const mustShow = (r: WRecord) =>
        k.world.caseById.get(r.id)!.siteId === site.id && k.mayReadAccessReview(site.id);
      for (const [route, url, auth] of [
        ['GET /sites/:siteId/access-review', `/sites/${site.id}/access-review`, 'session'],
        ['GET /sites/:siteId/access-review.csv', `/sites/${site.id}/access-review.csv`, 'session'],
        ['GET /api/v1/sites/:siteId/access-review', `/api/v1/sites/${site.id}/access-review`, 'token'],
      ] as const) {
        k.add({
          route,
          url,
          auth,
          context: { kind: 'access-review', siteId: site.id },
          relevant: caseRecords,
          mustShow,
        });
      }
    }
  },
};
