import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for notifications: the user's own alerts (each names its case by reference). */
export const leak: LeakCoverage = {
  routes: ['GET /notifications', 'GET /api/v1/notifications'],
  tables: [
    { table: 'notification', kind: 'notification', key: 'id::text' },
    { table: 'notification_outbox', kind: 'notification_outbox', key: 'id::text' },
    { table: 'notification_setting', kind: 'notification_setting', key: 'user_id::text' },
  ],
  calls(k) {
    const alerts = k.withMarker.filter((r) => r.kind === 'notification' || r.kind === 'case');
    for (const [route, url, auth] of [
      ['GET /notifications', '/notifications', 'session'],
      ['GET /api/v1/notifications', '/api/v1/notifications', 'token'],
    ] as const) {
      k.add({
        route,
        url,
        auth,
        relevant: alerts,
        mustShow: (r) => r.kind === 'notification' && r.userId === k.user.id && k.may(r),
      });
    }
  },
};
