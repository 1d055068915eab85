import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for break-glass: the coordinator's review list, everyone else's own history. */
export const leak: LeakCoverage = {
  routes: ['GET /break-glass/review'],
  tables: [{ table: 'break_glass_grant', kind: 'break_glass_grant', key: 'id::text' }],
  calls(k) {
    k.add({
      route: 'GET /break-glass/review',
      url: '/break-glass/review',
      auth: 'session',
      context: { kind: 'break-glass-review' },
      relevant: k.withMarker.filter((r) => r.kind === 'break_glass_grant' || r.kind === 'case'),
      mustShow: (r) =>
        r.kind === 'break_glass_grant' && k.mayReadGrant({ caseId: r.caseIds[0]!, userId: r.userId! }),
    });
  },
};
