import { demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';
import { isoDateDaysAgo } from '../../platform/fictional.js';

/**
 * MAPPA and MARAC on the demo cases (fictional): Adrian Fenwick managed at MAPPA category 2, level 2
 * (his s4A conviction carried 18 months' custody), first at level 3 on release; his next review is
 * overdue, so it is on Reviews due and the team is alerted. Laura Bexley's case was referred to
 * MARAC by the police and heard there.
 */
export const demo: DemoSeed = {
  order: 61,
  async seed(ctx) {
    const probation = ctx.userId('probation_practitioner');
    const police = ctx.userId('stalking_coordinator');
    const fenwick = ctx.caseOf('Fenwick');
    await ctx.tx
      .insertInto('mappa_record')
      .values([
        {
          case_id: fenwick.caseId,
          category: 2,
          level: 3,
          starts_on: isoDateDaysAgo(120),
          lead_agency: 'probation',
          next_review_on: isoDateDaysAgo(60),
          notes: 'Level 3 for the first weeks after release on licence.',
          created_by: probation,
          created_at: demoRecordDate(fenwick, 90),
        },
        {
          case_id: fenwick.caseId,
          category: 2,
          level: 2,
          starts_on: isoDateDaysAgo(60),
          lead_agency: 'probation',
          next_review_on: isoDateDaysAgo(3),
          notes: 'Stepped down to level 2 at review: licence conditions kept, weekly probation contact.',
          created_by: probation,
          created_at: demoRecordDate(fenwick, 60),
        },
      ])
      .execute();
    const referral = await ctx.tx
      .insertInto('marac_referral')
      .values({
        case_id: fenwick.caseId,
        referred_on: isoDateDaysAgo(88),
        referring_agency: 'police',
        reason: 'Ex-partner stalking with a high-risk assessment; the victim is anxious about his release.',
        created_by: police,
        created_at: demoRecordDate(fenwick, 88),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.tx
      .insertInto('marac_meeting')
      .values({
        case_id: fenwick.caseId,
        referral_id: referral.id,
        meeting_on: isoDateDaysAgo(75),
        outcome:
          'Safety plan agreed with the advocate; police marker on the victim’s address; review in three months.',
        created_by: police,
        created_at: demoRecordDate(fenwick, 75),
      })
      .execute();
  },
};
