import type { DemoSeed } from '../../platform/demo-seed.js';
import { KIND } from './public.js';

/**
 * The demo's notification settings: the site coordinator has e-mail for new referrals and case
 * team changes, and the daily digest, so a demo run with no SMTP_URL shows .eml files under
 * DATA_DIR/outbox as the coordinator works. Before the other modules' records (order 5).
 */
export const demo: DemoSeed = {
  order: 5,
  async seed(ctx) {
    await ctx.tx
      .insertInto('notification_setting')
      .values({
        user_id: ctx.userId('site_coordinator'),
        email_kinds: [KIND.newReferral, KIND.caseTeamAdded],
        daily_digest: true,
        updated_at: new Date(),
      })
      .execute();
  },
};
