import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendActionReminders } from '../../src/modules/actions/reminders.js';
import { alertMappaReviewsDue } from '../../src/modules/mappa-marac/repository.js';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

const DAY = 86_400_000;
const isoIn = (days: number) =>
  new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const silent = { info: () => undefined } as unknown as Parameters<typeof sendActionReminders>[1];

// MAPPA records, MARAC referrals and meetings, meeting items and case actions entered in error are
// withdrawn with a reason (issue 11): they leave the lists, the level in force, the timeline, My
// actions and the reminders, and stay shown as withdrawn with who, when and why.
describe.each(targets)('withdrawing MAPPA, MARAC, meeting items and actions on %s', (target) => {
  let t: TestApp;
  let coordinator: TestUser;
  let police: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let theCase: TestCase;
  const { get, post, api } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site], displayName: 'Cora Chair' });
    police = await t.createUser({ role: 'stalking_coordinator', sites: [site], displayName: 'Pam Police' });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pru Probation',
    });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: police.id, team: [police.id, probation.id] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const casePath = () => `/cases/${theCase.caseId}`;
  const timelineTitles = async () =>
    (await api(probation, 'GET', `/api/v1${casePath()}/timeline`))
      .json()
      .items.map((e: { title: string }) => e.title) as string[];

  it('withdraws the MAPPA record in force through its page: the earlier one is in force again everywhere', async () => {
    const older = await api(police, 'POST', `/api/v1${casePath()}/mappa`, {
      category: 2,
      level: 3,
      startsOn: isoIn(-60),
      leadAgency: 'probation',
      nextReviewOn: isoIn(-2),
    });
    expect(older.statusCode, older.body).toBe(201);
    const newer = await api(police, 'POST', `/api/v1${casePath()}/mappa`, {
      category: 1,
      level: 2,
      startsOn: isoIn(-10),
      leadAgency: 'police',
      nextReviewOn: isoIn(3),
    });
    expect(newer.statusCode, newer.body).toBe(201);
    const newerId = newer.json().id as string;
    const inForce = async () =>
      (await api(probation, 'GET', `/api/v1${casePath()}`)).json().courtAndOffending.mappa;
    expect(await inForce()).toMatchObject({ category: 1, level: 2 });
    const mappaPage = await get(police, `${casePath()}/mappa`);
    expect(mappaPage.body).toContain(`/mappa/${newerId}/withdraw`);

    const url = `${casePath()}/mappa/${newerId}/withdraw`;
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this MAPPA record as entered in error?');
    expect(textOf(page.body)).toContain('Category 1, level 2');
    const noReason = await post(police, url, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect(await inForce()).toMatchObject({ category: 1, level: 2 });

    const done = await post(police, url, { reason: 'Entered on the wrong case' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${casePath()}/mappa`);

    // the level in force on the overview, the list and Reviews due are the earlier record's again
    expect(await inForce()).toMatchObject({ category: 2, level: 3 });
    const list = (await api(probation, 'GET', `/api/v1${casePath()}/mappa`)).json().items;
    expect(list.map((m: { id: string; current: boolean }) => [m.id, m.current])).toEqual([
      [older.json().id, true],
    ]);
    const reviews = (await api(probation, 'GET', '/api/v1/reviews')).json().mappa as {
      caseId?: string;
      level: number;
    }[];
    expect(reviews.map((r) => r.level)).toEqual([3]);
    // the review alert tells the team of the record in force, not the withdrawn one
    expect(await alertMappaReviewsDue(t.db.owner, todayInLondon())).toBe(2);
    const alerts = await t.db.owner
      .selectFrom('notification')
      .select('message')
      .where('case_id', '=', theCase.caseId)
      .where('kind', '=', 'mappa_review_due')
      .execute();
    expect(alerts.map((a) => a.message)).toEqual([
      expect.stringContaining('(category 2, level 3) is overdue'),
      expect.stringContaining('(category 2, level 3) is overdue'),
    ]);
    const titles = await timelineTitles();
    expect(titles).not.toContain('MAPPA: category 1, level 2');
    expect(titles).toContain('MAPPA: category 2, level 3');
    // listed as withdrawn, with who and why
    const after = textOf((await get(probation, `${casePath()}/mappa`)).body);
    expect(after).toContain('Withdrawn as entered in error');
    expect(after).toMatch(
      /Category 1, level 2 from .+, withdrawn .+ by Pam Police: Entered on the wrong case/,
    );
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('details')
      .where('record_id', '=', newerId)
      .where('action', '=', 'mappa_record.withdrawn')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('wrong case');

    // not again, and not by anyone off the case
    const again = await api(police, 'POST', `/api/v1${casePath()}/mappa/${newerId}/withdrawal`, {
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect((await get(police, url)).statusCode).toBe(409);
    const stranger = await api(outsider, 'POST', `/api/v1${casePath()}/mappa/${older.json().id}/withdrawal`, {
      reason: 'Not mine',
    });
    expect(stranger.statusCode).toBe(404);
    expect(await inForce()).toMatchObject({ category: 2, level: 3 });
    const empty = await api(police, 'POST', `/api/v1${casePath()}/mappa/${older.json().id}/withdrawal`, {
      reason: '',
    });
    expect(empty.statusCode).toBe(400);
  });

  it('withdraws a MARAC meeting, then its referral (not before): both leave the lists and the timeline', async () => {
    const referral = await api(police, 'POST', `/api/v1${casePath()}/marac`, {
      referredOn: isoIn(-20),
      referringAgency: 'police',
      reason: 'High-risk assessment',
    });
    expect(referral.statusCode, referral.body).toBe(201);
    const referralId = referral.json().id as string;
    const meeting = await api(police, 'POST', `/api/v1${casePath()}/marac-meetings`, {
      referralId,
      meetingOn: isoIn(-5),
      outcome: 'Safety plan agreed',
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    const meetingId = meeting.json().id as string;

    // a referral heard at a meeting stays while the meeting does
    const heard = await api(police, 'POST', `/api/v1${casePath()}/marac/${referralId}/withdrawal`, {
      reason: 'Wrong case',
    });
    expect(heard.statusCode).toBe(409);
    expect(heard.body).toContain('Withdraw the MARAC meetings that heard it first');

    const m = await api(probation, 'POST', `/api/v1${casePath()}/marac-meetings/${meetingId}/withdrawal`, {
      reason: 'The meeting heard another case',
    });
    expect(m.statusCode).toBe(204);
    expect((await api(police, 'GET', `/api/v1${casePath()}/marac-meetings`)).json().items).toEqual([]);
    expect((await api(police, 'GET', `/api/v1${casePath()}/marac`)).json().items[0].meetings).toEqual([]);
    expect(await timelineTitles()).not.toContain('MARAC meeting');
    const meetingsPage = textOf((await get(police, `${casePath()}/marac-meetings`)).body);
    expect(meetingsPage).toMatch(
      /Meeting of .+, withdrawn .+ by Pru Probation: The meeting heard another case/,
    );
    const again = await api(police, 'POST', `/api/v1${casePath()}/marac-meetings/${meetingId}/withdrawal`, {
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);

    const url = `${casePath()}/marac/${referralId}/withdraw`;
    expect(textOf((await get(police, url)).body)).toContain(
      'Withdraw this MARAC referral as entered in error?',
    );
    expect((await get(outsider, url)).statusCode).toBe(404);
    const noReason = await post(police, url, {});
    expect(noReason.statusCode).toBe(400);
    const done = await post(police, url, { reason: 'Referred on the wrong case' });
    expect(done.statusCode).toBe(303);
    expect((await api(police, 'GET', `/api/v1${casePath()}/marac`)).json().items).toEqual([]);
    expect(await timelineTitles()).not.toContain('Referred to MARAC');
    const page = textOf((await get(probation, `${casePath()}/marac`)).body);
    expect(page).toContain('Nothing recorded yet.');
    expect(page).toMatch(/Referral of .+, withdrawn .+ by Pam Police: Referred on the wrong case/);
    // a withdrawn referral is heard at no new meeting
    const late = await api(police, 'POST', `/api/v1${casePath()}/marac-meetings`, {
      referralId,
      meetingOn: isoIn(-1),
      outcome: 'Heard',
    });
    expect(late.statusCode).toBe(422);
  });

  it('withdraws an action through its page: it leaves the case’s actions, My actions and the reminders', async () => {
    const added = await api(police, 'POST', `/api/v1${casePath()}/actions`, {
      description: 'Check the licence conditions',
      ownerUserId: probation.id,
      dueOn: isoIn(1),
    });
    expect(added.statusCode, added.body).toBe(201);
    const actionId = added.json().id as string;
    const mine = async () =>
      (await api(probation, 'GET', '/api/v1/actions'))
        .json()
        .items.map((a: { id: string }) => a.id) as string[];
    expect(await mine()).toContain(actionId);
    expect((await get(police, `${casePath()}/actions`)).body).toContain(`/actions/${actionId}/withdraw`);

    const url = `${casePath()}/actions/${actionId}/withdraw`;
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this action as entered in error?');
    expect(textOf(page.body)).toContain('Check the licence conditions');
    // the confirmation shows the action: a view of it, audited as one
    const viewed = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'user_id', 'details'])
      .where('record_id', '=', actionId)
      .where('action', '=', 'case_action.view')
      .execute();
    expect(viewed).toEqual([
      { action: 'case_action.view', user_id: police.id, details: { channel: 'page', form: 'withdraw' } },
    ]);
    expect((await post(police, url, { reason: '' })).statusCode).toBe(400);
    expect((await get(outsider, url)).statusCode).toBe(404);
    const done = await post(police, url, { reason: 'Agreed for another case' });
    expect(done.statusCode).toBe(303);

    expect(await mine()).not.toContain(actionId);
    expect((await api(police, 'GET', `/api/v1${casePath()}/actions`)).json().items).toEqual([]);
    const casePage = textOf((await get(probation, `${casePath()}/actions`)).body);
    expect(casePage).toContain('No actions yet.');
    expect(casePage).toMatch(
      /Check the licence conditions \(Pru Probation, due .+\), withdrawn .+ by Pam Police: Agreed for another case/,
    );
    expect(textOf((await get(probation, '/actions')).body)).not.toContain('Check the licence conditions');
    // no reminder of it is ever sent
    const deps = { config: t.config, db: t.db };
    expect(await sendActionReminders(deps, silent, isoIn(0))).toBe(0);
    expect(await sendActionReminders(deps, silent, isoIn(5))).toBe(0);
    // nor is it changed or withdrawn again
    const status = await api(probation, 'POST', `/api/v1${casePath()}/actions/${actionId}/status`, {
      status: 'done',
      version: 1,
    });
    expect(status.statusCode).toBe(409);
    const again = await api(police, 'POST', `/api/v1${casePath()}/actions/${actionId}/withdrawal`, {
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);
  });

  it('withdraws a case’s item of approved minutes with its actions: it stays in the minutes, marked', async () => {
    const chair = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
      const r = await api(coordinator, method, url, body);
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r;
    };
    const meetingId = (
      await chair('POST', '/api/v1/meetings', {
        siteId: theCase.siteId,
        date: isoIn(3),
        time: '10:00',
        recurrence: 'none',
      })
    ).json().id as string;
    const itemId = (
      await chair('POST', `/api/v1/meetings/${meetingId}/agenda`, {
        caseId: theCase.caseId,
        reason: 'Review',
      })
    ).json().id as string;
    const version = (await chair('GET', `/api/v1/meetings/${meetingId}`)).json().version as number;
    await chair('POST', `/api/v1/meetings/${meetingId}/attendance`, {
      version,
      entries: [{ userId: coordinator.id, attendance: 'present' }],
    });
    const actionId = (
      await chair('POST', `/api/v1/meetings/${meetingId}/items/${itemId}/actions`, {
        description: 'Share the safety plan',
        ownerUserId: probation.id,
        dueOn: isoIn(7),
      })
    ).json().id as string;
    const held = (await chair('GET', `/api/v1/meetings/${meetingId}`)).json().version as number;
    await chair('POST', `/api/v1/meetings/${meetingId}/approve`, { version: held });
    const mine = async () =>
      (await api(probation, 'GET', '/api/v1/actions'))
        .json()
        .items.map((a: { id: string }) => a.id) as string[];
    expect(await mine()).toContain(actionId);

    // approved minutes are still never edited: the database refuses any other change
    await expect(
      t.asUser(police.id, (tx) =>
        tx.updateTable('meeting_item').set({ discussion: 'Changed' }).where('id', '=', itemId).execute(),
      ),
    ).rejects.toThrow();

    const itemPage = `/meetings/${meetingId}/items/${itemId}`;
    const url = `${casePath()}/meetings/${meetingId}/items/${itemId}/withdraw`;
    expect((await get(police, itemPage)).body).toContain(url);
    const page = await get(police, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this meeting item as entered in error?');
    expect(textOf(page.body)).toContain('Share the safety plan');
    expect((await post(police, url, { reason: '   ' })).statusCode).toBe(400);
    expect((await get(outsider, url)).statusCode).toBe(404);
    const stranger = await api(
      outsider,
      'POST',
      `/api/v1${casePath()}/meetings/${meetingId}/items/${itemId}/withdrawal`,
      { reason: 'Not mine' },
    );
    expect(stranger.statusCode).toBe(404);
    const done = await post(police, url, { reason: 'The panel discussed another case' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${itemPage}?saved=withdrawn`);

    // still in the minutes, marked, with who and why; its action withdrawn with it
    const m = (await api(police, 'GET', `/api/v1/meetings/${meetingId}`)).json();
    expect(m.items).toHaveLength(1);
    expect(m.items[0].withdrawn).toMatchObject({
      by: 'Pam Police',
      reason: 'The panel discussed another case',
    });
    expect(m.items[0].actions[0].withdrawn).toMatchObject({ reason: 'The panel discussed another case' });
    const shown = textOf((await get(probation, itemPage)).body);
    expect(shown).toContain('This meeting item was withdrawn as entered in error');
    expect(shown).toContain('The panel discussed another case');
    expect(textOf((await get(probation, `/meetings/${meetingId}`)).body)).toContain('Withdrawn');
    expect(await mine()).not.toContain(actionId);
    expect((await api(police, 'GET', `/api/v1${casePath()}/actions`)).json().items).toEqual([]);
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('action')
      .where('record_id', 'in', [itemId, actionId])
      .where('action', 'like', '%.withdrawn')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['case_action.withdrawn', 'meeting_item.withdrawn']);

    // withdrawn once only, and then nothing is added to it
    const again = await api(
      police,
      'POST',
      `/api/v1${casePath()}/meetings/${meetingId}/items/${itemId}/withdrawal`,
      {
        reason: 'Again',
      },
    );
    expect(again.statusCode).toBe(409);
    const addendum = await api(police, 'POST', `/api/v1/meetings/${meetingId}/items/${itemId}/addenda`, {
      body: 'Later note',
    });
    expect(addendum.statusCode).toBe(409);
  });

  it('puts a case back on the agenda after its item was withdrawn in error, but never twice at once', async () => {
    const meetingId = (
      await api(coordinator, 'POST', '/api/v1/meetings', {
        siteId: theCase.siteId,
        date: isoIn(5),
        time: '14:00',
        recurrence: 'none',
      })
    ).json().id as string;
    const add = () =>
      api(coordinator, 'POST', `/api/v1/meetings/${meetingId}/agenda`, {
        caseId: theCase.caseId,
        reason: 'Review',
      });
    const first = await add();
    expect(first.statusCode, first.body).toBe(201);
    expect((await add()).statusCode).toBe(422);
    const itemId = first.json().id as string;
    const withdrawn = await api(
      police,
      'POST',
      `/api/v1${casePath()}/meetings/${meetingId}/items/${itemId}/withdrawal`,
      { reason: 'Added to the wrong meeting' },
    );
    expect(withdrawn.statusCode, withdrawn.body).toBeLessThan(300);
    // added again: a new item beside the withdrawn one, which stays listed, marked
    const again = await add();
    expect(again.statusCode, again.body).toBe(201);
    expect((await add()).statusCode).toBe(422);
    const items = (await api(coordinator, 'GET', `/api/v1/meetings/${meetingId}`)).json().items as {
      id: string;
      withdrawn: unknown;
    }[];
    expect(items.map((i) => [i.id, i.withdrawn === null])).toEqual(
      expect.arrayContaining([
        [itemId, false],
        [again.json().id, true],
      ]),
    );
  });
});
