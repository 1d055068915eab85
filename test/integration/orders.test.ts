import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOrderAlerts } from '../../src/modules/orders/alerts.js';
import { addDays } from '../../src/modules/orders/rules.js';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, textOf } from '../support/http.js';

const silent = { info: () => undefined } as unknown as Parameters<typeof sendOrderAlerts>[1];

describe.each(targets)('orders, conditions, notifications and breaches on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let police: TestUser;
  let probation: TestUser;
  let advocate: TestUser;
  let outsider: TestUser;
  let theCase: TestCase;
  let otherCase: TestCase;
  let session: SignedIn;
  let browser: Browser;
  let api: string;
  let probationApi: string;
  let outsiderApi: string;
  let spoId: string;
  const today = todayInLondon();
  const d = (days: number) => addDays(today, days);

  const post = (url: string, payload: unknown, auth = api) =>
    t.inject({
      method: 'POST',
      url,
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: payload as object,
    });
  const get = (url: string, auth = api) => t.inject({ url, headers: { authorization: auth } });
  const counts = async () => ({
    orders: (await t.db.owner.selectFrom('court_order').select('id').execute()).length,
    events: (await t.db.owner.selectFrom('court_order_event').select('id').execute()).length,
    breaches: (await t.db.owner.selectFrom('order_breach').select('id').execute()).length,
  });

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pat Police' });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pru Probation',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    outsider = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Otto Outsider',
    });
    theCase = await t.seedCase({ site, createdBy: police.id, team: [police.id, probation.id, advocate.id] });
    otherCase = await t.seedCase({ site, createdBy: police.id, team: [police.id] });
    session = await t.signIn(police.id);
    browser = Browser.signedIn(t, session);
    api = (await t.apiToken(police.id)).authorization;
    probationApi = (await t.apiToken(probation.id)).authorization;
    outsiderApi = (await t.apiToken(outsider.id)).authorization;
  });
  afterAll(async () => {
    await t?.close();
  });

  const spo = () => ({
    kind: 'spo',
    issuingBody: 'Portsmouth Magistrates’ Court',
    madeOn: d(-30),
    servedOn: d(-30),
    startsOn: d(-30),
    endsOn: d(700),
    protectedCaseVictimIds: [theCase.caseVictimId],
    conditions: [
      { kind: 'prohibition', text: 'Not to contact the victim directly or indirectly' },
      { kind: 'positive_requirement', text: 'Attend an assessment', interventionRef: 'Programme assessment' },
    ],
  });

  it('records an SPO with its conditions, made and served events and a notification requirement', async () => {
    const created = await post(`/api/v1/cases/${theCase.caseId}/orders`, spo());
    expect(created.statusCode).toBe(201);
    spoId = (created.json() as { id: string }).id;
    const one = await get(`/api/v1/cases/${theCase.caseId}/orders/${spoId}`);
    expect(one.statusCode).toBe(200);
    const body = one.json() as {
      inForce: boolean;
      conditions: { id: string; kind: string }[];
      conditionsInForce: string[];
      events: { kind: string }[];
      notifications: { dueOn: string; overdue: boolean }[];
      protectedPeople: { caseVictimId: string }[];
    };
    expect(body.inForce).toBe(true);
    expect(body.events.map((e) => e.kind)).toEqual(['made', 'served']);
    expect(body.conditionsInForce).toHaveLength(2);
    expect(body.notifications).toEqual([expect.objectContaining({ dueOn: d(-28), overdue: true })]);
    expect(body.protectedPeople).toEqual([expect.objectContaining({ caseVictimId: theCase.caseVictimId })]);
  });

  it('refuses bad input with the field named, and saves nothing', async () => {
    const before = await counts();
    const cases: [unknown, string][] = [
      [{ ...spo(), endsOn: d(-40) }, 'endsOn'],
      [{ ...spo(), kind: 'court_bail' }, 'conditions.1.kind'],
      [{ ...spo(), protectedCaseVictimIds: [otherCase.caseVictimId] }, 'protectedCaseVictimIds'],
    ];
    for (const [payload, field] of cases) {
      const r = await post(`/api/v1/cases/${theCase.caseId}/orders`, payload);
      expect(r.statusCode, field).toBe(422);
      expect((r.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
    const early = await post(`/api/v1/cases/${theCase.caseId}/orders/${spoId}/events`, {
      kind: 'varied',
      occurredOn: d(-31),
      addConditions: [{ kind: 'prohibition', text: 'Too early' }],
    });
    expect(early.statusCode).toBe(422);
    expect((early.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'occurredOn',
    ]);
    const beforeOrder = await post(`/api/v1/cases/${theCase.caseId}/orders/${spoId}/breaches`, {
      conditionId: (
        await t.db.owner.selectFrom('court_order_condition').select('id').executeTakeFirstOrThrow()
      ).id,
      occurredOn: d(-35),
      cameToLight: 'victim',
      action: 'arrest',
      description: 'Before the order',
    });
    expect(beforeOrder.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('varies the order with the victim’s view: conditions in force change from that date', async () => {
    const before = (await get(`/api/v1/cases/${theCase.caseId}/orders/${spoId}`)).json() as {
      conditions: { id: string; text: string }[];
    };
    const noContact = before.conditions[0]!.id;
    const varied = await post(`/api/v1/cases/${theCase.caseId}/orders/${spoId}/events`, {
      kind: 'varied',
      occurredOn: d(-10),
      removeConditionIds: [noContact],
      addConditions: [{ kind: 'prohibition', text: 'Not to enter Fratton Road' }],
      victimView: 'She wants the exclusion zone kept',
    });
    expect(varied.statusCode).toBe(201);
    const onEarlier = (await get(`/api/v1/cases/${theCase.caseId}/orders/${spoId}?on=${d(-11)}`)).json() as {
      conditionsInForce: string[];
    };
    expect(onEarlier.conditionsInForce).toContain(noContact);
    const now = (await get(`/api/v1/cases/${theCase.caseId}/orders/${spoId}`)).json() as {
      conditionsInForce: string[];
      conditions: { id: string; removedOn: string | null }[];
    };
    expect(now.conditionsInForce).not.toContain(noContact);
    expect(now.conditionsInForce).toHaveLength(2);
    expect(now.conditions.find((c) => c.id === noContact)!.removedOn).toBe(d(-10));
    // a breach of the removed condition after its removal is refused
    const stale = await post(`/api/v1/cases/${theCase.caseId}/orders/${spoId}/breaches`, {
      conditionId: noContact,
      occurredOn: d(-5),
      cameToLight: 'victim',
      action: 'arrest',
      description: 'Contacted her',
    });
    expect(stale.statusCode).toBe(422);
    expect((stale.json() as { errors: { field: string; message: string }[] }).errors).toEqual([
      { field: 'conditionId', message: 'That condition was not in force on the date of the breach' },
    ]);
    const page = await browser.get(`/cases/${theCase.caseId}/orders/${spoId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('She wants the exclusion zone kept');
    expect(textOf(page.body)).toContain('Not to enter Fratton Road');
  });

  it('records a breach (probation), tells the rest of the team, and shows it on the timeline', async () => {
    const detail = (await get(`/api/v1/cases/${theCase.caseId}/orders/${spoId}`)).json() as {
      conditionsInForce: string[];
    };
    const incident = await post(`/api/v1/cases/${theCase.caseId}/incidents`, {
      occurredFrom: d(-3),
      behaviours: ['loitering'],
      reportedBy: 'victim_diary',
      description: 'Waiting on Fratton Road',
    });
    expect(incident.statusCode).toBe(201);
    const breach = await post(
      `/api/v1/cases/${theCase.caseId}/orders/${spoId}/breaches`,
      {
        conditionId: detail.conditionsInForce.at(-1),
        occurredOn: d(-3),
        cameToLight: 'electronic_monitoring',
        incidentIds: [(incident.json() as { id: string }).id],
        action: 'arrest',
        description: 'The tag showed him on Fratton Road',
      },
      probationApi,
    );
    expect(breach.statusCode).toBe(201);
    const notes = await t.db.owner
      .selectFrom('notification')
      .select(['user_id', 'kind', 'link'])
      .where('case_id', '=', theCase.caseId)
      .where('kind', '=', 'order_breach')
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([police.id, advocate.id].sort());
    const list = await get(`/api/v1/cases/${theCase.caseId}/breaches`);
    expect((list.json() as { items: { cameToLight: string }[] }).items).toEqual([
      expect.objectContaining({ cameToLight: 'electronic_monitoring' }),
    ]);
    const timeline = await browser.get(`/cases/${theCase.caseId}/timeline`);
    expect(textOf(timeline.body)).toContain('Breach of the stalking protection order');
    expect(textOf(timeline.body)).toContain('Stalking protection order varied');
    const mine = await browser.get('/notifications');
    // probation recorded it: the police on the team are told
    expect(textOf(mine.body)).toContain('A breach of the stalking protection order');
  });

  it('records a notification once; a second record is refused', async () => {
    const detail = (await get(`/api/v1/cases/${theCase.caseId}/orders/${spoId}`)).json() as {
      notifications: { id: string }[];
    };
    const n = detail.notifications[0]!.id;
    const url = `/api/v1/cases/${theCase.caseId}/orders/${spoId}/notifications/${n}/notified`;
    expect((await post(url, { notifiedOn: d(-27) })).statusCode).toBe(204);
    expect((await post(url, { notifiedOn: d(-26) })).statusCode).toBe(409);
  });

  it('alerts the team once of an order ending, an overdue notification, and lists them on /reviews', async () => {
    const licence = await post(
      `/api/v1/cases/${theCase.caseId}/orders`,
      {
        kind: 'licence',
        issuingBody: 'HMPPS',
        madeOn: d(-100),
        startsOn: d(-100),
        endsOn: d(10),
        supervisingPractitioner: 'Jo Marsh',
        conditions: [{ kind: 'prohibition', text: 'Not to contact the victim' }],
      },
      probationApi,
    );
    expect(licence.statusCode).toBe(201);
    const change = await post(`/api/v1/cases/${theCase.caseId}/orders/${spoId}/notifications`, {
      trigger: 'change_of_address',
      triggerOn: d(-5),
    });
    expect(change.statusCode).toBe(201);
    const first = await sendOrderAlerts({ config: t.config, db: t.db }, silent, today);
    expect(first).toBe(6); // two alerts × three team members
    expect(await sendOrderAlerts({ config: t.config, db: t.db }, silent, today)).toBe(0);
    const kinds = await t.db.owner
      .selectFrom('notification')
      .select('kind')
      .distinct()
      .where('user_id', '=', police.id)
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      'licence_ending',
      'order_breach',
      'order_notification_overdue',
    ]);
    const reviews = await browser.get('/reviews');
    expect(reviews.statusCode).toBe(200);
    const text = textOf(reviews.body);
    expect(text).toContain('Licence ends');
    expect(text).toContain('Notification overdue');
    expect(text).toContain('Breach recorded');
  });

  it('keeps orders from those outside the team', async () => {
    expect((await get(`/api/v1/cases/${theCase.caseId}/orders`, outsiderApi)).statusCode).toBe(404);
    expect((await get(`/api/v1/cases/${otherCase.caseId}/orders/${spoId}`)).statusCode).toBe(404);
  });

  it('goes through the new-order form and check-your-answers page', async () => {
    const [y, m, dd] = d(-2).split('-');
    const form = {
      kind: 'court_bail',
      issuingBody: 'Southampton Magistrates’ Court',
      'madeOn-day': dd!,
      'madeOn-month': m!,
      'madeOn-year': y!,
      'startsOn-day': dd!,
      'startsOn-month': m!,
      'startsOn-year': y!,
      untilFurtherOrder: 'yes',
      protectedCaseVictimIds: theCase.caseVictimId,
      'conditions-0-kind': 'positive_requirement',
      'conditions-0-text': 'Attend a course',
    };
    const refused = await browser.post(`/cases/${theCase.caseId}/orders/check`, form);
    expect(refused.statusCode).toBe(422);
    expect(errorSummaryOf(refused.body)).toContain(
      'only a stalking protection order or interim order has positive requirements',
    );
    expect(refused.body).toContain('href="#conditions-0-kind"');
    const check = await browser.post(`/cases/${theCase.caseId}/orders/check`, {
      ...form,
      'conditions-0-kind': 'prohibition',
      'conditions-0-text': 'Not to enter Southampton',
    });
    expect(check.statusCode).toBe(200);
    expect(textOf(check.body)).toContain('Check the order before saving it');
    expect(textOf(check.body)).toContain('Until further order');
    const before = await counts();
    expect(before.orders).toBe(2);
    const saved = await browser.post(`/cases/${theCase.caseId}/orders`, {
      ...form,
      'conditions-0-kind': 'prohibition',
      'conditions-0-text': 'Not to enter Southampton',
    });
    expect(saved.statusCode).toBe(303);
    expect((await counts()).orders).toBe(3);
  });
});
