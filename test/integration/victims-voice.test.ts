import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, textOf, type Response } from '../support/http.js';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y };
};

describe.each(targets)('victims, the victim’s voice and the contact log on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let clinician: TestUser;
  let police: TestUser;
  let caseA: TestCase;
  let caseB: TestCase;
  const { browserOf, api } = clientsFor(() => t);
  async function addVoice(
    browser: Browser,
    c: TestCase,
    body: string,
    sharing: string,
    recordedOn: string,
  ): Promise<Response> {
    await browser.get(`/cases/${c.caseId}/voice`);
    return browser.post(`/cases/${c.caseId}/voice`, {
      caseVictimId: c.caseVictimId,
      topic: 'own_safety',
      body,
      sharing,
      ...dateParts('recordedOn', recordedOn),
    });
  }

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    clinician = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Cleo Clinician',
    });
    police = await t.createUser({ role: 'investigating_officer', sites: [site], displayName: 'Pat Police' });
    const team = [advocate.id, clinician.id, police.id];
    caseA = await t.seedCase({ site, createdBy: police.id, team });
    caseB = await t.seedCase({ site, createdBy: police.id, team });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('victims on a case', () => {
    it('links a victim already on one case to a second case, found by name', async () => {
      const victimName = await t.db.owner
        .selectFrom('person')
        .select(['given_name', 'family_name'])
        .where('id', '=', caseA.victimId)
        .executeTakeFirstOrThrow();
      const browser = await browserOf(advocate);
      const search = await browser.get(
        `/cases/${caseB.caseId}/victims/add?q=${encodeURIComponent(victimName.family_name)}`,
      );
      expect(search.statusCode).toBe(200);
      expect(search.body).toContain(`value="${caseA.victimId}"`);
      const added = await browser.post(`/cases/${caseB.caseId}/victims/add`, {
        personId: caseA.victimId,
        kind: 'victim',
        relationship: 'ex_intimate',
        advocateId: advocate.id,
      });
      expect(added.statusCode).toBe(303);
      const links = await t.db.owner
        .selectFrom('case_victim')
        .select(['case_id', 'advocate_id', 'added_by'])
        .where('victim_id', '=', caseA.victimId)
        .execute();
      expect(links.map((l) => l.case_id).sort()).toEqual([caseA.caseId, caseB.caseId].sort());
      expect(links.find((l) => l.case_id === caseB.caseId)).toMatchObject({
        advocate_id: advocate.id,
        added_by: advocate.id,
      });
      // linking the same person twice is refused, clearly
      const again = await browser.post(`/cases/${caseB.caseId}/victims/add`, {
        personId: caseA.victimId,
        kind: 'victim',
        relationship: 'ex_intimate',
      });
      expect(again.statusCode).toBe(422);
      expect(errorSummaryOf(again.body)).toContain('already on this case');
    });

    it('adds a new proxy victim on the page and a third party through the API', async () => {
      const browser = await browserOf(advocate);
      await browser.get(`/cases/${caseB.caseId}/victims/add`);
      const missing = await browser.post(`/cases/${caseB.caseId}/victims/add`, {
        personId: 'new',
        givenName: '',
        familyName: 'Proxy',
        kind: 'proxy',
        relationship: 'family',
      });
      expect(missing.statusCode).toBe(400);
      expect(errorSummaryOf(missing.body)).toContain('Enter the first name');
      const added = await browser.post(`/cases/${caseB.caseId}/victims/add`, {
        personId: 'new',
        givenName: 'Polly',
        familyName: 'Proxy',
        kind: 'proxy',
        relationship: 'family',
      });
      expect(added.statusCode).toBe(303);

      const third = await api(police, 'POST', `/api/v1/cases/${caseB.caseId}/victims`, {
        givenName: 'Theo',
        familyName: 'Thirdparty',
        kind: 'third_party',
        relationship: 'work',
      });
      expect(third.statusCode).toBe(201);

      const list = await api(clinician, 'GET', `/api/v1/cases/${caseB.caseId}/victims`);
      expect(list.statusCode).toBe(200);
      const items = list.json().items as { familyName: string; kind: string; contact?: unknown }[];
      expect(items.map((i) => [i.familyName, i.kind])).toEqual(
        expect.arrayContaining([
          ['Proxy', 'proxy'],
          ['Thirdparty', 'third_party'],
        ]),
      );
      // the clinician is not given contact details at all
      expect(items.every((i) => !('contact' in i))).toBe(true);

      const page = await (await browserOf(clinician)).get(`/cases/${caseB.caseId}/victims`);
      expect(textOf(page.body)).toContain('Proxy victim');
      expect(textOf(page.body)).toContain('Third party');
    });

    it('keeps safe-contact preferences with the encrypted contact details, for the advocate and police only', async () => {
      const put = await api(
        advocate,
        'PUT',
        `/api/v1/cases/${caseA.caseId}/victims/${caseA.caseVictimId}/contact`,
        {
          phone: '01632 960 001',
          safeMethods: ['text', 'letter'],
          safeTimes: 'Weekdays 10am to 2pm',
          messagesMayBeLeft: 'no',
          neverTell: 'Never tell her brother where she lives',
        },
      );
      expect(put.statusCode).toBe(204);
      const seen = await api(police, 'GET', `/api/v1/cases/${caseA.caseId}/victims`);
      const contact = (seen.json().items as { id: string; contact: Record<string, unknown> }[]).find(
        (i) => i.id === caseA.caseVictimId,
      )!.contact;
      expect(contact).toMatchObject({
        safeMethods: ['text', 'letter'],
        messagesMayBeLeft: 'no',
        neverTell: 'Never tell her brother where she lives',
        safeContactNotes: '',
      });
      const page = await (await browserOf(advocate)).get(`/cases/${caseA.caseId}/victims`);
      expect(textOf(page.body)).toContain('Never tell her brother where she lives');
      const clinicianPage = await (await browserOf(clinician)).get(`/cases/${caseA.caseId}/victims`);
      expect(clinicianPage.body).not.toContain('Never tell her brother');
    });

    it('changes the advocate assigned to a victim', async () => {
      const other = await t.createUser({
        role: 'stalking_advocate',
        sites: [site],
        displayName: 'Otto Advocate',
      });
      const browser = await browserOf(police);
      await browser.get(`/cases/${caseA.caseId}/victims`);
      const changed = await browser.post(`/cases/${caseA.caseId}/victims/${caseA.caseVictimId}/advocate`, {
        advocateId: other.id,
      });
      expect(changed.statusCode).toBe(303);
      const row = await t.db.owner
        .selectFrom('case_victim')
        .select('advocate_id')
        .where('id', '=', caseA.caseVictimId)
        .executeTakeFirstOrThrow();
      expect(row.advocate_id).toBe(other.id);
      // someone who is not an advocate cannot be assigned
      const wrong = await browser.post(`/cases/${caseA.caseId}/victims/${caseA.caseVictimId}/advocate`, {
        advocateId: clinician.id,
      });
      expect(wrong.statusCode).toBe(422);
    });
  });

  describe('the victim’s voice', () => {
    it('refuses a date in the future', async () => {
      const response = await addVoice(
        await browserOf(advocate),
        caseA,
        'Tomorrow',
        'verbatim',
        new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
      );
      expect(response.statusCode).toBe(400);
      expect(errorSummaryOf(response.body)).toContain('cannot be in the future');
    });

    it('shows the latest shared voice on the overview, and keeps what is not to be shared with the advocate', async () => {
      const browser = await browserOf(advocate);
      expect(
        (await addVoice(browser, caseA, 'OLDER shared wish', 'summarised', daysAgo(10))).statusCode,
      ).toBe(303);
      expect((await addVoice(browser, caseA, 'NEWEST shared wish', 'verbatim', daysAgo(5))).statusCode).toBe(
        303,
      );
      expect(
        (await addVoice(browser, caseA, 'SECRET fear not to share', 'not_shared', today())).statusCode,
      ).toBe(303);

      // the advocate sees the entry marked, on the voice page and in the API
      const advocatePage = await browser.get(`/cases/${caseA.caseId}/voice`);
      expect(textOf(advocatePage.body)).toContain('SECRET fear not to share');
      expect(textOf(advocatePage.body)).toContain('Not to be shared');
      const advocateApi = await api(advocate, 'GET', `/api/v1/cases/${caseA.caseId}/voice`);
      expect(
        (advocateApi.json().items as { body: string; sharing: string }[]).map((i) => i.sharing),
      ).toContain('not_shared');

      // a clinician on the team: not on the page, not in the API, not even in SQL
      const clinicianBrowser = await browserOf(clinician);
      const clinicianPage = await clinicianBrowser.get(`/cases/${caseA.caseId}/voice`);
      expect(clinicianPage.statusCode).toBe(200);
      expect(clinicianPage.body).toContain('NEWEST shared wish');
      expect(clinicianPage.body).not.toContain('SECRET');
      const clinicianApi = await api(clinician, 'GET', `/api/v1/cases/${caseA.caseId}/voice`);
      expect(clinicianApi.body).not.toContain('SECRET');
      expect(clinicianApi.json().items).toHaveLength(2);
      const rows = await t.asUser(
        clinician.id,
        async (tx) =>
          (
            await sql<{
              body: string;
            }>`select body from victim_voice where case_id = ${caseA.caseId}`.execute(tx)
          ).rows,
      );
      expect(rows.map((r) => r.body).sort()).toEqual(['NEWEST shared wish', 'OLDER shared wish']);
      // police read the contact details but do not hold them: not shared with them either
      const policeApi = await api(police, 'GET', `/api/v1/cases/${caseA.caseId}/voice`);
      expect(policeApi.body).not.toContain('SECRET');

      // the overview: the latest shared entry, for everyone who reads the voice, advocate included
      for (const user of [clinician, advocate]) {
        const overview = await (await browserOf(user)).get(`/cases/${caseA.caseId}`);
        const text = textOf(overview.body);
        expect(text).toContain('NEWEST shared wish');
        expect(text).not.toContain('OLDER shared wish');
        expect(text).not.toContain('SECRET');
        expect(text).not.toContain('01632 960 001');
      }
    });
  });

  describe('a case decision needs the victim’s voice up to date', () => {
    it('is refused without a reason when the voice is stale, accepted with one, and the reason is in the history', async () => {
      const c = await t.seedCase({
        site,
        createdBy: police.id,
        team: [advocate.id, clinician.id, police.id],
      });
      const browser = await browserOf(police);
      // an entry older than the site's period does not count
      expect(
        (await addVoice(await browserOf(advocate), c, 'Old views', 'summarised', daysAgo(40))).statusCode,
      ).toBe(303);
      const page = await browser.get(`/cases/${c.caseId}/status`);
      expect(textOf(page.body)).toContain('not up to date');
      expect(page.body).toContain('name="voiceReason"');

      const refused = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'screening',
        reason: 'Start screening',
        version: 1,
      });
      expect(refused.statusCode).toBe(422);
      expect(errorSummaryOf(refused.body)).toContain('Enter the reason the victim’s voice is not up to date');
      const unchanged = await t.db.owner
        .selectFrom('cases')
        .select('status')
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      expect(unchanged.status).toBe('referred');

      const accepted = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'screening',
        reason: 'Start screening',
        voiceReason: 'The advocate could not reach the victim this month',
        version: 1,
      });
      expect(accepted.statusCode).toBe(303);
      const event = await t.db.owner
        .selectFrom('case_status_event')
        .select('voice_not_current_reason')
        .where('case_id', '=', c.caseId)
        .where('to_status', '=', 'screening')
        .executeTakeFirstOrThrow();
      expect(event.voice_not_current_reason).toBe('The advocate could not reach the victim this month');
      const overview = await browser.get(`/cases/${c.caseId}`);
      expect(textOf(overview.body)).toContain('The advocate could not reach the victim this month');

      // a not-to-be-shared entry recorded today makes the voice current, without showing anyone what it says
      expect(
        (await addVoice(await browserOf(advocate), c, 'Private today', 'not_shared', today())).statusCode,
      ).toBe(303);
      const current = await browser.get(`/cases/${c.caseId}/status`);
      expect(current.body).not.toContain('name="voiceReason"');
      expect(current.body).not.toContain('Private today');
      const decided = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'declined',
        reason: 'Not suitable',
        version: 2,
      });
      expect(decided.statusCode).toBe(303);
      const voiceCurrent = await t.asUser(
        clinician.id,
        async (tx) =>
          (
            await sql<{ ok: boolean }>`select recolo_private.voice_current(${c.caseId}::uuid) as ok`.execute(
              tx,
            )
          ).rows[0]!.ok,
      );
      expect(voiceCurrent).toBe(true);
    });

    it('asks nothing of a case with no victims', async () => {
      const c = await t.seedCase({ site, createdBy: police.id, team: [police.id] });
      await t.db.owner.deleteFrom('case_victim').where('case_id', '=', c.caseId).execute();
      const browser = await browserOf(police);
      await browser.get(`/cases/${c.caseId}/status`);
      const decided = await browser.post(`/cases/${c.caseId}/status`, {
        decision: 'screening',
        reason: 'Start screening',
        version: 1,
      });
      expect(decided.statusCode).toBe(303);
    });
  });

  describe('the contact log', () => {
    it('the advocate records contacts; future dates are refused', async () => {
      const browser = await browserOf(advocate);
      const page = await browser.get(`/cases/${caseA.caseId}/contact-log`);
      expect(page.statusCode).toBe(200);
      const future = await browser.post(`/cases/${caseA.caseId}/contact-log`, {
        caseVictimId: caseA.caseVictimId,
        ...dateParts('contactedOn', new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)),
        method: 'phone',
        contactWith: 'The victim',
        summary: 'Future call',
        victimUpdated: 'yes',
      });
      expect(future.statusCode).toBe(400);
      expect(errorSummaryOf(future.body)).toContain('cannot be in the future');
      const added = await browser.post(`/cases/${caseA.caseId}/contact-log`, {
        caseVictimId: caseA.caseVictimId,
        ...dateParts('contactedOn', daysAgo(2)),
        method: 'phone',
        contactWith: 'The victim',
        summary: 'CONTACT-SUMMARY told her about the panel decision',
        victimUpdated: 'yes',
      });
      expect(added.statusCode).toBe(303);
      const viaApi = await api(advocate, 'POST', `/api/v1/cases/${caseA.caseId}/contact-log`, {
        caseVictimId: caseA.caseVictimId,
        contactedOn: daysAgo(1),
        method: 'text_message',
        contactWith: 'The victim',
        summary: 'Checked in; no update given',
        victimUpdated: false,
      });
      expect(viaApi.statusCode).toBe(201);
    });

    it('is hidden from a clinician (404) and readable, not writable, by the police', async () => {
      const clinicianBrowser = await browserOf(clinician);
      expect((await clinicianBrowser.get(`/cases/${caseA.caseId}/contact-log`)).statusCode).toBe(404);
      expect((await api(clinician, 'GET', `/api/v1/cases/${caseA.caseId}/contact-log`)).statusCode).toBe(404);
      const overview = await clinicianBrowser.get(`/cases/${caseA.caseId}`);
      expect(textOf(overview.body)).not.toContain('Victim last updated');
      expect(overview.body).not.toContain('/contact-log');
      const rows = await t.asUser(
        clinician.id,
        async (tx) => (await sql`select id from victim_contact_log`.execute(tx)).rows,
      );
      expect(rows).toHaveLength(0);

      const policeApi = await api(police, 'GET', `/api/v1/cases/${caseA.caseId}/contact-log`);
      expect(policeApi.statusCode).toBe(200);
      expect(policeApi.body).toContain('CONTACT-SUMMARY');
      const policeWrite = await api(police, 'POST', `/api/v1/cases/${caseA.caseId}/contact-log`, {
        caseVictimId: caseA.caseVictimId,
        contactedOn: today(),
        method: 'phone',
        contactWith: 'The victim',
        summary: 'Police call',
        victimUpdated: true,
      });
      expect(policeWrite.statusCode).toBe(403);
      const policeOverview = await (await browserOf(police)).get(`/cases/${caseA.caseId}`);
      const d = new Date(Date.now() - 2 * 86_400_000);
      const expected = d.toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
      expect(textOf(policeOverview.body)).toContain(`Victim last updated on ${expected}`);
    });
  });
});
