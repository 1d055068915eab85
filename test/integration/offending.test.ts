import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../bench/synthetic.js';
import { alertMappaReviewsDue } from '../../src/modules/mappa-marac/repository.js';
import { firstNewStalkingOrHarassment } from '../../src/modules/offending/public.js';
import { longDateOf, todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { asUser, targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

const DAY = 86_400_000;
/** a UK calendar date `days` from today (negative: ago) */
const isoIn = (days: number) => {
  const today = todayInLondon();
  return new Date(Date.parse(`${today}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
};
const parts = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y!,
  };
};

describe.each(targets)('court outcomes, new offending, MAPPA and MARAC on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let police: TestUser;
  let probation: TestUser;
  let advocate: TestUser;
  let outsider: TestUser;
  let elsewhere: TestUser;
  let theCase: TestCase;
  let otherCase: TestCase;
  const { get, post, api } = clientsFor(() => t);
  const count = async (
    table: 'court_charge' | 'court_outcome' | 'new_offence' | 'mappa_record' | 'marac_meeting',
  ) =>
    Number(
      (
        await t.db.owner
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .where('case_id', '=', theCase.caseId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pam Police' });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pete Probation',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    outsider = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Olly Outsider',
    });
    elsewhere = await t.createUser({
      role: 'stalking_coordinator',
      sites: [otherSite],
      displayName: 'Eve Elsewhere',
    });
    theCase = await t.seedCase({ site, createdBy: police.id, team: [police.id, probation.id, advocate.id] });
    otherCase = await t.seedCase({ site, createdBy: police.id, team: [police.id] });
    // the case was referred 60 days ago
    await sql`update referral set created_at = now() - interval '60 days' where case_id = ${theCase.caseId}::uuid`.execute(
      t.db.owner,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('charges and court outcomes', () => {
    let chargeId: string;

    it('refuses a charge with missing fields, naming each, and saves nothing', async () => {
      await get(police, `/cases/${theCase.caseId}/charges`);
      const response = await post(police, `/cases/${theCase.caseId}/charges`, { wording: '' });
      expect(response.statusCode).toBe(400);
      const summary = errorSummaryOf(response.body);
      expect(summary).toContain('Enter the charge');
      expect(summary).toContain('Select the kind of offence');
      expect(summary).toContain('Enter the date of the charge');
      expect(response.body).toContain('href="#classification"');
      expect(await count('court_charge')).toBe(0);
    });

    it('records a charge on the page and shows it with no outcome yet', async () => {
      const added = await post(police, `/cases/${theCase.caseId}/charges`, {
        wording: 'Pursued a course of conduct amounting to stalking',
        classification: 'pha_s4a',
        ...parts('chargedOn', isoIn(-50)),
        court: 'Southampton Magistrates’ Court',
      });
      expect(added.statusCode).toBe(303);
      const page = await get(probation, `/cases/${theCase.caseId}/charges`);
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain('Pursued a course of conduct amounting to stalking');
      expect(text).toContain(`charged ${longDateOf(isoIn(-50))}`);
      expect(text).toContain('No outcome yet');
      chargeId = (
        await t.db.owner
          .selectFrom('court_charge')
          .select('id')
          .where('case_id', '=', theCase.caseId)
          .executeTakeFirstOrThrow()
      ).id;
    });

    it('refuses an outcome before the charge, a sentence without a conviction, and another case’s charge', async () => {
      const before = await post(police, `/cases/${theCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'convicted',
        ...parts('outcomeOn', isoIn(-51)),
      });
      expect(before.statusCode).toBe(422);
      expect(errorSummaryOf(before.body)).toContain(
        `The date of the outcome must be on or after the charge, ${longDateOf(isoIn(-50))}`,
      );
      const pageSentence = await post(police, `/cases/${theCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'discontinued',
        ...parts('outcomeOn', isoIn(-20)),
        sentenceKind: 'fine',
      });
      expect(pageSentence.statusCode).toBe(422);
      expect(errorSummaryOf(pageSentence.body)).toContain(
        'A sentence can only be recorded with a conviction',
      );
      const sentence = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'acquitted',
        outcomeOn: isoIn(-20),
        sentenceKind: 'fine',
      });
      expect(sentence.statusCode).toBe(422);
      expect(JSON.stringify(sentence.json())).toContain('sentenceKind');
      const lengthOfFine = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'convicted',
        outcomeOn: isoIn(-20),
        sentenceKind: 'fine',
        sentenceMonths: 3,
      });
      expect(lengthOfFine.statusCode).toBe(422);
      expect(JSON.stringify(lengthOfFine.json())).toContain('sentenceMonths');
      const foreign = await api(police, 'POST', `/api/v1/cases/${otherCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'convicted',
        outcomeOn: isoIn(-20),
      });
      expect(foreign.statusCode).toBe(422);
      expect(JSON.stringify(foreign.json())).toContain('chargeId');
      expect(await count('court_outcome')).toBe(0);
    });

    it('keeps every outcome as a dated record: a conviction, then the appeal, the latest in force', async () => {
      const convicted = await post(police, `/cases/${theCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'convicted',
        ...parts('outcomeOn', isoIn(-30)),
        sentenceKind: 'suspended_sentence',
        sentenceMonths: '12',
        notes: 'Restraining order made on conviction',
      });
      expect(convicted.statusCode).toBe(303);
      const appeal = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/court-outcomes`, {
        chargeId,
        outcome: 'acquitted',
        outcomeOn: isoIn(-10),
        notes: 'Conviction quashed on appeal',
      });
      expect(appeal.statusCode).toBe(201);
      const charges = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/charges`);
      expect(charges.statusCode).toBe(200);
      const [charge] = charges.json().items;
      expect(charge.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['convicted', 'acquitted']);
      expect(charge.outcomes[0]).toMatchObject({ sentenceKind: 'suspended_sentence', sentenceMonths: 12 });
      const page = textOf((await get(advocate, `/cases/${theCase.caseId}/court-outcomes`)).body);
      expect(page).toContain('Conviction quashed on appeal');
      expect(page).toContain('Sentence: Suspended sentence, 12 months');
    });
  });

  describe('new offending after referral', () => {
    it('refuses an offence before the referral, after it became known, or in the future, saving nothing', async () => {
      const base = { eventKind: 'arrest', classification: 'pha_s2a', sourceAgency: 'police' };
      const early = await post(police, `/cases/${theCase.caseId}/new-offending`, {
        ...base,
        ...parts('offenceOn', isoIn(-61)),
        ...parts('knownOn', isoIn(-5)),
      });
      expect(early.statusCode).toBe(422);
      expect(errorSummaryOf(early.body)).toContain(
        `The date of the offence must be on or after the referral, ${longDateOf(isoIn(-60))}`,
      );
      const unknownYet = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/new-offending`, {
        ...base,
        offenceOn: isoIn(-5),
        knownOn: isoIn(-6),
      });
      expect(unknownYet.statusCode).toBe(422);
      expect(JSON.stringify(unknownYet.json())).toContain('knownOn');
      const future = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/new-offending`, {
        ...base,
        offenceOn: isoIn(2),
        knownOn: isoIn(2),
      });
      expect(future.statusCode).toBe(400);
      expect(JSON.stringify(future.json())).toContain('cannot be in the future');
      const bad = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/new-offending`, {
        ...base,
        eventKind: 'rumour',
        offenceOn: isoIn(-5),
        knownOn: isoIn(-4),
      });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('eventKind');
      expect(await count('new_offence')).toBe(0);
    });

    it('records new offending, lists it, and answers "the first new stalking or harassment offence after X"', async () => {
      for (const [classification, offence, known] of [
        ['other_violence', -40, -39],
        ['pha_s2', -30, -28],
        ['pha_s4a', -12, -11],
      ] as const) {
        const r = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/new-offending`, {
          eventKind: 'charge',
          classification,
          offenceOn: isoIn(offence),
          knownOn: isoIn(known),
          sourceAgency: 'police',
          details: `Offence ${classification}`,
        });
        expect(r.statusCode).toBe(201);
      }
      const list = await api(advocate, 'GET', `/api/v1/cases/${theCase.caseId}/new-offending`);
      expect(list.json().items.map((o: { classification: string }) => o.classification)).toEqual([
        'pha_s4a',
        'pha_s2',
        'other_violence',
      ]);
      const first = (after: string) =>
        asUser(t.db, police.id, (tx) => firstNewStalkingOrHarassment(tx, theCase.caseId, after));
      expect(await first(isoIn(-60))).toMatchObject({ classification: 'pha_s2', offence_on: isoIn(-30) });
      expect(await first(isoIn(-30))).toMatchObject({ classification: 'pha_s4a', offence_on: isoIn(-12) });
      expect(await first(isoIn(-12))).toBeNull();
      // row-level security applies to the function: someone off the team gets nothing
      expect(
        await asUser(t.db, outsider.id, (tx) => firstNewStalkingOrHarassment(tx, theCase.caseId, isoIn(-60))),
      ).toBeNull();
    });

    it('reads the first offence from the index, stopping at the first row', async () => {
      const plan = await t.db.owner.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        const r = await sql<{ 'QUERY PLAN': string }>`
          explain select * from new_offence o
           where o.case_id = ${theCase.caseId}::uuid
             and o.classification in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4')
             and o.offence_on > ${isoIn(-60)}::date
           order by o.offence_on, o.created_at, o.id limit 1`.execute(tx);
        return r.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('new_offence_stalking_harassment_idx');
      expect(plan).toContain('Limit');
    });

    it('shows re-offending and convictions on the overview and the timeline', async () => {
      const overview = await get(probation, `/cases/${theCase.caseId}`);
      const text = textOf(overview.body);
      expect(text).toContain('Re-offended since referral');
      expect(text).toContain(`Yes, ${longDateOf(isoIn(-40))} (3 new offences, 2 of stalking or harassment)`);
      expect(text).toContain(`1 conviction, ${longDateOf(isoIn(-30))}`);
      const detail = await api(advocate, 'GET', `/api/v1/cases/${theCase.caseId}`);
      expect(detail.json().courtAndOffending).toEqual({
        newOffences: 3,
        firstNewOffenceOn: isoIn(-40),
        stalkingOrHarassment: 2,
        convictions: 1,
        latestConvictionOn: isoIn(-30),
        mappa: null,
      });
      const timeline = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/timeline`);
      expect(timeline.statusCode).toBe(200);
      const titles = timeline.json().items.map((e: { title: string }) => e.title);
      expect(titles).toContain(
        'Charged: Stalking involving fear of violence or serious alarm or distress (PHA 1997 s4A)',
      );
      expect(titles).toContain('Court outcome: Convicted');
      expect(titles).toContain('Court outcome: Acquitted');
      expect(titles).toContain('New offending: charge for harassment (PHA 1997 s2)');
    });

    it('is the case team’s: someone off the team or at another site is not shown it', async () => {
      expect((await get(outsider, `/cases/${theCase.caseId}/new-offending`)).statusCode).toBe(404);
      expect((await api(elsewhere, 'GET', `/api/v1/cases/${theCase.caseId}/charges`)).statusCode).toBe(404);
      const rows = await asUser(t.db, outsider.id, (tx) =>
        tx.selectFrom('new_offence').select('id').where('case_id', '=', theCase.caseId).execute(),
      );
      expect(rows).toEqual([]);
    });
  });

  describe('MAPPA and MARAC', () => {
    it('refuses a MAPPA record that ends or is reviewed before it starts, or without a level', async () => {
      await get(probation, `/cases/${theCase.caseId}/mappa`);
      const response = await post(probation, `/cases/${theCase.caseId}/mappa`, {
        category: '2',
        leadAgency: 'probation',
        ...parts('startsOn', isoIn(-20)),
        ...parts('endsOn', isoIn(-25)),
      });
      expect(response.statusCode).toBe(400);
      expect(errorSummaryOf(response.body)).toContain('Select the MAPPA level');
      const dates = await api(probation, 'POST', `/api/v1/cases/${theCase.caseId}/mappa`, {
        category: 2,
        level: 2,
        leadAgency: 'probation',
        startsOn: isoIn(-20),
        endsOn: isoIn(-25),
        nextReviewOn: isoIn(-21),
      });
      expect(dates.statusCode).toBe(422);
      const problem = JSON.stringify(dates.json());
      expect(problem).toContain('The end date must be on or after the start date');
      expect(problem).toContain('The next review date must be on or after the start date');
      expect(await count('mappa_record')).toBe(0);
    });

    it('lists a MAPPA review that is overdue on /reviews and alerts the case team once', async () => {
      const added = await post(probation, `/cases/${theCase.caseId}/mappa`, {
        category: '2',
        level: '2',
        leadAgency: 'probation',
        ...parts('startsOn', isoIn(-20)),
        ...parts('nextReviewOn', isoIn(-2)),
      });
      expect(added.statusCode).toBe(303);
      const reviews = await get(advocate, '/reviews');
      expect(reviews.statusCode).toBe(200);
      const table = textOf(reviews.body.slice(reviews.body.indexOf('id="mappa-reviews"')));
      expect(table).toContain(theCase.reference);
      expect(table).toContain('Category 2, level 2');
      expect(table).toContain('Overdue');
      const apiReviews = await api(police, 'GET', '/api/v1/reviews');
      expect(apiReviews.json().mappa).toEqual([
        expect.objectContaining({
          reference: theCase.reference,
          state: 'overdue',
          nextReviewDate: isoIn(-2),
        }),
      ]);
      // not on the list of someone at another site
      expect((await get(elsewhere, '/reviews')).body).not.toContain(theCase.reference);

      expect(await alertMappaReviewsDue(t.db.owner, todayInLondon())).toBe(3);
      expect(await alertMappaReviewsDue(t.db.owner, todayInLondon())).toBe(0);
      const notes = textOf((await get(advocate, '/notifications')).body);
      expect(notes).toContain(
        `The MAPPA review of case ${theCase.reference} (category 2, level 2) is overdue: it was due on ${longDateOf(isoIn(-2))}.`,
      );
      expect(textOf((await get(outsider, '/notifications')).body)).not.toContain(theCase.reference);

      // a new record (reviewed, stepped down) replaces it: nothing due, and its own alert later
      const next = await api(probation, 'POST', `/api/v1/cases/${theCase.caseId}/mappa`, {
        category: 2,
        level: 1,
        leadAgency: 'probation',
        startsOn: isoIn(-1),
        nextReviewOn: isoIn(60),
      });
      expect(next.statusCode).toBe(201);
      expect((await api(police, 'GET', '/api/v1/reviews')).json().mappa).toEqual([]);
      expect(await alertMappaReviewsDue(t.db.owner, todayInLondon())).toBe(0);
      const mappa = (await api(police, 'GET', `/api/v1/cases/${theCase.caseId}/mappa`)).json().items;
      expect(mappa.map((m: { level: number; current: boolean }) => [m.level, m.current])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect(textOf((await get(police, `/cases/${theCase.caseId}`)).body)).toContain(
        `Category 2, level 1, next review ${longDateOf(isoIn(60))}`,
      );
    });

    it('records a MARAC referral and a meeting, refusing one before the referral or of another case', async () => {
      const referral = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/marac`, {
        referredOn: isoIn(-15),
        referringAgency: 'police',
        reason: 'Ex-partner stalking assessed as high risk',
      });
      expect(referral.statusCode).toBe(201);
      const referralId = referral.json().id as string;
      await get(police, `/cases/${theCase.caseId}/marac-meetings`);
      const early = await post(police, `/cases/${theCase.caseId}/marac-meetings`, {
        referralId,
        ...parts('meetingOn', isoIn(-16)),
        outcome: 'Safety plan agreed',
      });
      expect(early.statusCode).toBe(422);
      expect(errorSummaryOf(early.body)).toContain(
        `The date of the meeting must be on or after the referral, ${longDateOf(isoIn(-15))}`,
      );
      const foreign = await api(police, 'POST', `/api/v1/cases/${otherCase.caseId}/marac-meetings`, {
        referralId,
        meetingOn: isoIn(-5),
        outcome: 'Safety plan agreed',
      });
      expect(foreign.statusCode).toBe(422);
      expect(await count('marac_meeting')).toBe(0);
      const meeting = await post(police, `/cases/${theCase.caseId}/marac-meetings`, {
        referralId,
        ...parts('meetingOn', isoIn(-5)),
        outcome: 'Safety plan agreed; police marker on the address',
      });
      expect(meeting.statusCode).toBe(303);
      const page = textOf((await get(advocate, `/cases/${theCase.caseId}/marac`)).body);
      expect(page).toContain('Ex-partner stalking assessed as high risk');
      expect(page).toContain(
        `Heard ${longDateOf(isoIn(-5))}: Safety plan agreed; police marker on the address`,
      );
      const titles = (await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/timeline`))
        .json()
        .items.map((e: { title: string }) => e.title);
      expect(titles).toEqual(
        expect.arrayContaining(['Referred to MARAC', 'MARAC meeting', 'MAPPA: category 2, level 1']),
      );
    });
  });

  describe('the synthetic generator', () => {
    it('gives benchmark cases charges, outcomes, new offending after referral, MAPPA and MARAC', async () => {
      const { ids } = await generateSyntheticCases(t.db, {
        siteId: otherSite.id,
        count: 400,
        teamUserIds: [elsewhere.id],
        onProgress: () => undefined,
      });
      const counted = await sql<{ t: string; n: number }>`
        select 'court_charge' as t, count(*)::int as n from court_charge where case_id = any(${ids}::uuid[])
        union all select 'court_outcome', count(*)::int from court_outcome where case_id = any(${ids}::uuid[])
        union all select 'new_offence', count(*)::int from new_offence where case_id = any(${ids}::uuid[])
        union all select 'mappa_record', count(*)::int from mappa_record where case_id = any(${ids}::uuid[])
        union all select 'marac_referral', count(*)::int from marac_referral where case_id = any(${ids}::uuid[])
        union all select 'marac_meeting', count(*)::int from marac_meeting where case_id = any(${ids}::uuid[])`.execute(
        t.db.owner,
      );
      for (const row of counted.rows) expect(row.n, row.t).toBeGreaterThan(0);
      // new offending is never before the referral, nor known before it happened
      const wrong = await sql<{ n: number }>`
        select count(*)::int as n from new_offence o join referral r on r.case_id = o.case_id
         where o.case_id = any(${ids}::uuid[])
           and (o.offence_on < (r.created_at at time zone 'Europe/London')::date or o.known_on < o.offence_on)`.execute(
        t.db.owner,
      );
      expect(wrong.rows[0]!.n).toBe(0);
    });
  });
});
