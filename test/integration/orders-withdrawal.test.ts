import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrderAlerts } from '../../src/modules/orders/public.js';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { evaluatedFirstEvents } from '../support/evaluation.js';
import { asUser, targets } from '../support/databases.js';
import type { TestCase, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, textOfId } from '../support/http.js';

const DAY = 86_400_000;
const isoIn = (days: number) =>
  new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

type Item = { id: string };
const idsOf = (items: Item[]) => items.map((i) => i.id);

// Charges, orders, an order's conditions and its changes entered in error are withdrawn with a
// reason (issue 11): they leave the lists, the overview, the alerts, the timeline and the
// evaluation, a withdrawn change no longer shapes the order, and each stays listed as withdrawn.
describe.each(targets)('withdrawing charges, orders, conditions and changes to orders on %s', (target) => {
  let t: TestApp;
  let police: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let evaluator: TestUser;
  let theCase: TestCase;
  let siteId: string;
  const { get, post, api } = clientsFor(() => t);
  const base = () => `/cases/${theCase.caseId}`;
  const apiBase = () => `/api/v1/cases/${theCase.caseId}`;

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    siteId = site.id;
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pam Police' });
    probation = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    // on the site but not on the case's team
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    theCase = await t.seedCase({ site, createdBy: police.id, team: [police.id, probation.id] });
    await sql`update referral set created_at = now() - interval '200 days' where case_id = ${theCase.caseId}::uuid`.execute(
      t.db.owner,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const created = async (path: string, body: Record<string, unknown>) => {
    const r = await api(police, 'POST', `${apiBase()}${path}`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const timelineIds = async () =>
    idsOf((await api(probation, 'GET', `${apiBase()}/timeline`)).json().items as Item[]);
  const alerts = () =>
    asUser(t.db, police.id, (tx) => listOrderAlerts(tx, { mine: true, siteId: null, limit: 100 }));
  // what the evaluation counts as the case's first breach of an order
  const evaluatedBreach = async () =>
    (await evaluatedFirstEvents(t.db, evaluator.id, siteId, theCase.caseId, isoIn(-200)))?.breach;
  const orderDetail = async (orderId: string) => {
    const r = await api(probation, 'GET', `${apiBase()}/orders/${orderId}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      inForce: boolean;
      endsOn: string | null;
      conditionsInForce: string[];
      conditions: { id: string; text: string }[];
      events: { id: string; kind: string }[];
      withdrawn: { reason: string; by: string } | null;
    };
  };

  let chargeId = '';
  let otherChargeId = '';
  let outcomeId = '';

  it('withdraws a charge through its confirmation page: it leaves the charges, its outcomes, the convictions and the timeline', async () => {
    chargeId = await created('/charges', {
      wording: 'Stalking her at work',
      classification: 'pha_s4a',
      chargedOn: isoIn(-50),
    });
    outcomeId = await created('/court-outcomes', { chargeId, outcome: 'convicted', outcomeOn: isoIn(-20) });
    otherChargeId = await created('/charges', {
      wording: 'Sending her messages',
      classification: 'pha_s2',
      chargedOn: isoIn(-40),
    });
    const overview = async () =>
      (await api(probation, 'GET', apiBase())).json().courtAndOffending as { convictions: number };
    expect((await overview()).convictions).toBe(1);
    expect((await get(police, `${base()}/charges`)).body).toContain(`/charges/${chargeId}/withdraw`);

    const url = `${base()}/charges/${chargeId}/withdraw`;
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this charge as entered in error?');
    expect(textOf(page.body)).toContain('Stalking her at work');

    const noReason = await post(police, url, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect(idsOf((await api(police, 'GET', `${apiBase()}/charges`)).json().items)).toContain(chargeId);

    const done = await post(police, url, { reason: 'Charged on the wrong case' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base()}/charges`);

    expect(idsOf((await api(probation, 'GET', `${apiBase()}/charges`)).json().items)).toEqual([
      otherChargeId,
    ]);
    expect((await api(probation, 'GET', `${apiBase()}/court-outcomes`)).json().items).toEqual([]);
    expect((await overview()).convictions).toBe(0);
    const timeline = await timelineIds();
    expect(timeline).toContain(otherChargeId);
    expect(timeline).not.toContain(chargeId);
    expect(timeline).not.toContain(outcomeId);
    // no outcome is recorded against it any more
    const outcome = await api(police, 'POST', `${apiBase()}/court-outcomes`, {
      chargeId,
      outcome: 'acquitted',
      outcomeOn: isoIn(-1),
    });
    expect(outcome.statusCode).not.toBe(201);
    // still there for the team, marked, with who and why
    const after = textOf((await get(probation, `${base()}/charges`)).body);
    expect(after).toMatch(
      /Withdrawn as entered in error.*Stalking her at work \(.+\), charged .+, withdrawn .+ by Pam Police: Charged on the wrong case/,
    );
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'details'])
      .where('record_id', '=', chargeId)
      .where('action', '=', 'court_charge.withdrawn')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('wrong case');
  });

  it('refuses to withdraw a charge again, and refuses anyone not on the case', async () => {
    const again = await api(police, 'POST', `${apiBase()}/charges/${chargeId}/withdrawal`, {
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect((await get(police, `${base()}/charges/${chargeId}/withdraw`)).statusCode).toBe(409);
    const stranger = await api(outsider, 'POST', `${apiBase()}/charges/${otherChargeId}/withdrawal`, {
      reason: 'Not mine',
    });
    expect(stranger.statusCode).toBe(404);
    expect(idsOf((await api(police, 'GET', `${apiBase()}/charges`)).json().items)).toEqual([otherChargeId]);
  });

  let orderId = '';
  let keptOrderId = '';
  let breachId = '';

  it('withdraws an order through its confirmation page: it leaves the orders, the alerts, the overview, the timeline and the evaluation, with its breaches', async () => {
    orderId = await created('/orders', {
      kind: 'restraining_conviction',
      issuingBody: 'Portsmouth Crown Court',
      madeOn: isoIn(-30),
      startsOn: isoIn(-30),
      endsOn: isoIn(20),
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [{ kind: 'prohibition', text: 'Not to contact the victim directly or indirectly' }],
    });
    keptOrderId = await created('/orders', {
      kind: 'court_bail',
      issuingBody: 'Portsmouth Magistrates’ Court',
      madeOn: isoIn(-40),
      startsOn: isoIn(-40),
      untilFurtherOrder: true,
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [{ kind: 'prohibition', text: 'Not to enter Elm Street' }],
    });
    const conditionId = (await orderDetail(orderId)).conditions[0]!.id;
    breachId = await created(`/orders/${orderId}/breaches`, {
      conditionId,
      occurredOn: isoIn(-5),
      cameToLight: 'victim',
      action: 'arrest',
      description: 'Sent a message',
    });
    const ofOrder = async () => (await alerts()).filter((a) => a.order_id === orderId).map((a) => a.alert);
    expect((await ofOrder()).sort()).toEqual(['breach', 'order_ending']);
    expect(await evaluatedBreach()).toBe(isoIn(-5));
    const overviewText = async () => textOfId((await get(probation, base())).body, 'orders-overview') ?? '';
    expect(await overviewText()).toContain('Restraining order (conviction)');
    expect(await overviewText()).toContain('Latest breaches');
    const events = (await orderDetail(orderId)).events;
    expect(await timelineIds()).toEqual(expect.arrayContaining([breachId, events[0]!.id]));

    const url = `${base()}/orders/${orderId}/withdraw`;
    expect((await get(police, `${base()}/orders/${orderId}`)).body).toContain(url);
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this order as entered in error?');
    expect(textOf(page.body)).toContain('Portsmouth Crown Court');
    const noReason = await post(police, url, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    const done = await post(police, url, { reason: 'The order was made against another man' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base()}/orders`);

    expect(idsOf((await api(probation, 'GET', `${apiBase()}/orders`)).json().items)).toEqual([keptOrderId]);
    expect((await api(probation, 'GET', `${apiBase()}/breaches`)).json().items).toEqual([]);
    expect(await ofOrder()).toEqual([]);
    expect(await evaluatedBreach()).toBeNull();
    expect(await overviewText()).not.toContain('Restraining order (conviction)');
    expect(await overviewText()).toContain('Court bail');
    expect(await overviewText()).not.toContain('Latest breaches');
    const timeline = await timelineIds();
    expect(timeline).not.toContain(breachId);
    expect(timeline).not.toContain(events[0]!.id);

    // listed as withdrawn, and its own page stays, marked, with who and why, and takes no changes
    const list = await get(probation, `${base()}/orders`);
    expect(textOf(list.body)).toMatch(
      /Withdrawn as entered in error.*Restraining order \(conviction\), made/,
    );
    expect(list.body).toContain(`href="${base()}/orders/${orderId}"`);
    const own = await get(police, `${base()}/orders/${orderId}`);
    expect(own.statusCode).toBe(200);
    expect(textOf(own.body)).toMatch(
      /This order was withdrawn as entered in error.*by Pam Police: The order was made against another man/,
    );
    expect(textOf(own.body)).not.toContain('Record a breach');
    expect((await orderDetail(orderId)).withdrawn).toMatchObject({
      by: 'Pam Police',
      reason: 'The order was made against another man',
    });
    const breach = await api(police, 'POST', `${apiBase()}/orders/${orderId}/breaches`, {
      conditionId,
      occurredOn: isoIn(-1),
      cameToLight: 'police',
      action: 'warning',
      description: 'Seen in the street',
    });
    expect(breach.statusCode).toBe(409);
    // nor is its breach withdrawn on its own: it went with the order
    const breachWithdrawal = await api(
      police,
      'POST',
      `${apiBase()}/orders/${orderId}/breaches/${breachId}/withdrawal`,
      { reason: 'Wrong order' },
    );
    expect(breachWithdrawal.statusCode).toBe(409);
  });

  it('refuses to withdraw an order again, and refuses anyone not on the case', async () => {
    const again = await api(police, 'POST', `${apiBase()}/orders/${orderId}/withdrawal`, { reason: 'Again' });
    expect(again.statusCode).toBe(409);
    expect((await get(police, `${base()}/orders/${orderId}/withdraw`)).statusCode).toBe(409);
    const stranger = await api(outsider, 'POST', `${apiBase()}/orders/${keptOrderId}/withdrawal`, {
      reason: 'Not mine',
    });
    expect(stranger.statusCode).toBe(404);
    expect((await get(outsider, `${base()}/orders/${keptOrderId}/withdraw`)).statusCode).toBe(404);
    expect(idsOf((await api(police, 'GET', `${apiBase()}/orders`)).json().items)).toEqual([keptOrderId]);
  });

  let variedOrderId = '';
  const events: Record<string, string> = {};
  const conditions: Record<string, string> = {};

  it('withdraws changes to an order: the order stands as it would without them, in its status, conditions and alerts', async () => {
    variedOrderId = await created('/orders', {
      kind: 'restraining_conviction',
      issuingBody: 'Winchester Crown Court',
      madeOn: isoIn(-100),
      startsOn: isoIn(-100),
      endsOn: isoIn(10),
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [
        { kind: 'prohibition', text: 'Not to contact her' },
        { kind: 'prohibition', text: 'Not to enter Oak Road' },
      ],
    });
    const made = await orderDetail(variedOrderId);
    events.made = made.events[0]!.id;
    for (const c of made.conditions) conditions[c.text] = c.id;
    events.varied = await created(`/orders/${variedOrderId}/events`, {
      kind: 'varied',
      occurredOn: isoIn(-50),
      addConditions: [{ kind: 'prohibition', text: 'Not to go to her workplace' }],
      removeConditionIds: [conditions['Not to enter Oak Road']],
    });
    events.renewed = await created(`/orders/${variedOrderId}/events`, {
      kind: 'renewed',
      occurredOn: isoIn(-20),
      newEndsOn: isoIn(400),
    });
    events.discharged = await created(`/orders/${variedOrderId}/events`, {
      kind: 'discharged',
      occurredOn: isoIn(-2),
    });
    const before = await orderDetail(variedOrderId);
    expect(before.inForce).toBe(false);
    conditions['Not to go to her workplace'] = before.conditions.find(
      (c) => c.text === 'Not to go to her workplace',
    )!.id;

    // the discharge, withdrawn through the page: the order is in force again
    const url = `${base()}/orders/${variedOrderId}/events/${events.discharged}/withdraw`;
    expect((await get(police, `${base()}/orders/${variedOrderId}`)).body).toContain(url);
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this change to the order as entered in error?');
    expect(textOf(page.body)).toContain('Discharged');
    const noReason = await post(police, url, {});
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    const done = await post(police, url, { reason: 'The discharge was of his bail, not this order' });
    expect(done.statusCode).toBe(303);
    const discharged = await orderDetail(variedOrderId);
    expect(discharged.inForce).toBe(true);
    expect(discharged.events.map((e) => e.kind)).toEqual(['made', 'varied', 'renewed']);
    expect(discharged.endsOn).toBe(isoIn(400));
    expect(discharged.conditionsInForce.sort()).toEqual(
      [conditions['Not to contact her'], conditions['Not to go to her workplace']].sort(),
    );
    expect(textOfId((await get(probation, base())).body, 'orders-overview')).toContain(
      'Restraining order (conviction)',
    );
    expect(await timelineIds()).not.toContain(events.discharged);

    // the variation, withdrawn through the API: the condition it removed is back, the one it added gone
    const varied = await api(
      probation,
      'POST',
      `${apiBase()}/orders/${variedOrderId}/events/${events.varied}/withdrawal`,
      { reason: 'The variation was refused, not granted' },
    );
    expect(varied.statusCode).toBe(204);
    const unvaried = await orderDetail(variedOrderId);
    expect(unvaried.conditionsInForce.sort()).toEqual(
      [conditions['Not to contact her'], conditions['Not to enter Oak Road']].sort(),
    );
    expect(unvaried.conditions.map((c) => c.text)).not.toContain('Not to go to her workplace');

    // the renewal, withdrawn: the order ends on its first end date again, and is alerted as ending
    const ending = async () =>
      (await alerts()).filter((a) => a.order_id === variedOrderId && a.alert === 'order_ending');
    expect(await ending()).toEqual([]);
    const renewed = await api(
      police,
      'POST',
      `${apiBase()}/orders/${variedOrderId}/events/${events.renewed}/withdrawal`,
      { reason: 'Recorded twice' },
    );
    expect(renewed.statusCode).toBe(204);
    expect((await orderDetail(variedOrderId)).endsOn).toBe(isoIn(10));
    expect((await ending()).map((a) => a.on_date)).toEqual([isoIn(10)]);

    // each stays on the order's page, marked, with who and why
    const shown = textOf((await get(probation, `${base()}/orders/${variedOrderId}`)).body);
    expect(shown).toMatch(
      /Changes withdrawn as entered in error.*Discharged on .+, withdrawn .+ by Pam Police: The discharge was of his bail, not this order/,
    );
    expect(shown).toMatch(/Varied on .+, withdrawn .+: The variation was refused, not granted/);
    expect(shown).toMatch(/Renewed on .+, withdrawn .+ by Pam Police: Recorded twice/);
  });

  it('withdraws a condition through its confirmation page: it is no longer in force and stays listed as withdrawn', async () => {
    const id = conditions['Not to contact her']!;
    const url = `${base()}/orders/${variedOrderId}/conditions/${id}/withdraw`;
    expect((await get(police, `${base()}/orders/${variedOrderId}`)).body).toContain(url);
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this condition as entered in error?');
    expect(textOf(page.body)).toContain('Not to contact her');
    const noReason = await post(police, url, { reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect((await orderDetail(variedOrderId)).conditionsInForce).toContain(id);

    const done = await post(police, url, { reason: 'Not a condition of this order' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base()}/orders/${variedOrderId}`);
    const after = await orderDetail(variedOrderId);
    expect(after.conditionsInForce).toEqual([conditions['Not to enter Oak Road']]);
    expect(after.conditions.map((c) => c.id)).not.toContain(id);
    const shown = await get(probation, `${base()}/orders/${variedOrderId}`);
    expect(textOfId(shown.body, 'conditions-in-force')).not.toContain('Not to contact her');
    expect(textOf(shown.body)).toMatch(
      /Conditions withdrawn as entered in error.*Not to contact her, withdrawn .+ by Pam Police: Not a condition of this order/,
    );
    // a breach of it is no longer taken
    const breach = await api(police, 'POST', `${apiBase()}/orders/${variedOrderId}/breaches`, {
      conditionId: id,
      occurredOn: isoIn(-1),
      cameToLight: 'victim',
      action: 'warning',
      description: 'Called her',
    });
    expect(breach.statusCode).not.toBe(201);
  });

  it('refuses a condition or change withdrawn already, the making of the order, and anyone not on the case', async () => {
    const condition = (id: string) => `${apiBase()}/orders/${variedOrderId}/conditions/${id}/withdrawal`;
    const event = (id: string) => `${apiBase()}/orders/${variedOrderId}/events/${id}/withdrawal`;
    const reason = { reason: 'Again' };
    expect((await api(police, 'POST', condition(conditions['Not to contact her']!), reason)).statusCode).toBe(
      409,
    );
    expect((await api(police, 'POST', event(events.renewed!), reason)).statusCode).toBe(409);
    expect(
      (await get(police, `${base()}/orders/${variedOrderId}/events/${events.discharged}/withdraw`))
        .statusCode,
    ).toBe(409);
    // the order's making is withdrawn with the order, never alone
    expect((await api(police, 'POST', event(events.made!), reason)).statusCode).toBe(409);
    // a condition the withdrawn variation added is not the order's to withdraw
    expect(
      (await api(police, 'POST', condition(conditions['Not to go to her workplace']!), reason)).statusCode,
    ).toBe(404);
    const oak = conditions['Not to enter Oak Road']!;
    expect((await api(outsider, 'POST', condition(oak), reason)).statusCode).toBe(404);
    expect(
      (await get(outsider, `${base()}/orders/${variedOrderId}/conditions/${oak}/withdraw`)).statusCode,
    ).toBe(404);
    expect((await orderDetail(variedOrderId)).conditionsInForce).toEqual([oak]);
  });

  it('refuses those who may read the case but not change it (break-glass)', async () => {
    const now = Date.now();
    await t.db.owner
      .insertInto('break_glass_grant')
      .values({
        case_id: theCase.caseId,
        user_id: outsider.id,
        reason_code: 'urgent_safeguarding',
        reason_text: 'out of hours call',
        granted_at: new Date(now - 60_000),
        expires_at: new Date(now + 3_600_000),
      })
      .execute();
    const oak = conditions['Not to enter Oak Road']!;
    expect((await get(outsider, `${base()}/orders/${variedOrderId}`)).statusCode).toBe(200);
    for (const [page, path] of [
      [`${base()}/charges/${otherChargeId}/withdraw`, `${apiBase()}/charges/${otherChargeId}/withdrawal`],
      [`${base()}/orders/${keptOrderId}/withdraw`, `${apiBase()}/orders/${keptOrderId}/withdrawal`],
      [
        `${base()}/orders/${variedOrderId}/conditions/${oak}/withdraw`,
        `${apiBase()}/orders/${variedOrderId}/conditions/${oak}/withdrawal`,
      ],
      [
        `${base()}/orders/${variedOrderId}/events/${events.varied}/withdraw`,
        `${apiBase()}/orders/${variedOrderId}/events/${events.varied}/withdrawal`,
      ],
    ]) {
      expect((await get(outsider, page!)).statusCode, page).toBe(403);
      expect((await api(outsider, 'POST', path!, { reason: 'Not mine to do' })).statusCode, path).toBe(403);
    }
    expect(idsOf((await api(police, 'GET', `${apiBase()}/charges`)).json().items)).toEqual([otherChargeId]);
    expect((await orderDetail(variedOrderId)).conditionsInForce).toEqual([oak]);
  });
});
