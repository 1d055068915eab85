import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstNewStalkingOrHarassment } from '../../src/modules/offending/public.js';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { evaluatedFirstEvents } from '../support/evaluation.js';
import { asUser, targets } from '../support/databases.js';
import type { TestCase, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

const DAY = 86_400_000;
const isoIn = (days: number) =>
  new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

// New offending and court outcomes entered in error are withdrawn with a reason (issue 11): they
// leave the lists, the timeline and the re-offending outcome, and stay listed as withdrawn.
describe.each(targets)('withdrawing new offending and court outcomes on %s', (target) => {
  let t: TestApp;
  let police: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let evaluator: TestUser;
  let theCase: TestCase;
  let siteId: string;
  const offences: Record<string, string> = {};
  let outcomeId = '';
  const { get, post, api } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    siteId = site.id;
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pam Police' });
    probation = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    theCase = await t.seedCase({ site, createdBy: police.id, team: [police.id, probation.id] });
    await sql`update referral set created_at = now() - interval '60 days' where case_id = ${theCase.caseId}::uuid`.execute(
      t.db.owner,
    );
    for (const [classification, days] of [
      ['pha_s2', -30],
      ['pha_s4a', -12],
    ] as const) {
      const r = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/new-offending`, {
        eventKind: 'charge',
        classification,
        offenceOn: isoIn(days),
        knownOn: isoIn(days + 1),
        sourceAgency: 'police',
        details: `Offence ${classification}`,
      });
      expect(r.statusCode).toBe(201);
      offences[classification] = r.json().id;
    }
    const charge = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/charges`, {
      wording: 'Stalking',
      classification: 'pha_s4a',
      chargedOn: isoIn(-50),
      court: 'Southampton Magistrates’ Court',
    });
    expect(charge.statusCode).toBe(201);
    const outcome = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/court-outcomes`, {
      chargeId: charge.json().id,
      outcome: 'convicted',
      outcomeOn: isoIn(-20),
    });
    expect(outcome.statusCode).toBe(201);
    outcomeId = outcome.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const first = () =>
    asUser(t.db, police.id, (tx) => firstNewStalkingOrHarassment(tx, theCase.caseId, isoIn(-60)));
  // what the evaluation counts as the case's first new stalking or harassment offence
  const evaluated = async () =>
    (await evaluatedFirstEvents(t.db, evaluator.id, siteId, theCase.caseId, isoIn(-60)))?.stalking_harassment;

  it('withdraws an offence through its confirmation page, with a reason, and it leaves the list, timeline and outcome', async () => {
    expect(await first()).toMatchObject({ classification: 'pha_s2' });
    expect(await evaluated()).toBe(isoIn(-30));
    const url = `/cases/${theCase.caseId}/new-offending/${offences.pha_s2}/withdraw`;
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this new offence as entered in error?');
    expect(textOf(page.body)).toContain('Harassment (PHA 1997 s2)');

    const noReason = await post(police, url, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect(await first()).toMatchObject({ classification: 'pha_s2' });

    const done = await post(police, url, { reason: 'Recorded on the wrong person' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/cases/${theCase.caseId}/new-offending`);

    // the re-offending outcome, on the case and in the evaluation, now starts from the next offence
    expect(await first()).toMatchObject({ classification: 'pha_s4a' });
    expect(await evaluated()).toBe(isoIn(-12));
    const list = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/new-offending`);
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([offences.pha_s4a]);
    const timeline = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/timeline`);
    const titles = timeline.json().items.map((e: { title: string }) => e.title);
    expect(titles).not.toContain('New offending: charge for harassment (PHA 1997 s2)');
    expect(titles).toContain(
      'New offending: charge for stalking involving fear of violence or serious alarm or distress (PHA 1997 s4A)',
    );
    // still there for the team, marked, with who and why
    const after = textOf((await get(probation, `/cases/${theCase.caseId}/new-offending`)).body);
    expect(after).toContain('Withdrawn as entered in error');
    expect(after).toMatch(
      /Harassment \(PHA 1997 s2\) on .+, withdrawn .+ by Pam Police: Recorded on the wrong person/,
    );
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'details'])
      .where('record_id', '=', offences.pha_s2!)
      .where('action', '=', 'new_offence.withdrawn')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('wrong person');
  });

  it('refuses to withdraw it again, and refuses anyone not on the case', async () => {
    const again = await api(
      police,
      'POST',
      `/api/v1/cases/${theCase.caseId}/new-offending/${offences.pha_s2}/withdrawal`,
      { reason: 'Again' },
    );
    expect(again.statusCode).toBe(409);
    const page = await get(police, `/cases/${theCase.caseId}/new-offending/${offences.pha_s2}/withdraw`);
    expect(page.statusCode).toBe(409);
    const stranger = await api(
      outsider,
      'POST',
      `/api/v1/cases/${theCase.caseId}/new-offending/${offences.pha_s4a}/withdrawal`,
      { reason: 'Not mine' },
    );
    expect(stranger.statusCode).toBe(404);
    expect(
      (await get(outsider, `/cases/${theCase.caseId}/new-offending/${offences.pha_s4a}/withdraw`)).statusCode,
    ).toBe(404);
    expect(await first()).toMatchObject({ classification: 'pha_s4a' });
  });

  it('withdraws a court outcome through the API: the charge has no outcome again and the convictions go', async () => {
    const r = await api(
      probation,
      'POST',
      `/api/v1/cases/${theCase.caseId}/court-outcomes/${outcomeId}/withdrawal`,
      { reason: 'The hearing was adjourned, not decided' },
    );
    expect(r.statusCode).toBe(204);
    const charges = await api(police, 'GET', `/api/v1/cases/${theCase.caseId}/charges`);
    expect(charges.json().items[0].outcomes).toEqual([]);
    const outcomes = await api(police, 'GET', `/api/v1/cases/${theCase.caseId}/court-outcomes`);
    expect(outcomes.json().items).toEqual([]);
    const page = textOf((await get(police, `/cases/${theCase.caseId}/court-outcomes`)).body);
    expect(page).toContain('Nothing recorded yet.');
    expect(page).toMatch(/Convicted on .+, withdrawn .+: The hearing was adjourned, not decided/);
  });

  it('withdraws a breach of an order from the order: it leaves the order, the breaches and the timeline', async () => {
    const order = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/orders`, {
      kind: 'spo',
      issuingBody: 'Portsmouth Magistrates’ Court',
      madeOn: isoIn(-30),
      servedOn: isoIn(-30),
      startsOn: isoIn(-30),
      endsOn: isoIn(700),
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [{ kind: 'prohibition', text: 'Not to contact the victim directly or indirectly' }],
    });
    expect(order.statusCode).toBe(201);
    const orderId = order.json().id as string;
    const conditionId = (
      await t.db.owner
        .selectFrom('court_order_condition')
        .select('id')
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow()
    ).id;
    const breach = await api(police, 'POST', `/api/v1/cases/${theCase.caseId}/orders/${orderId}/breaches`, {
      conditionId,
      occurredOn: isoIn(-5),
      cameToLight: 'victim',
      action: 'arrest',
      description: 'Sent a message',
    });
    expect(breach.statusCode).toBe(201);
    const breachId = breach.json().id as string;
    const orderPage = await get(police, `/cases/${theCase.caseId}/orders/${orderId}`);
    expect(orderPage.body).toContain(`/breaches/${breachId}/withdraw`);

    const url = `/cases/${theCase.caseId}/orders/${orderId}/breaches/${breachId}/withdraw`;
    expect(textOf((await get(police, url)).body)).toContain('Withdraw this breach as entered in error?');
    const done = await post(police, url, { reason: 'The message was sent before the order was served' });
    expect(done.statusCode).toBe(303);

    const breaches = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/breaches`);
    expect(breaches.json().items).toEqual([]);
    const after = textOf((await get(probation, `/cases/${theCase.caseId}/orders/${orderId}`)).body);
    expect(after).toContain('No breaches recorded.');
    expect(after).toMatch(
      /Breach of .+, withdrawn .+ by Pam Police: The message was sent before the order was served/,
    );
    const timeline = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/timeline`);
    expect(timeline.json().items.map((e: { type: string }) => e.type)).not.toContain('order_breach');
  });
});
