import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendActionReminders } from '../../src/modules/actions/reminders.js';
import { listOrderAlerts } from '../../src/modules/orders/public.js';
import { todayInLondon } from '../../src/platform/time.js';
import { formatDate } from '../../src/platform/views/format.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { evaluatedFirstEvents, eventRows, withCaseAsCohort } from '../support/evaluation.js';
import { asUser, targets } from '../support/databases.js';
import type { TestCase, TestUser } from '../support/fixtures.js';
import { textOf, textOfId } from '../support/http.js';

const DAY = 86_400_000;
const isoIn = (days: number) =>
  new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const silent = { info: () => undefined } as unknown as Parameters<typeof sendActionReminders>[1];

type Item = { id: string };
const idsOf = (items: Item[]) => items.map((i) => i.id);

/** One VEVENT of an iCalendar file by its UID, unfolded; undefined when absent. */
const veventOf = (ics: string, uid: string) =>
  ics
    .replace(/\r\n /g, '')
    .split('BEGIN:VEVENT')
    .slice(1)
    .find((e) => e.includes(`UID:${uid}\r\n`));

// What a withdrawal as entered in error brings with it (issue 11): a breach goes with the condition
// it broke, a withdrawn service no longer leaves the order served, an action's owner is told, a
// withdrawn session is cancelled in the calendar and its note is marked and no longer changed.
describe.each(targets)('the consequences of a withdrawal on %s', (target) => {
  let t: TestApp;
  let police: TestUser;
  let probation: TestUser;
  let psychologist: TestUser;
  let evaluator: TestUser;
  let theCase: TestCase;
  let siteId = '';
  const { get, post, api } = clientsFor(() => t);
  const base = () => `/cases/${theCase.caseId}`;
  const apiBase = () => `/api/v1/cases/${theCase.caseId}`;

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    siteId = site.id;
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pam Police' });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pru Probation',
    });
    psychologist = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Dr Cora Psychologist',
    });
    evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    theCase = await t.seedCase({
      site,
      createdBy: police.id,
      team: [police.id, probation.id, psychologist.id],
    });
    await sql`update referral set created_at = now() - interval '200 days' where case_id = ${theCase.caseId}::uuid`.execute(
      t.db.owner,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const created = async (path: string, body: Record<string, unknown>, user = police) => {
    const r = await api(user, 'POST', `${apiBase()}${path}`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const withdraw = async (path: string, reason: string) => {
    const r = await api(police, 'POST', `${apiBase()}${path}/withdrawal`, { reason });
    expect(r.statusCode, r.body).toBe(204);
  };
  type Detail = {
    servedOn: string | null;
    conditions: { id: string; text: string }[];
    events: { id: string; kind: string; occurredOn: string }[];
    notifications: { trigger: string; triggerOn: string; dueOn: string }[];
    breaches: Item[];
  };
  const orderDetail = async (orderId: string) => {
    const r = await api(probation, 'GET', `${apiBase()}/orders/${orderId}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Detail;
  };
  const breachAlertsOf = async (orderId: string) =>
    (
      await asUser(t.db, police.id, (tx) => listOrderAlerts(tx, { mine: true, siteId: null, limit: 100 }))
    ).filter((a) => a.order_id === orderId && a.alert === 'breach');
  const timelineIds = async () =>
    idsOf((await api(probation, 'GET', `${apiBase()}/timeline`)).json().items as Item[]);
  const evaluatedBreach = async () =>
    (await evaluatedFirstEvents(t.db, evaluator.id, siteId, theCase.caseId, isoIn(-200)))?.breach;
  const extractBreaches = () =>
    withCaseAsCohort(t.db, evaluator.id, siteId, theCase.caseId, (tx, now) => eventRows(tx, 'breaches', now));

  it('a breach goes with the condition it broke: it leaves the order, the alerts, the overview, the timeline and the evaluation, and stays listed, marked', async () => {
    const orderId = await created('/orders', {
      kind: 'restraining_conviction',
      issuingBody: 'Portsmouth Crown Court',
      madeOn: isoIn(-30),
      startsOn: isoIn(-30),
      endsOn: isoIn(200),
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [
        { kind: 'prohibition', text: 'Not to go to Harbour Road' },
        { kind: 'prohibition', text: 'Not to contact her' },
      ],
    });
    const conditionId = (await orderDetail(orderId)).conditions.find(
      (c) => c.text === 'Not to go to Harbour Road',
    )!.id;
    const breachId = await created(`/orders/${orderId}/breaches`, {
      conditionId,
      occurredOn: isoIn(-5),
      cameToLight: 'victim',
      action: 'arrest',
      description: 'Seen on Harbour Road',
    });
    expect(idsOf((await orderDetail(orderId)).breaches)).toEqual([breachId]);
    expect(await breachAlertsOf(orderId)).toHaveLength(1);
    expect(await timelineIds()).toContain(breachId);
    expect(await evaluatedBreach()).toBe(isoIn(-5));
    expect(await extractBreaches()).toHaveLength(1);
    const overview = async () => textOfId((await get(probation, base())).body, 'orders-overview') ?? '';
    expect(await overview()).toContain('Latest breaches');

    await withdraw(`/orders/${orderId}/conditions/${conditionId}`, 'The court made no such condition');

    expect((await orderDetail(orderId)).breaches).toEqual([]);
    expect(await breachAlertsOf(orderId)).toEqual([]);
    expect(await timelineIds()).not.toContain(breachId);
    expect(await evaluatedBreach()).toBeNull();
    expect(await extractBreaches()).toEqual([]);
    expect(await overview()).not.toContain('Latest breaches');
    // listed on the order as gone with its condition, with who and why
    const page = await get(probation, `${base()}/orders/${orderId}`);
    expect(textOfId(page.body, 'withdrawn-breaches')).toMatch(
      /Breach of .+, withdrawn with its condition .+ by Pam Police: The court made no such condition/,
    );
    expect(page.body).not.toContain(`/breaches/${breachId}/withdraw`);
    // it went: it is not withdrawn again on its own
    const again = await api(
      police,
      'POST',
      `${apiBase()}/orders/${orderId}/breaches/${breachId}/withdrawal`,
      {
        reason: 'Again',
      },
    );
    expect(again.statusCode).toBe(409);
  });

  it('a breach of a condition a variation added goes with the variation', async () => {
    const orderId = await created('/orders', {
      kind: 'restraining_conviction',
      issuingBody: 'Winchester Crown Court',
      madeOn: isoIn(-60),
      startsOn: isoIn(-60),
      endsOn: isoIn(300),
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [{ kind: 'prohibition', text: 'Not to contact her' }],
    });
    const variedId = await created(`/orders/${orderId}/events`, {
      kind: 'varied',
      occurredOn: isoIn(-20),
      addConditions: [{ kind: 'prohibition', text: 'Not to go to her workplace' }],
    });
    const added = (await orderDetail(orderId)).conditions.find(
      (c) => c.text === 'Not to go to her workplace',
    )!;
    const breachId = await created(`/orders/${orderId}/breaches`, {
      conditionId: added.id,
      occurredOn: isoIn(-3),
      cameToLight: 'police',
      action: 'warning',
      description: 'Waited outside her office',
    });
    expect(await breachAlertsOf(orderId)).toHaveLength(1);

    await withdraw(`/orders/${orderId}/events/${variedId}`, 'The variation was refused');

    expect((await orderDetail(orderId)).breaches).toEqual([]);
    expect(await breachAlertsOf(orderId)).toEqual([]);
    expect(await timelineIds()).not.toContain(breachId);
    expect(await extractBreaches()).toEqual([]);
    expect(
      textOfId((await get(probation, `${base()}/orders/${orderId}`)).body, 'withdrawn-breaches'),
    ).toMatch(/withdrawn with the variation that added its condition .+: The variation was refused/);
  });

  it('a breach no longer links to an incident withdrawn as entered in error, and none links to one anew', async () => {
    const incident = async (description: string, days: number) =>
      created('/incidents', {
        occurredFrom: `${isoIn(days)}T09:00`,
        behaviours: ['following'],
        reportedBy: 'police',
        description,
      });
    const wrongId = await incident('Followed her to the station', -8);
    const keptId = await incident('Waited outside her house', -7);
    const orderId = await created('/orders', {
      kind: 'court_bail',
      issuingBody: 'Portsmouth Magistrates’ Court',
      madeOn: isoIn(-40),
      startsOn: isoIn(-40),
      untilFurtherOrder: true,
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [{ kind: 'prohibition', text: 'Not to go near her home' }],
    });
    const conditionId = (await orderDetail(orderId)).conditions[0]!.id;
    const breachId = await created(`/orders/${orderId}/breaches`, {
      conditionId,
      occurredOn: isoIn(-7),
      cameToLight: 'police',
      action: 'arrest',
      description: 'Seen near her home twice',
      incidentIds: [wrongId, keptId],
    });
    const linked = async () =>
      ((await orderDetail(orderId)).breaches as (Item & { incidentIds: string[] })[]).find(
        (b) => b.id === breachId,
      )!.incidentIds;
    const timelineLines = async () =>
      (
        (await api(probation, 'GET', `${apiBase()}/timeline`)).json().items as (Item & { lines: string[] })[]
      ).find((e) => e.id === breachId)!.lines;
    expect(await linked()).toEqual([wrongId, keptId]);
    expect(await timelineLines()).toContain('2 linked incidents');

    const gone = await api(police, 'POST', `${apiBase()}/incidents/${wrongId}/withdrawal`, {
      reason: 'Wrong case',
    });
    expect(gone.statusCode, gone.body).toBe(204);

    expect(await linked()).toEqual([keptId]);
    expect(await timelineLines()).toContain('1 linked incident');
    const page = await get(probation, `${base()}/orders/${orderId}`);
    expect(page.body).toContain(`/incidents/${keptId}`);
    expect(page.body).not.toContain(`/incidents/${wrongId}`);
    // nothing new links to it
    const anew = await api(police, 'POST', `${apiBase()}/orders/${orderId}/breaches`, {
      conditionId,
      occurredOn: isoIn(-6),
      cameToLight: 'police',
      action: 'warning',
      description: 'Again',
      incidentIds: [wrongId],
    });
    expect(anew.statusCode).toBe(422);
  });

  it('a withdrawn service leaves the order served as the service still standing has it, or not served, and its duty to notify runs from that', async () => {
    const orderId = await created('/orders', {
      kind: 'spo',
      issuingBody: 'Southampton Magistrates’ Court',
      madeOn: isoIn(-20),
      servedOn: isoIn(-18),
      startsOn: isoIn(-20),
      endsOn: isoIn(700),
      protectedCaseVictimIds: [theCase.caseVictimId],
      conditions: [{ kind: 'prohibition', text: 'Not to contact her' }],
    });
    const servedRow = async () =>
      textOf((await get(probation, `${base()}/orders/${orderId}`)).body).match(
        /Served\s+(\d+ \S+ \d{4}|Not recorded)/,
      )?.[1];
    expect((await orderDetail(orderId)).servedOn).toBe(isoIn(-18));
    expect(await servedRow()).toBe(formatDate(isoIn(-18)));
    // served again later (say, a varied order served afresh): the latest service stands
    const laterId = await created(`/orders/${orderId}/events`, { kind: 'served', occurredOn: isoIn(-4) });
    expect((await orderDetail(orderId)).servedOn).toBe(isoIn(-4));

    await withdraw(`/orders/${orderId}/events/${laterId}`, 'Served on another order');
    expect((await orderDetail(orderId)).servedOn).toBe(isoIn(-18));

    const first = (await orderDetail(orderId)).events.find((e) => e.kind === 'served')!;
    expect((await orderDetail(orderId)).notifications[0]).toMatchObject({ triggerOn: isoIn(-18) });
    await withdraw(`/orders/${orderId}/events/${first.id}`, 'Not served: the officer could not find him');
    const after = await orderDetail(orderId);
    expect(after.servedOn).toBeNull();
    // the subject's 3 days run from the day it was made until service is recorded
    expect(after.notifications[0]).toMatchObject({
      trigger: 'order',
      triggerOn: isoIn(-20),
      dueOn: isoIn(-18),
    });
    const list = (await api(probation, 'GET', `${apiBase()}/orders`)).json().items as {
      id: string;
      servedOn: string | null;
    }[];
    expect(list.find((o) => o.id === orderId)!.servedOn).toBeNull();
    expect(await servedRow()).toBe('Not recorded');
  });

  it('tells an action’s owner it was withdrawn, and reminds them of it no more', async () => {
    const actionId = await created('/actions', {
      description: 'Visit the victim’s workplace',
      ownerUserId: probation.id,
      dueOn: isoIn(1),
    });
    const told = async () =>
      t.db.owner
        .selectFrom('notification')
        .select(['kind', 'message', 'link'])
        .where('user_id', '=', probation.id)
        .where('kind', '=', 'action_withdrawn')
        .execute();
    expect(await told()).toEqual([]);
    const done = await post(police, `${base()}/actions/${actionId}/withdraw`, {
      reason: 'Agreed for another case',
    });
    expect(done.statusCode).toBe(303);

    const notes = await told();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toBe(
      `Your action on case ${theCase.reference}, due ${formatDate(isoIn(1))}, was withdrawn as entered in error.`,
    );
    // no reason, no description: only what the giving of it told
    expect(notes[0]!.message).not.toContain('another case');
    expect(notes[0]!.message).not.toContain('workplace');
    expect(notes[0]!.link).toBe(`${base()}/actions`);
    const inbox = textOf((await get(probation, '/notifications')).body);
    expect(inbox).toContain(`Your action on case ${theCase.reference}`);
    expect(inbox).toContain('was withdrawn as entered in error');
    // no reminder of it, due soon or overdue
    const deps = { config: t.config, db: t.db };
    expect(await sendActionReminders(deps, silent, isoIn(0))).toBe(0);
    expect(await sendActionReminders(deps, silent, isoIn(5))).toBe(0);
  });

  const schedule = async (days: number, place: string) =>
    created(
      '/sessions',
      {
        date: isoIn(days),
        time: '10:00',
        plannedMinutes: 60,
        mode: 'clinic',
        place,
        clinicianIds: [psychologist.id],
      },
      psychologist,
    );
  const withdrawSession = async (sessionId: string, reason: string) => {
    const r = await api(psychologist, 'POST', `${apiBase()}/sessions/${sessionId}/withdrawal`, { reason });
    expect(r.statusCode, r.body).toBe(204);
  };

  it('sends a withdrawn session to the calendar as cancelled, so a calendar that holds it drops it', async () => {
    const sessionId = await schedule(6, 'Room 4, Ashdown Clinic');
    const keptId = await schedule(8, 'Room 5, Ashdown Clinic');
    const calendar = async () => {
      const r = await get(psychologist, '/diary/calendar.ics');
      expect(r.statusCode).toBe(200);
      return r.body;
    };
    const before = veventOf(await calendar(), `${sessionId}@recolo`);
    expect(before).toContain('STATUS:CONFIRMED');
    expect(before).toContain('SEQUENCE:0');

    await withdrawSession(sessionId, 'Booked on the wrong case');

    const ics = await calendar();
    const after = veventOf(ics, `${sessionId}@recolo`);
    expect(after).toContain('STATUS:CANCELLED');
    expect(after).toContain('SEQUENCE:1');
    expect(after).not.toContain('wrong case');
    expect(veventOf(ics, `${keptId}@recolo`)).toContain('STATUS:CONFIRMED');
    // the diary itself no longer lists it
    const diary = textOf((await get(psychologist, '/diary')).body);
    expect(diary).toContain('Room 5, Ashdown Clinic');
    expect(diary).not.toContain('Room 4, Ashdown Clinic');
  });

  it('shows the note of a withdrawn session as gone with it: readable, marked, and not changed any more', async () => {
    const sessionId = await schedule(-2, 'Room 6');
    const recorded = await api(psychologist, 'POST', `${apiBase()}/sessions/${sessionId}/attendance`, {
      attendance: 'attended',
      durationMinutes: 50,
      note: 'Talked about the letters he sent.',
      staffTime: [{ userId: psychologist.id, faceToFaceMinutes: 50, adminMinutes: 10 }],
      expectedVersion: 1,
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const noteId = (
      await t.db.owner
        .selectFrom('intervention_session_note')
        .select('id')
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow()
    ).id;
    const notePath = `${base()}/session-notes/${noteId}`;
    expect((await get(psychologist, notePath)).body).toContain(`${notePath}/amend`);

    await withdrawSession(sessionId, 'Recorded against the wrong person');

    const page = await get(psychologist, notePath);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('The session of this note was withdrawn as entered in error');
    expect(text).toMatch(/by Dr Cora Psychologist: Recorded against the wrong person/);
    expect(text).toContain('Talked about the letters he sent.');
    expect(page.body).not.toContain(`${notePath}/amend`);
    expect(page.body).not.toContain(`${notePath}/withdraw`);
    expect((await get(psychologist, `${notePath}/amend`)).statusCode).toBe(409);
    expect((await get(psychologist, `${notePath}/withdraw`)).statusCode).toBe(409);

    const apiNote = await api(psychologist, 'GET', `${apiBase()}/session-notes/${noteId}`);
    expect(apiNote.json()).toMatchObject({
      withdrawn: null,
      sessionWithdrawn: { by: 'Dr Cora Psychologist', reason: 'Recorded against the wrong person' },
    });
    const amend = await api(psychologist, 'POST', `${apiBase()}/session-notes/${noteId}/amendments`, {
      body: 'Talked about the letters.',
      reason: 'Shorter',
      version: 1,
    });
    expect(amend.statusCode).toBe(409);
    const withdrawNote = await api(psychologist, 'POST', `${apiBase()}/session-notes/${noteId}/withdrawal`, {
      reason: 'Wrong case',
    });
    expect(withdrawNote.statusCode).toBe(409);
    const body = await t.db.owner
      .selectFrom('intervention_session_note')
      .select(['body', 'withdrawn_at'])
      .where('id', '=', noteId)
      .executeTakeFirstOrThrow();
    expect(body).toEqual({ body: 'Talked about the letters he sent.', withdrawn_at: null });
  });

  it('an order that names a victim later withdrawn in error still names them, marked, on its page and in the API', async () => {
    const victimId = await created('/victims', {
      givenName: 'Wendy',
      familyName: 'Wrongly',
      kind: 'victim',
      relationship: 'acquaintance',
    });
    const orderId = await created('/orders', {
      kind: 'restraining_conviction',
      issuingBody: 'Portsmouth Crown Court',
      madeOn: isoIn(-10),
      startsOn: isoIn(-10),
      endsOn: isoIn(300),
      protectedCaseVictimIds: [victimId],
      conditions: [{ kind: 'prohibition', text: 'Not to contact Wendy Wrongly' }],
    });
    const namedOf = async () =>
      (await api(probation, 'GET', `${apiBase()}/orders/${orderId}`)).json().protectedPeople as {
        caseVictimId: string;
        victimWithdrawn: boolean;
      }[];
    expect(await namedOf()).toEqual([
      expect.objectContaining({ caseVictimId: victimId, victimWithdrawn: false }),
    ]);
    expect(textOf((await get(probation, `${base()}/orders/${orderId}`)).body)).not.toContain(
      'Victim withdrawn in error',
    );
    await withdraw(`/victims/${victimId}`, 'Added to the wrong case');
    expect(await namedOf()).toEqual([
      expect.objectContaining({ caseVictimId: victimId, victimWithdrawn: true }),
    ]);
    expect(textOf((await get(probation, `${base()}/orders/${orderId}`)).body)).toContain(
      'Wendy Wrongly Victim withdrawn in error',
    );
  });
});
