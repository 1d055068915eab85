import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, textOf } from '../support/http.js';

describe.each(targets)('case pages over HTTP on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let member: TestUser;
  let outsider: TestUser;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let theCase: TestCase;
  let outsidersCase: TestCase;
  let subjectName: string;
  const { get, browserOf } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    member = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Iris Investigator',
    });
    outsider = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Otto Outsider',
    });
    coordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [site],
      displayName: 'Cora Coordinator',
    });
    otherCoordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [otherSite],
      displayName: 'Elsewhere Coordinator',
    });
    theCase = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
    // the outsider has a case of their own at the same site, so their lists are not simply empty
    outsidersCase = await t.seedCase({ site, createdBy: outsider.id, team: [outsider.id] });
    const subject = await t.db.owner
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', theCase.subjectId)
      .executeTakeFirstOrThrow();
    subjectName = `${subject.given_name} ${subject.family_name}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('who can open a case', () => {
    it('a case team member sees the case, with the subject named', async () => {
      const response = await get(member, `/cases/${theCase.caseId}`);
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain(subjectName);
      expect(text).toContain(theCase.reference);
    });

    it('someone at the same site but not on the team gets 404 (not 403) on every case page', async () => {
      for (const path of ['', '/status', '/team', '/access-log']) {
        const response = await get(outsider, `/cases/${theCase.caseId}${path}`);
        expect(response.statusCode, path || '/').toBe(404);
        expect(textOf(response.body), path || '/').not.toContain(subjectName);
        expect(response.body, path || '/').not.toContain(theCase.reference);
      }
      // and their own case opens, so the 404 is about this case, not about them
      expect((await get(outsider, `/cases/${outsidersCase.caseId}`)).statusCode).toBe(200);
    });

    it('someone not on the team cannot change its status either', async () => {
      const browser = await browserOf(outsider);
      const response = await browser.post(`/cases/${theCase.caseId}/status`, {
        decision: 'screening',
        reason: 'Trying from outside the team',
        version: 1,
      });
      expect(response.statusCode).toBe(404);
      const row = await t.db.owner
        .selectFrom('cases')
        .select(['status', 'version'])
        .where('id', '=', theCase.caseId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'referred', version: 1 });
    });

    it('the API also answers 404 to someone not on the team', async () => {
      const token = await t.apiToken(outsider.id);
      const response = await t.inject({
        method: 'GET',
        url: `/api/v1/cases/${theCase.caseId}`,
        headers: { authorization: token.authorization },
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toContain(subjectName);
      // their own case works with the same token
      const own = await t.inject({
        method: 'GET',
        url: `/api/v1/cases/${outsidersCase.caseId}`,
        headers: { authorization: token.authorization },
      });
      expect(own.statusCode).toBe(200);
    });

    it("the case is missing from the outsider's lists, page and API", async () => {
      const page = await get(outsider, '/cases');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(outsidersCase.reference);
      expect(page.body).not.toContain(theCase.reference);

      const token = await t.apiToken(outsider.id);
      const api = await t.inject({
        method: 'GET',
        url: '/api/v1/cases',
        headers: { authorization: token.authorization },
      });
      expect(api.statusCode).toBe(200);
      const refs = (api.json() as { items: { reference: string }[] }).items.map((i) => i.reference);
      expect(refs).toContain(outsidersCase.reference);
      expect(refs).not.toContain(theCase.reference);
    });

    it("the member's list has the case", async () => {
      const page = await get(member, '/cases');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(theCase.reference);
      expect(page.body).not.toContain(outsidersCase.reference);
    });

    it("another site's coordinator gets 404", async () => {
      for (const path of ['', '/status', '/team', '/access-log']) {
        const response = await get(otherCoordinator, `/cases/${theCase.caseId}${path}`);
        expect(response.statusCode, path || '/').toBe(404);
      }
      const list = await get(otherCoordinator, '/cases?scope=site');
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(theCase.reference);
    });

    it("this site's coordinator sees the case and its access log, which lists the member's earlier view", async () => {
      // the member's view comes first
      expect((await get(member, `/cases/${theCase.caseId}`)).statusCode).toBe(200);

      const overview = await get(coordinator, `/cases/${theCase.caseId}`);
      expect(overview.statusCode).toBe(200);
      expect(textOf(overview.body)).toContain(subjectName);
      expect(overview.body).toContain(`/cases/${theCase.caseId}/access-log`);

      const log = await get(coordinator, `/cases/${theCase.caseId}/access-log`);
      expect(log.statusCode).toBe(200);
      const text = textOf(log.body);
      expect(text).toContain('Access log');
      expect(text).toContain('Iris Investigator');
      expect(text).toContain('Viewed the case');
      // the outsider never got in, so they are not in the log
      expect(text).not.toContain('Otto Outsider');

      const list = await get(coordinator, '/cases?scope=site');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(theCase.reference);
      expect(list.body).toContain(outsidersCase.reference);
    });

    it('a team member who is not a coordinator gets 404 on the access log, and no link to it', async () => {
      const overview = await get(member, `/cases/${theCase.caseId}`);
      expect(overview.statusCode).toBe(200);
      expect(overview.body).not.toContain(`/cases/${theCase.caseId}/access-log`);
      const log = await get(member, `/cases/${theCase.caseId}/access-log`);
      expect(log.statusCode).toBe(404);
      expect(textOf(log.body)).not.toContain('Viewed the case');
    });

    it('a malformed or unknown case id is 404', async () => {
      for (const url of [
        '/cases/not-a-uuid',
        '/cases/not-a-uuid/status',
        '/cases/00000000-0000-4000-8000-000000000000',
      ]) {
        const response = await get(member, url);
        expect(response.statusCode, url).toBe(404);
        expect(textOf(response.body), url).toContain('Page not found');
      }
      const token = await t.apiToken(member.id);
      const api = await t.inject({
        method: 'GET',
        url: '/api/v1/cases/not-a-uuid',
        headers: { authorization: token.authorization },
      });
      expect(api.statusCode).toBe(404);
    });
  });

  describe('case team', () => {
    it('the site coordinator adds someone to the team, who can then open the case; removing them shuts it again', async () => {
      const c = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      const joiner = await t.createUser({
        role: 'stalking_advocate',
        sites: [site],
        displayName: 'Nia Newmember',
      });
      expect((await get(joiner, `/cases/${c.caseId}`)).statusCode).toBe(404);

      const browser = await browserOf(coordinator);
      const team = await browser.get(`/cases/${c.caseId}/team`);
      expect(team.statusCode).toBe(200);
      expect(team.body).toContain(`value="${joiner.id}"`);
      // only staff of this site are offered
      expect(team.body).not.toContain(`value="${otherCoordinator.id}"`);

      const added = await browser.post(`/cases/${c.caseId}/team`, { userId: joiner.id });
      expect(added.statusCode).toBe(303);
      expect(added.headers.location).toBe(`/cases/${c.caseId}/team`);
      const page = await get(joiner, `/cases/${c.caseId}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain(c.reference);

      // removing is confirmed on a page of its own (issue 11), which names who goes
      const teamPage = await browser.get(`/cases/${c.caseId}/team`);
      expect(teamPage.body).toContain(`href="/cases/${c.caseId}/team/${joiner.id}/remove"`);
      const confirm = await browser.get(`/cases/${c.caseId}/team/${joiner.id}/remove`);
      expect(confirm.statusCode).toBe(200);
      expect(textOf(confirm.body)).toMatch(/Are you sure you want to remove .+ from the case team\?/);
      expect((await get(joiner, `/cases/${c.caseId}`)).statusCode).toBe(200);
      const removed = await browser.post(`/cases/${c.caseId}/team/${joiner.id}/remove`);
      expect(removed.statusCode).toBe(303);
      expect((await get(joiner, `/cases/${c.caseId}`)).statusCode).toBe(404);
    });

    it('a team member who is not the coordinator cannot change the team', async () => {
      const c = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      const browser = await browserOf(member);
      const team = await browser.get(`/cases/${c.caseId}/team`);
      expect(team.statusCode).toBe(200);
      expect(team.body).not.toContain(`action="/cases/${c.caseId}/team"`);
      const response = await browser.post(`/cases/${c.caseId}/team`, { userId: outsider.id });
      expect(response.statusCode).toBe(403);
      const rows = await t.db.owner
        .selectFrom('case_team')
        .select('user_id')
        .where('case_id', '=', c.caseId)
        .execute();
      expect(rows).toEqual([{ user_id: member.id }]);
    });

    it('the coordinator cannot add someone from another site', async () => {
      const c = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      const elsewhere = await t.createUser({ role: 'investigating_officer', sites: [otherSite] });
      const browser = await browserOf(coordinator);
      await browser.get(`/cases/${c.caseId}/team`);
      const response = await browser.post(`/cases/${c.caseId}/team`, { userId: elsewhere.id });
      expect(response.statusCode).toBe(422);
      expect(errorSummaryOf(response.body)).toContain('Select a member of staff at this site');
      const rows = await t.db.owner
        .selectFrom('case_team')
        .select('user_id')
        .where('case_id', '=', c.caseId)
        .execute();
      expect(rows).toEqual([{ user_id: member.id }]);
    });
  });

  describe('escaping', () => {
    it('a name with markup in it is shown as text on every case page, never run', async () => {
      const c = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      const evil = '<img src=x onerror=alert(1)>';
      await t.db.owner
        .updateTable('person')
        .set({ given_name: evil, family_name: '<script>alert(2)</script>' })
        .where('id', '=', c.subjectId)
        .execute();
      for (const path of ['', '/status', '/team', '/access-log']) {
        const user = path === '/access-log' ? coordinator : member;
        const response = await get(user, `/cases/${c.caseId}${path}`);
        expect(response.statusCode, path || '/').toBe(200);
        expect(response.body, path || '/').not.toContain(evil);
        expect(response.body, path || '/').not.toContain('<script>alert(2)</script>');
        expect(response.body, path || '/').toContain('&lt;img src=x onerror=alert(1)&gt;');
      }
      const list = await get(member, '/cases');
      expect(list.body).not.toContain(evil);
      expect(list.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });
  });

  describe('audit of case views', () => {
    async function views(userId: string) {
      return t.db.owner
        .selectFrom('audit.event')
        .select(['id', 'user_id', 'case_id', 'reason', 'request_id', 'details', 'break_glass'])
        .where('action', '=', 'case.view')
        .where('user_id', '=', userId)
        .where('case_id', '=', theCase.caseId)
        .orderBy('id')
        .execute();
    }

    it('every GET of a case page writes a case.view event with the user, case, reason and request id', async () => {
      const before = await views(member.id);
      expect((await get(member, `/cases/${theCase.caseId}`)).statusCode).toBe(200);
      expect((await get(member, `/cases/${theCase.caseId}`)).statusCode).toBe(200);
      const after = await views(member.id);
      expect(after.length).toBe(before.length + 2);
      const added = after.slice(before.length);
      for (const e of added) {
        expect(e.user_id).toBe(member.id);
        expect(e.case_id).toBe(theCase.caseId);
        expect(typeof e.reason).toBe('string');
        expect(e.reason.trim()).not.toBe('');
        expect(e.request_id).toBeTruthy();
        expect(e.break_glass).toBe(false);
        expect((e.details as Record<string, unknown>).channel).toBe('page');
      }
      expect(added[0]!.request_id).not.toBe(added[1]!.request_id);
    });

    it('an API GET writes one with channel api', async () => {
      const token = await t.apiToken(member.id);
      const before = await views(member.id);
      const response = await t.inject({
        method: 'GET',
        url: `/api/v1/cases/${theCase.caseId}`,
        headers: { authorization: token.authorization },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: theCase.caseId, reference: theCase.reference });
      const after = await views(member.id);
      expect(after.length).toBe(before.length + 1);
      const e = after.at(-1)!;
      expect((e.details as Record<string, unknown>).channel).toBe('api');
      expect(e.reason.trim()).not.toBe('');
      expect(e.request_id).toBeTruthy();
    });

    it('a refused view writes no case.view event for the case', async () => {
      const before = await views(outsider.id);
      expect((await get(outsider, `/cases/${theCase.caseId}`)).statusCode).toBe(404);
      expect(await views(outsider.id)).toEqual(before);
    });
  });

  describe('status changes', () => {
    async function caseRow(caseId: string) {
      return t.db.owner
        .selectFrom('cases')
        .select(['status', 'accepted_mode', 'version'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
    }
    async function statusEvents(caseId: string) {
      return t.db.owner
        .selectFrom('case_status_event')
        .select(['from_status', 'to_status', 'accepted_mode', 'reason', 'by_user'])
        .where('case_id', '=', caseId)
        .orderBy('at')
        .execute();
    }
    /** a case decision needs the victim's voice up to date (issue 5): the advocate recorded it today */
    async function recordCurrentVoice(c: TestCase) {
      await t.db.owner
        .insertInto('victim_voice')
        .values({
          case_id: c.caseId,
          case_victim_id: c.caseVictimId,
          author_id: member.id,
          body: 'The victim’s views, recorded today',
          sharing: 'summarised',
          recorded_on: new Date().toISOString().slice(0, 10),
        })
        .execute();
    }
    /** the status page, and the version its form carries */
    async function openStatus(browser: Browser, caseId: string): Promise<string> {
      const page = await browser.get(`/cases/${caseId}/status`);
      expect(page.statusCode).toBe(200);
      const version = /name="version" value="(\d+)"/.exec(page.body)?.[1];
      expect(version).toBeDefined();
      return version!;
    }

    it('under police investigation: intervention refused (422), consultation accepted, stale version refused (409)', async () => {
      const c = await t.seedCase({
        site,
        createdBy: member.id,
        team: [member.id],
        investigationStatus: 'under_investigation',
      });
      await recordCurrentVoice(c);
      const browser = await browserOf(member);
      const version = await openStatus(browser, c.caseId);
      expect(version).toBe('1');

      const intervention = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'accepted:intervention',
        reason: 'Ready for treatment',
        version,
      });
      expect(intervention.statusCode).toBe(422);
      expect(errorSummaryOf(intervention.body)).toContain('consultation only');
      expect(await caseRow(c.caseId)).toEqual({ status: 'referred', accepted_mode: null, version: 1 });
      expect((await statusEvents(c.caseId)).length).toBe(1);

      const noReason = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'accepted:consultation',
        reason: '   ',
        version,
      });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummaryOf(noReason.body)).toContain('Enter the reason for the decision');
      expect(await caseRow(c.caseId)).toEqual({ status: 'referred', accepted_mode: null, version: 1 });

      const accepted = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'accepted:consultation',
        reason: 'Panel agreed consultation while the investigation continues',
        version,
      });
      expect(accepted.statusCode).toBe(303);
      expect(accepted.headers.location).toBe(`/cases/${c.caseId}?updated=status`);
      expect(await caseRow(c.caseId)).toEqual({
        status: 'accepted',
        accepted_mode: 'consultation',
        version: 2,
      });
      const events = await statusEvents(c.caseId);
      expect(events.length).toBe(2);
      expect(events.at(-1)).toEqual({
        from_status: 'referred',
        to_status: 'accepted',
        accepted_mode: 'consultation',
        reason: 'Panel agreed consultation while the investigation continues',
        by_user: member.id,
      });
      const shown = await browser.get(accepted.headers.location as string);
      expect(shown.statusCode).toBe(200);
      expect(textOf(shown.body)).toContain('Panel agreed consultation while the investigation continues');

      // someone still looking at version 1 decides: refused, nothing changed
      const stale = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'active',
        reason: 'Starting work',
        version,
      });
      expect(stale.statusCode).toBe(409);
      expect(errorSummaryOf(stale.body)).toMatch(/someone else changed/i);
      expect(await caseRow(c.caseId)).toEqual({
        status: 'accepted',
        accepted_mode: 'consultation',
        version: 2,
      });
      expect((await statusEvents(c.caseId)).length).toBe(2);
    });

    it('a transition the lifecycle does not allow is refused (422) and nothing changes', async () => {
      const c = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      const browser = await browserOf(member);
      const version = await openStatus(browser, c.caseId);
      for (const decision of ['active', 'closed', 'referred']) {
        const response = await browser.post(`/cases/${c.caseId}/status`, {
          decision,
          reason: 'Trying',
          version,
        });
        expect(response.statusCode, decision).toBe(422);
        expect(errorSummaryOf(response.body), decision).toContain(`cannot be moved to ${decision}`);
      }
      expect(await caseRow(c.caseId)).toEqual({ status: 'referred', accepted_mode: null, version: 1 });
      expect((await statusEvents(c.caseId)).length).toBe(1);
    });

    it('a status change writes a case.status_changed audit event', async () => {
      const c = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      await recordCurrentVoice(c);
      const browser = await browserOf(member);
      const version = await openStatus(browser, c.caseId);
      const response = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'screening',
        reason: 'Screen it',
        version,
      });
      expect(response.statusCode).toBe(303);
      const events = await t.db.owner
        .selectFrom('audit.event')
        .select(['user_id', 'reason', sql<string>`details->>'to'`.as('to')])
        .where('case_id', '=', c.caseId)
        .where('action', '=', 'case.status_changed')
        .execute();
      expect(events.length).toBe(1);
      expect(events[0]!.user_id).toBe(member.id);
      expect(events[0]!.to).toBe('screening');
      expect(events[0]!.reason.trim()).not.toBe('');
    });
  });
});
