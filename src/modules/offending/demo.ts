import { demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';
import { isoDateDaysAgo } from '../../platform/fictional.js';

/**
 * Court and offending on the demo cases (fictional): Adrian Fenwick's conviction for stalking
 * involving fear of violence (before his referral) with its custodial sentence; Marcus Delaney and
 * Darren Voss charged and awaiting trial; and Darren Voss re-offending after referral (an arrest
 * for stalking at the station he was told to keep away from).
 */
export const demo: DemoSeed = {
  order: 60,
  async seed(ctx) {
    const police = ctx.userId('stalking_coordinator');
    const probation = ctx.userId('probation_practitioner');
    const charge = async (
      key: string,
      c: { classification: string; wording: string; daysAgo: number; court: string; by: string },
    ) => {
      const ref = ctx.caseOf(key);
      const row = await ctx.tx
        .insertInto('court_charge')
        .values({
          case_id: ref.caseId,
          classification: c.classification,
          wording: c.wording,
          charged_on: isoDateDaysAgo(c.daysAgo),
          court: c.court,
          created_by: c.by,
          created_at: demoRecordDate(ref, Math.min(c.daysAgo, ref.createdDaysAgo)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ref, id: row.id };
    };

    const fenwick = await charge('Fenwick', {
      classification: 'pha_s4a',
      wording:
        'Stalking involving serious alarm or distress: following Laura Bexley and waiting at her workplace',
      daysAgo: 420,
      court: 'Southampton Crown Court',
      by: police,
    });
    await ctx.tx
      .insertInto('court_outcome')
      .values({
        case_id: fenwick.ref.caseId,
        charge_id: fenwick.id,
        outcome: 'convicted',
        outcome_on: isoDateDaysAgo(300),
        sentence_kind: 'immediate_custody',
        sentence_months: 18,
        notes: 'Restraining order made on conviction. Released on licence with a no-contact condition.',
        created_by: probation,
        created_at: demoRecordDate(fenwick.ref, 90),
      })
      .execute();

    await charge('Delaney', {
      classification: 'pha_s4a',
      wording: 'Stalking involving fear of violence towards Sophie Rainer',
      daysAgo: 18,
      court: 'Portsmouth Magistrates’ Court',
      by: police,
    });
    const voss = await charge('Voss', {
      classification: 'pha_s2a',
      wording: 'Stalking: following Megan Hale from the station and loitering near her home',
      daysAgo: 65,
      court: 'Winchester Magistrates’ Court',
      by: police,
    });
    await ctx.tx
      .insertInto('new_offence')
      .values({
        case_id: voss.ref.caseId,
        event_kind: 'arrest',
        classification: 'pha_s2a',
        offence_on: isoDateDaysAgo(25),
        known_on: isoDateDaysAgo(24),
        source_agency: 'police',
        details:
          'Seen waiting on the platform at the station again by the victim’s father; arrested the next day.',
        created_by: police,
        created_at: demoRecordDate(voss.ref, 24),
      })
      .execute();
  },
};
