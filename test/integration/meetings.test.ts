import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendActionReminders } from '../../src/modules/actions/reminders.js';
import { meetingPackFor } from '../../src/modules/meetings/public.js';
import { addDays } from '../../src/modules/meetings/rules.js';
import { moveClockForTests } from '../../src/platform/clock.js';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, textOf } from '../support/http.js';
import { readPdf } from '../support/pdf-text.js';

const silent = { info: () => undefined } as unknown as Parameters<typeof sendActionReminders>[1];
const DAY = 86_400_000;

describe.each(targets)('multi-agency meetings, agenda, minutes and actions on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let coordinator: TestUser;
  let police: TestUser;
  let officer: TestUser;
  let health: TestUser;
  let advocate: TestUser;
  let deputyAdvocate: TestUser;
  let probation: TestUser;
  let stranger: TestUser;
  let caseA: TestCase;
  let caseB: TestCase;
  let foreignCase: TestCase;
  const auth: Record<string, string> = {};
  let meetingId: string;
  let itemA: string;
  let itemB: string;
  const today = todayInLondon();
  const meetingDate = addDays(today, 3);

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: string, payload?: unknown) =>
    t.inject({
      method,
      url,
      headers: {
        authorization: auth[who]!,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const count = async (table: 'meeting' | 'meeting_item' | 'case_action' | 'meeting_item_addendum') =>
    (await t.db.owner.selectFrom(table).select('id').execute()).length;
  const meeting = async (who: string) => {
    const r = await call('GET', `/api/v1/meetings/${meetingId}`, who);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      version: number;
      status: string;
      quorate: boolean;
      missingForQuorum: string[];
      items: {
        id: string;
        reference: string;
        version: number;
        actions: { id: string }[];
        addenda: unknown[];
      }[];
      suggestions: { caseId: string; reasons: string[] }[];
      participants: { userId: string }[];
    };
  };

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    coordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [site],
      displayName: 'Cora Coordinator',
    });
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pat Police' });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ian Officer',
    });
    health = await t.createUser({ role: 'forensic_psychiatrist', sites: [site], displayName: 'Hal Health' });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    deputyAdvocate = await t.createUser({
      role: 'stalking_advocate',
      sites: [site],
      displayName: 'Dee Deputy',
    });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pru Probation',
    });
    stranger = await t.createUser({
      role: 'stalking_coordinator',
      sites: [otherSite],
      displayName: 'Sid Stranger',
    });
    // two teams: A (police, health, advocate) and B (the investigating officer)
    caseA = await t.seedCase({ site, createdBy: police.id, team: [police.id, health.id, advocate.id] });
    caseB = await t.seedCase({ site, createdBy: officer.id, team: [officer.id] });
    foreignCase = await t.seedCase({ site: otherSite, createdBy: stranger.id, team: [stranger.id] });
    for (const [name, user] of Object.entries({
      coordinator,
      police,
      officer,
      health,
      advocate,
      probation,
      stranger,
    }))
      auth[name] = (await t.apiToken(user.id)).authorization;
  });
  afterAll(async () => {
    moveClockForTests(0);
    await t?.close();
  });
  afterEach(() => moveClockForTests(0));

  it('refuses a meeting in the past, and lets only the site coordinator schedule one', async () => {
    const before = await count('meeting');
    const past = await call('POST', '/api/v1/meetings', 'coordinator', {
      siteId: site.id,
      date: addDays(today, -1),
      time: '10:00',
      recurrence: 'none',
    });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('The meeting must be in the future');
    const notCoordinator = await call('POST', '/api/v1/meetings', 'police', {
      siteId: site.id,
      date: meetingDate,
      time: '10:00',
      recurrence: 'none',
    });
    expect(notCoordinator.statusCode).toBe(403);
    expect(await count('meeting')).toBe(before);

    // the page says the same, with an error summary
    const browser = Browser.signedIn(t, await t.signIn(coordinator.id));
    await browser.get('/meetings/new');
    const [y, m, d] = addDays(today, -2).split('-');
    const refused = await browser.post('/meetings', {
      siteId: site.id,
      'date-day': d!,
      'date-month': m!,
      'date-year': y!,
      time: '09:30',
      recurrence: 'none',
    });
    expect(refused.statusCode).toBe(422);
    expect(errorSummaryOf(refused.body)).toContain('The meeting must be in the future');
    expect(await count('meeting')).toBe(before);
  });

  it('schedules a weekly meeting as a series of six, the people and agencies invited', async () => {
    const created = await call('POST', '/api/v1/meetings', 'coordinator', {
      siteId: site.id,
      date: meetingDate,
      time: '10:00',
      recurrence: 'weekly',
      location: 'Room 3',
      minuteTakerId: police.id,
      invitedAgencyIds: [site.agencies.police, site.agencies.health, site.agencies.victim_service],
      invitedUserIds: [health.id, advocate.id],
    });
    expect(created.statusCode).toBe(201);
    meetingId = (created.json() as { id: string }).id;
    const list = await call('GET', '/api/v1/meetings', 'coordinator');
    const series = (list.json() as { items: { seriesId: string | null; startsAt: string }[] }).items;
    expect(series).toHaveLength(6);
    expect(new Set(series.map((m) => m.seriesId)).size).toBe(1);
    const m = await meeting('coordinator');
    expect(m.status).toBe('planned');
    expect(m.participants.map((p) => p.userId).sort()).toEqual(
      [coordinator.id, police.id, health.id, advocate.id].sort(),
    );
    // a meeting at another site does not exist for its people
    expect((await call('GET', `/api/v1/meetings/${meetingId}`, 'stranger')).statusCode).toBe(404);
    // those invited are told, in the app, of the first meeting of the series (no case named)
    const told = await t.db.owner
      .selectFrom('notification')
      .select(['user_id', 'case_id', 'link', 'message'])
      .where('kind', '=', 'meeting_scheduled')
      .execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([police.id, health.id, advocate.id].sort());
    expect(told.every((n) => n.case_id === null && n.link === `/meetings/${meetingId}`)).toBe(true);
    expect(told[0]!.message).toContain('the first of 6 (weekly)');
    const page = await Browser.signedIn(t, await t.signIn(health.id)).get('/notifications');
    expect(textOf(page.body)).toContain('You are invited to the multi-agency meeting');
  });

  it('suggests the new referrals with the reason, and builds the agenda; a case twice is refused', async () => {
    const m = await meeting('coordinator');
    const suggested = m.suggestions.find((s) => s.caseId === caseA.caseId);
    expect(suggested?.reasons).toContain('New referral awaiting a decision');
    expect(m.suggestions.some((s) => s.caseId === foreignCase.caseId)).toBe(false);

    const added = await call('POST', `/api/v1/meetings/${meetingId}/agenda`, 'coordinator', {
      caseId: caseA.caseId,
      reason: suggested!.reasons.join('; '),
    });
    expect(added.statusCode).toBe(201);
    itemA = (added.json() as { id: string }).id;
    const byHand = await call('POST', `/api/v1/meetings/${meetingId}/agenda`, 'coordinator', {
      reference: caseB.reference.toLowerCase(),
    });
    expect(byHand.statusCode).toBe(201);
    itemB = (byHand.json() as { id: string }).id;

    const items = await count('meeting_item');
    const twice = await call('POST', `/api/v1/meetings/${meetingId}/agenda`, 'coordinator', {
      caseId: caseA.caseId,
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain(`Case ${caseA.reference} is already on this meeting’s agenda`);
    const foreign = await call('POST', `/api/v1/meetings/${meetingId}/agenda`, 'coordinator', {
      reference: foreignCase.reference,
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('a case at this meeting’s site');
    const notCoordinator = await call('POST', `/api/v1/meetings/${meetingId}/agenda`, 'police', {
      caseId: caseA.caseId,
    });
    expect(notCoordinator.statusCode).toBe(403);
    expect(await count('meeting_item')).toBe(items);

    // ordered: B moves up above A
    expect(
      (
        await call('POST', `/api/v1/meetings/${meetingId}/agenda/${itemB}/move`, 'coordinator', {
          direction: 'up',
        })
      ).statusCode,
    ).toBe(204);
    expect((await meeting('coordinator')).items.map((i) => i.id)).toEqual([itemB, itemA]);
    const after = await meeting('coordinator');
    expect(after.suggestions.some((s) => s.caseId === caseA.caseId)).toBe(false);
  });

  it('shows each reader only the items of the cases they may see, on the page, the API and the pack', async () => {
    expect((await meeting('police')).items.map((i) => i.reference)).toEqual([caseA.reference]);
    expect((await meeting('officer')).items.map((i) => i.reference)).toEqual([caseB.reference]);
    expect((await meeting('probation')).items).toEqual([]);
    expect((await meeting('coordinator')).items).toHaveLength(2);
    // no suggestions for those who do not run the site
    expect((await meeting('police')).suggestions).toEqual([]);

    const page = await Browser.signedIn(t, await t.signIn(police.id)).get(`/meetings/${meetingId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(caseA.reference);
    expect(textOf(page.body)).not.toContain(caseB.reference);

    const pack = await t.asUser(officer.id, (tx) => meetingPackFor(tx, meetingId));
    expect(pack.items.map((i) => i.caseId)).toEqual([caseB.caseId]);
    // row-level security itself: the officer's own query of the table
    const rows = await t.asUser(officer.id, (tx) =>
      tx.selectFrom('meeting_item').select('case_id').execute(),
    );
    expect(rows.map((r) => r.case_id)).toEqual([caseB.caseId]);
  });

  it('records attendance and says whether the meeting is quorate by the site’s rule', async () => {
    const version = (await meeting('coordinator')).version;
    const without = await call('POST', `/api/v1/meetings/${meetingId}/attendance`, 'coordinator', {
      version,
      entries: [
        { userId: coordinator.id, attendance: 'present' },
        { userId: police.id, attendance: 'present' },
      ],
    });
    expect(without.statusCode).toBe(422);
    expect(without.body).toContain('Select whether Ada Advocate was present');
    expect((await meeting('coordinator')).status).toBe('planned');

    const held = await call('POST', `/api/v1/meetings/${meetingId}/attendance`, 'coordinator', {
      version,
      entries: [
        { userId: coordinator.id, attendance: 'present' },
        { userId: police.id, attendance: 'present' },
        { userId: health.id, attendance: 'present' },
        { userId: advocate.id, attendance: 'apologies' },
      ],
    });
    expect(held.statusCode).toBe(204);
    let m = await meeting('coordinator');
    expect(m.status).toBe('held');
    expect(m.quorate).toBe(false);
    expect(m.missingForQuorum).toEqual(['victim_service']);

    // the advocate sent a deputy: now quorate
    const deputy = await call('POST', `/api/v1/meetings/${meetingId}/attendance`, 'coordinator', {
      version: m.version,
      entries: [
        { userId: coordinator.id, attendance: 'present' },
        { userId: police.id, attendance: 'present' },
        { userId: health.id, attendance: 'present' },
        { userId: advocate.id, attendance: 'deputy', deputyId: deputyAdvocate.id },
      ],
    });
    expect(deputy.statusCode).toBe(204);
    m = await meeting('coordinator');
    expect(m.quorate).toBe(true);
    const page = await Browser.signedIn(t, await t.signIn(coordinator.id)).get(`/meetings/${meetingId}`);
    expect(textOf(page.body)).toContain('Quorate');
    expect(textOf(page.body)).not.toContain('Not quorate');

    // the site's own rule: probation too
    expect(
      (
        await call('POST', '/api/v1/meetings/quorum', 'coordinator', {
          siteId: site.id,
          quorumKinds: ['police', 'probation', 'health', 'victim_service'],
        })
      ).statusCode,
    ).toBe(204);
    m = await meeting('coordinator');
    expect(m.quorate).toBe(false);
    expect(m.missingForQuorum).toEqual(['probation']);

    // once held, a case stays on the agenda
    const remove = await call('DELETE', `/api/v1/meetings/${meetingId}/agenda/${itemB}`, 'coordinator');
    expect(remove.statusCode).toBe(409);
  });

  it('records the minutes with the victim’s voice gate, the risk rationale, and refuses a stale save', async () => {
    const item = async () => (await meeting('police')).items.find((i) => i.id === itemA)!;
    const url = `/api/v1/meetings/${meetingId}/items/${itemA}`;
    const v = (await item()).version;
    // no voice recorded on the case: the reason is required
    const noReason = await call('PUT', url, 'coordinator', {
      version: v,
      discussion: 'Discussed the referral',
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Enter the reason the victim’s voice is not up to date');
    const noRationale = await call('PUT', url, 'coordinator', {
      version: v,
      voiceReason: 'The advocate could not reach the victim this week',
      agreedRisk: 'high',
    });
    expect(noRationale.statusCode).toBe(422);
    expect(noRationale.body).toContain('Enter the rationale for the agreed risk level');
    // someone not chairing or minuting may not write them
    expect((await call('PUT', url, 'health', { version: v })).statusCode).toBe(403);

    const saved = await call('PUT', url, 'police', {
      version: v,
      discussion: 'Escalating contact since the charge.',
      voiceReason: 'The advocate could not reach the victim this week',
      agreedRisk: 'high',
      riskRationale: 'Fixation and recent escalation',
      decision: 'accept',
    });
    expect(saved.statusCode).toBe(204);
    // the coordinator's copy was opened before: its save is stale
    const stale = await call('PUT', url, 'coordinator', {
      version: v,
      discussion: 'An older text',
      voiceReason: 'x',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone changed these minutes');
    const now = await item();
    expect(now.version).toBe(v + 1);
    const minutes = (await call('GET', `/api/v1/meetings/${meetingId}`, 'police')).json() as {
      items: { discussion: string; decision: string }[];
    };
    expect(minutes.items[0]!.discussion).toBe('Escalating contact since the charge.');
    expect(minutes.items[0]!.decision).toBe('accept');
  });

  it('adds actions with owners at the site, due on or after the meeting; the owner is told', async () => {
    const url = `/api/v1/meetings/${meetingId}/items/${itemA}/actions`;
    const before = await count('case_action');
    const early = await call('POST', url, 'coordinator', {
      description: 'Review the bail conditions',
      ownerUserId: police.id,
      dueOn: addDays(meetingDate, -1),
    });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('The due date must be on or after the meeting');
    const elsewhere = await call('POST', url, 'coordinator', {
      description: 'Review the bail conditions',
      ownerUserId: stranger.id,
      dueOn: addDays(meetingDate, 7),
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.body).toContain('works at this case’s site');
    const offTeam = await call('POST', url, 'coordinator', {
      description: 'Review the bail conditions',
      ownerUserId: probation.id,
      dueOn: addDays(meetingDate, 7),
    });
    expect(offTeam.statusCode).toBe(422);
    expect(offTeam.body).toContain('on the case team');
    const otherAgency = await call('POST', url, 'coordinator', {
      description: 'Review the bail conditions',
      ownerAgencyId: otherSite.agencies.police,
      dueOn: addDays(meetingDate, 7),
    });
    expect(otherAgency.statusCode).toBe(422);
    expect(await count('case_action')).toBe(before);

    const first = await call('POST', url, 'coordinator', {
      description: 'Review the bail conditions with the CPS',
      ownerUserId: police.id,
      dueOn: meetingDate,
    });
    expect(first.statusCode).toBe(201);
    const second = await call('POST', url, 'coordinator', {
      description: 'Offer the victim a safety planning session',
      ownerAgencyId: site.agencies.victim_service,
      dueOn: addDays(meetingDate, 14),
    });
    expect(second.statusCode).toBe(201);
    const told = await t.db.owner
      .selectFrom('notification')
      .select(['kind', 'message'])
      .where('user_id', '=', police.id)
      .where('kind', 'like', 'action%')
      .execute();
    expect(told).toEqual([
      expect.objectContaining({ kind: 'action_assigned', message: expect.stringContaining(caseA.reference) }),
    ]);
    const mine = (await call('GET', '/api/v1/actions', 'police')).json() as {
      items: { description: string }[];
    };
    expect(mine.items.map((a) => a.description)).toEqual(['Review the bail conditions with the CPS']);
    // the officer (case B's team) sees nothing of case A's actions
    expect((await call('GET', `/api/v1/cases/${caseA.caseId}/actions`, 'officer')).statusCode).toBe(404);
    const onCase = (await call('GET', `/api/v1/cases/${caseA.caseId}/actions`, 'health')).json() as {
      items: unknown[];
    };
    expect(onCase.items).toHaveLength(2);
  });

  it('approves the minutes once; afterwards only an addendum can be added', async () => {
    const addendumUrl = `/api/v1/meetings/${meetingId}/items/${itemA}/addenda`;
    const early = await call('POST', addendumUrl, 'coordinator', { body: 'Too early' });
    expect(early.statusCode).toBe(422);
    const m = await meeting('coordinator');
    expect(
      (await call('POST', `/api/v1/meetings/${meetingId}/approve`, 'police', { version: m.version }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/v1/meetings/${meetingId}/approve`, 'coordinator', { version: m.version }))
        .statusCode,
    ).toBe(204);
    const twice = await call('POST', `/api/v1/meetings/${meetingId}/approve`, 'coordinator', {
      version: m.version + 1,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('already approved');
    const item = (await meeting('police')).items[0]!;
    const edit = await call('PUT', `/api/v1/meetings/${meetingId}/items/${itemA}`, 'police', {
      version: item.version,
      discussion: 'Changed afterwards',
      voiceReason: 'x',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toContain('add an addendum instead');
    const action = await call('POST', `/api/v1/meetings/${meetingId}/items/${itemA}/actions`, 'coordinator', {
      description: 'Late',
      ownerUserId: police.id,
      dueOn: addDays(meetingDate, 7),
    });
    expect(action.statusCode).toBe(409);
    const addendum = await call('POST', addendumUrl, 'police', {
      body: 'The CPS confirmed the charge on Friday.',
    });
    expect(addendum.statusCode).toBe(201);
    expect((await meeting('police')).items[0]!.addenda).toHaveLength(1);
    expect((await meeting('police')).items[0]!.version).toBe(item.version);
  });

  it('gives each reader the minutes as a PDF with only their cases, watermarked, marked, audited as disclosed', async () => {
    const download = async (who: string) => {
      const r = await t.inject({
        method: 'GET',
        url: `/api/v1/meetings/${meetingId}/pack`,
        headers: { authorization: auth[who]! },
      });
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="minutes-/);
      const pdf = await readPdf(r.rawPayload);
      return { pdf, text: pdf.pages.join('\n') };
    };
    const forHealth = await download('health');
    expect(forHealth.text).toContain(caseA.reference);
    expect(forHealth.text).not.toContain(caseB.reference);
    expect(forHealth.text).toContain('The CPS confirmed the charge on Friday.');
    expect(forHealth.pdf.title).toMatch(/^Minutes: /);
    expect(forHealth.pdf.marked).toBe(true);
    for (const page of forHealth.pdf.pages) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain('Downloaded by Hal Health');
    }
    const forOfficer = await download('officer');
    expect(forOfficer.text).toContain(caseB.reference);
    expect(forOfficer.text).not.toContain(caseA.reference);
    expect(forOfficer.text).not.toContain('The CPS confirmed the charge');
    const forProbation = await download('probation');
    expect(forProbation.text).toContain('No cases on the agenda that you may see.');
    // each case item in a copy is recorded as disclosed, for that case only
    const disclosed = await t.db.owner
      .selectFrom('audit.event')
      .select(['case_id', 'user_id'])
      .where('action', '=', 'meeting_item.exported')
      .execute();
    expect(disclosed.filter((e) => e.user_id === officer.id).map((e) => e.case_id)).toEqual([caseB.caseId]);
    expect(disclosed.filter((e) => e.user_id === health.id).map((e) => e.case_id)).toEqual([caseA.caseId]);
    expect((await call('GET', `/api/v1/meetings/${meetingId}/pack`, 'stranger')).statusCode).toBe(404);
  });

  it('reminds owners once when due in 2 days and once when overdue; the overdue list follows the clock', async () => {
    const deps = { config: t.config, db: t.db };
    // the action is due on the meeting's day, 3 days from now: nothing yet
    expect(await sendActionReminders(deps, silent, today)).toBe(0);
    expect(await sendActionReminders(deps, silent, addDays(meetingDate, -1))).toBe(1);
    expect(await sendActionReminders(deps, silent, addDays(meetingDate, -1))).toBe(0);
    expect((await call('GET', '/api/v1/actions/overdue', 'coordinator')).json()).toMatchObject({
      items: [],
      total: 0,
    });

    moveClockForTests(5 * DAY);
    const overdue = (await call('GET', '/api/v1/actions/overdue', 'coordinator')).json() as {
      items: { description: string; overdue: boolean }[];
    };
    expect(overdue.items.map((a) => a.description)).toEqual(['Review the bail conditions with the CPS']);
    expect(overdue.items[0]!.overdue).toBe(true);
    expect((await call('GET', '/api/v1/actions/overdue', 'officer')).json()).toMatchObject({
      items: [],
      total: 0,
    });
    expect(await sendActionReminders(deps, silent)).toBe(1);
    expect(await sendActionReminders(deps, silent)).toBe(0);
    const kinds = await t.db.owner
      .selectFrom('notification')
      .select('kind')
      .where('user_id', '=', police.id)
      .where('kind', 'like', 'action%')
      .orderBy('created_at')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(['action_assigned', 'action_due_soon', 'action_overdue']);
    const page = await Browser.signedIn(t, await t.signIn(coordinator.id)).get('/actions/overdue');
    expect(textOf(page.body)).toContain('Review the bail conditions with the CPS');
  });

  it('adds an action from the case, and marks it done or not done with a version', async () => {
    const created = await call('POST', `/api/v1/cases/${caseB.caseId}/actions`, 'officer', {
      description: 'Obtain the phone download',
      ownerUserId: officer.id,
      dueOn: addDays(today, 10),
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const list = (await call('GET', `/api/v1/cases/${caseB.caseId}/actions`, 'officer')).json() as {
      items: { id: string; version: number }[];
    };
    const version = list.items.find((a) => a.id === id)!.version;
    const noReason = await call('POST', `/api/v1/cases/${caseB.caseId}/actions/${id}/status`, 'officer', {
      status: 'not_done',
      version,
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Enter why the action was not done');
    const ok = await call('POST', `/api/v1/cases/${caseB.caseId}/actions/${id}/status`, 'officer', {
      status: 'done',
      version,
    });
    expect(ok.statusCode).toBe(204);
    const stale = await call('POST', `/api/v1/cases/${caseB.caseId}/actions/${id}/status`, 'officer', {
      status: 'not_done',
      reason: 'Phone returned',
      version,
    });
    expect(stale.statusCode).toBe(409);

    // the page: the case's Actions tab and My actions
    const browser = Browser.signedIn(t, await t.signIn(officer.id));
    const tab = await browser.get(`/cases/${caseB.caseId}/actions`);
    expect(tab.statusCode).toBe(200);
    expect(textOf(tab.body)).toContain('Obtain the phone download');
    const past = addDays(today, -1).split('-');
    const refused = await browser.post(`/cases/${caseB.caseId}/actions`, {
      description: 'Too late',
      ownerUserId: officer.id,
      'dueOn-day': past[2]!,
      'dueOn-month': past[1]!,
      'dueOn-year': past[0]!,
    });
    expect(refused.statusCode).toBe(422);
    expect(errorSummaryOf(refused.body)).toContain('The due date must be today or in the future');
    // done: off the open actions, on the done or not done ones
    expect(textOf((await browser.get('/actions')).body)).not.toContain('Obtain the phone download');
    const closed = await browser.get('/actions?show=closed');
    expect(textOf(closed.body)).toContain('Obtain the phone download');
  });
});
