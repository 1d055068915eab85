import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, radioValues, textOf, type Browser } from '../support/http.js';

/**
 * Issue 11, item 3: the police investigation's course is a dated history on the case, and once the
 * person is no longer under investigation the site coordinator can move a consultation case to
 * direct intervention. Before, the investigation status could not change at all.
 */
describe.each(targets)('investigation status changes on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let advocate: TestUser;
  let psychologist: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  const { get, browserOf, api } = clientsFor(() => t);
  const today = new Date().toISOString().slice(0, 10);
  const [year, month, day] = today.split('-');

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivy Officer',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    psychologist = await t.createUser({ role: 'clinical_psychologist', sites: [site] });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site], displayName: 'Cora Coord' });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function consultationCase(): Promise<TestCase> {
    const c = await t.seedCase({
      site,
      createdBy: officer.id,
      team: [officer.id, advocate.id, psychologist.id],
      investigationStatus: 'under_investigation',
    });
    await t.db.owner
      .updateTable('cases')
      .set({ status: 'active', accepted_mode: 'consultation' })
      .where('id', '=', c.caseId)
      .execute();
    await t.db.owner
      .insertInto('victim_voice')
      .values({
        case_id: c.caseId,
        case_victim_id: c.caseVictimId,
        author_id: advocate.id,
        body: 'Views recorded today',
        sharing: 'summarised',
        recorded_on: today,
      })
      .execute();
    return c;
  }

  async function versionOn(browser: Browser, url: string): Promise<string> {
    const page = await browser.get(url);
    expect(page.statusCode).toBe(200);
    return /name="version" value="(\d+)"/.exec(page.body)![1]!;
  }

  const caseRow = (id: string) =>
    t.db.owner
      .selectFrom('cases')
      .select(['status', 'accepted_mode', 'investigation_status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('the officer records the charge as a dated event; the history, overview and timeline show it', async () => {
    const c = await consultationCase();
    const browser = await browserOf(officer);
    const url = `/cases/${c.caseId}/investigation`;
    const version = await versionOn(browser, url);
    expect(radioValues((await browser.get(url)).body, 'to')).toEqual([
      'charged',
      'convicted',
      'no_further_action',
    ]);
    const saved = await browser.post(url, {
      to: 'charged',
      'effectiveOn-day': day!,
      'effectiveOn-month': month!,
      'effectiveOn-year': year!,
      reason: 'Charged with s4A stalking; first hearing at Southampton magistrates',
      version,
    });
    expect(saved.statusCode).toBe(303);
    expect(await caseRow(c.caseId)).toMatchObject({ investigation_status: 'charged', version: 2 });
    const history = textOf((await browser.get(url)).body);
    expect(history).toContain('The person is charged');
    expect(history).toContain('Charged with s4A stalking');
    expect(history).toContain('recorded by Ivy Officer');
    expect(textOf((await get(officer, `/cases/${c.caseId}`)).body)).toMatch(/Investigation\s+Charged/);
    const timeline = textOf((await get(psychologist, `/cases/${c.caseId}/timeline`)).body);
    expect(timeline).toContain('Investigation: Charged');
    // the API lists the same history
    const listed = await api(officer, 'GET', `/api/v1${url}`);
    expect(listed.statusCode).toBe(200);
    expect(JSON.parse(listed.body).items).toEqual([
      expect.objectContaining({ from: 'under_investigation', to: 'charged', effectiveOn: today }),
    ]);
  });

  it('bad input is refused with the field named and nothing saved', async () => {
    const c = await consultationCase();
    const browser = await browserOf(officer);
    const url = `/cases/${c.caseId}/investigation`;
    const version = await versionOn(browser, url);
    const cases: [Record<string, string>, number, string, string][] = [
      [
        { 'effectiveOn-day': '25', 'effectiveOn-month': '13', 'effectiveOn-year': '2026' },
        400,
        '#effectiveOn-month', // the part in error
        'real date',
      ],
      [
        { 'effectiveOn-day': '1', 'effectiveOn-month': '1', 'effectiveOn-year': String(Number(year) + 1) },
        400,
        '#effectiveOn-day',
        'today or in the past',
      ],
      [
        { 'effectiveOn-day': '1', 'effectiveOn-month': '1', 'effectiveOn-year': '2001' },
        422,
        '#effectiveOn-day',
        'on or after the date the case was referred',
      ],
    ];
    for (const [date, status, href, message] of cases) {
      const response = await browser.post(url, { to: 'charged', reason: 'Charged', version, ...date });
      expect(response.statusCode, JSON.stringify(date)).toBe(status);
      expect(errorSummaryOf(response.body)).toContain(message);
      expect(response.body).toContain(`href="${href}"`);
    }
    const sameStatus = await browser.post(url, {
      to: 'under_investigation',
      'effectiveOn-day': day!,
      'effectiveOn-month': month!,
      'effectiveOn-year': year!,
      reason: 'No change',
      version,
    });
    expect(sameStatus.statusCode).toBe(422);
    expect(errorSummaryOf(sameStatus.body)).toContain('already “Under police investigation”');
    expect(await caseRow(c.caseId)).toMatchObject({
      investigation_status: 'under_investigation',
      version: 1,
    });
    const events = await t.db.owner
      .selectFrom('investigation_status_event')
      .select('id')
      .where('case_id', '=', c.caseId)
      .execute();
    expect(events).toEqual([]);
  });

  it('a stale save is refused (409) showing the status now, not applied over the top', async () => {
    const c = await consultationCase();
    const first = await browserOf(officer);
    const second = await browserOf(coordinator);
    const url = `/cases/${c.caseId}/investigation`;
    const v1 = await versionOn(first, url);
    const v2 = await versionOn(second, url);
    const form = { 'effectiveOn-day': day!, 'effectiveOn-month': month!, 'effectiveOn-year': year! };
    expect(
      (await first.post(url, { ...form, to: 'charged', reason: 'Charged', version: v1 })).statusCode,
    ).toBe(303);
    const stale = await second.post(url, { ...form, to: 'no_further_action', reason: 'NFA', version: v2 });
    expect(stale.statusCode).toBe(409);
    expect(errorSummaryOf(stale.body)).toContain('now “Charged”');
    expect(await caseRow(c.caseId)).toMatchObject({ investigation_status: 'charged', version: 2 });
  });

  it('the advocate and health team read the history but may not record a change (no form; 403)', async () => {
    const c = await consultationCase();
    const url = `/cases/${c.caseId}/investigation`;
    for (const user of [advocate, psychologist]) {
      const page = await get(user, url);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('name="effectiveOn-day"');
      const browser = await browserOf(user);
      await browser.get(url);
      const refused = await browser.post(url, {
        to: 'charged',
        'effectiveOn-day': day!,
        'effectiveOn-month': month!,
        'effectiveOn-year': year!,
        reason: 'Charged',
        version: '1',
      });
      expect(refused.statusCode).toBe(403);
    }
    // someone not on the case does not find it at all
    expect((await get(outsider, url)).statusCode).toBe(404);
    expect((await api(outsider, 'GET', `/api/v1${url}`)).statusCode).toBe(404);
    expect(await caseRow(c.caseId)).toMatchObject({
      investigation_status: 'under_investigation',
      version: 1,
    });
  });

  it('the coordinator moves a consultation case to direct intervention once the person is charged, not before', async () => {
    const c = await consultationCase();
    const browser = await browserOf(coordinator);
    const statusUrl = `/cases/${c.caseId}/status`;
    // under investigation: the move is not offered, and a forged post is refused
    expect(radioValues((await browser.get(statusUrl)).body, 'decision')).not.toContain('active:intervention');
    const early = await browser.post(statusUrl, {
      decision: 'active:intervention',
      reason: 'Ready',
      version: await versionOn(browser, statusUrl),
    });
    expect(early.statusCode).toBe(422);
    expect(errorSummaryOf(early.body)).toContain('under police investigation');
    expect(await caseRow(c.caseId)).toMatchObject({ status: 'active', accepted_mode: 'consultation' });

    const officerBrowser = await browserOf(officer);
    const url = `/cases/${c.caseId}/investigation`;
    await officerBrowser.post(url, {
      to: 'charged',
      'effectiveOn-day': day!,
      'effectiveOn-month': month!,
      'effectiveOn-year': year!,
      reason: 'Charged',
      version: await versionOn(officerBrowser, url),
    });

    // a team member who is not the coordinator is not offered the move, and is refused it
    const officerStatus = await officerBrowser.get(statusUrl);
    expect(radioValues(officerStatus.body, 'decision')).not.toContain('active:intervention');
    const notCoordinator = await officerBrowser.post(statusUrl, {
      decision: 'active:intervention',
      reason: 'Ready',
      version: await versionOn(officerBrowser, statusUrl),
    });
    expect(notCoordinator.statusCode).toBe(403);

    expect(radioValues((await browser.get(statusUrl)).body, 'decision')).toContain('active:intervention');
    const moved = await browser.post(statusUrl, {
      decision: 'active:intervention',
      reason: 'Charged; the panel agreed direct intervention',
      version: await versionOn(browser, statusUrl),
    });
    expect(moved.statusCode).toBe(303);
    expect(await caseRow(c.caseId)).toMatchObject({ status: 'active', accepted_mode: 'intervention' });
    const timeline = textOf((await get(coordinator, `/cases/${c.caseId}/timeline`)).body);
    expect(timeline).toContain('Moved to direct intervention');
    expect(timeline).toContain('Charged; the panel agreed direct intervention');
    // and it is not offered again
    expect(radioValues((await browser.get(statusUrl)).body, 'decision')).not.toContain('active:intervention');
  });
});
