import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for referrals. */
export const leak: LeakCoverage = {
  routes: ['GET /referrals/:id/confirmation'],
  tables: [{ table: 'referral', kind: 'referral', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      // the confirmation after a referral names the case: not its job to show it to anyone else
      k.addForCase(
        c,
        'GET /referrals/:id/confirmation',
        `/referrals/${c.id}/confirmation`,
        'session',
        () => false,
      );
    }
  },
};
