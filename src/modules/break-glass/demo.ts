import { BREAK_GLASS_HOURS, type BreakGlassReason } from '../../platform/access/policy.js';
import type { Role } from '../../platform/auth/users.js';
import type { DemoSeed } from '../../platform/demo-seed.js';

/**
 * One break-glass grant, long expired and not yet reviewed, so the site coordinator's review list
 * has something on it: the probation practitioner, who is not on Darren Voss's case team.
 */
const BREAK_GLASS: {
  subjectFamily: string;
  role: Role;
  reason: BreakGlassReason;
  text: string;
  daysAgo: number;
} = {
  subjectFamily: 'Voss',
  role: 'probation_practitioner',
  reason: 'court_or_custody',
  text:
    'The magistrates’ court asked for bail information on Darren Voss before his hearing this morning, ' +
    'and the officer in the case was on rest days.',
  daysAgo: 3,
};

export const demo: DemoSeed = {
  order: 60,
  async seed(ctx) {
    const grantedAt = new Date(Date.now() - BREAK_GLASS.daysAgo * 86_400_000);
    grantedAt.setUTCHours(8, 40, 0, 0);
    await ctx.tx
      .insertInto('break_glass_grant')
      .values({
        case_id: ctx.caseOf(BREAK_GLASS.subjectFamily).caseId,
        user_id: ctx.userId(BREAK_GLASS.role),
        reason_code: BREAK_GLASS.reason,
        reason_text: BREAK_GLASS.text,
        granted_at: grantedAt,
        expires_at: new Date(grantedAt.getTime() + BREAK_GLASS_HOURS * 3_600_000),
      })
      .execute();
  },
};
