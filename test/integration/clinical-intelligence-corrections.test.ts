import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, type Browser } from '../support/http.js';

/**
 * Issue 11 for the records only one profession reads: a clinical note (the health team) and a
 * police intelligence entry (police on the case) are corrected with a reason, each correction kept
 * with what changed; a stale save is refused naming what changed since; a save that changes nothing
 * is refused; either is withdrawn as entered in error after a confirmation page, leaving the list but
 * kept, marked, on its own page. Their history is exactly as restricted as they are: police never
 * see a clinical note's history, the health team never an intelligence entry's, the site
 * coordinator neither, and break-glass reads but never corrects.
 */
describe.each(targets)('correcting clinical notes and police intelligence on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychiatrist: TestUser;
  let psychologist: TestUser;
  let officer: TestUser;
  let coordinator: TestUser;
  let advocate: TestUser;
  let visitingClinician: TestUser;
  let c: TestCase;
  let noteId: string;
  let entryId: string;
  const { get, browserOf, api } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    psychiatrist = await t.createUser({
      role: 'forensic_psychiatrist',
      sites: [site],
      displayName: 'Priya Psychiatrist',
    });
    psychologist = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Colm Psychologist',
    });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivo Officer',
    });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    visitingClinician = await t.createUser({ role: 'forensic_psychologist', sites: [site] });
    c = await t.seedCase({
      site,
      createdBy: officer.id,
      team: [psychiatrist.id, psychologist.id, officer.id, advocate.id],
    });
    const note = await api(psychiatrist, 'POST', `/api/v1/cases/${c.caseId}/clinical`, {
      body: 'Prescribed sertraline 5 mg daily.',
    });
    expect(note.statusCode, note.body).toBe(201);
    noteId = JSON.parse(note.body).id;
    const entry = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/intelligence`, {
      body: 'ANPR: his car near her home on four evenings.',
      handling: 'police_only',
    });
    expect(entry.statusCode, entry.body).toBe(201);
    entryId = JSON.parse(entry.body).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const noteUrl = () => `/cases/${c.caseId}/clinical/${noteId}`;
  const entryUrl = () => `/cases/${c.caseId}/intelligence/${entryId}`;
  const hiddenVersion = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
  const textarea = (html: string, name: string) =>
    new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1]?.trim() ?? '';

  async function openForm(browser: Browser, url: string) {
    const page = await browser.get(`${url}/amend`);
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    return { body: textarea(page.body, 'body'), version: hiddenVersion(page.body), html: page.body };
  }

  describe('clinical notes', () => {
    it('the author corrects a note with a reason, from the note as it stands; the history shows it to the health team', async () => {
      const browser = await browserOf(psychiatrist);
      const form = await openForm(browser, noteUrl());
      expect(form).toMatchObject({ body: 'Prescribed sertraline 5 mg daily.', version: '1' });
      expect(form.html).toContain('govuk-character-count');
      const saved = await browser.post(`${noteUrl()}/amend`, {
        body: 'Prescribed sertraline 50 mg daily.',
        version: form.version,
        reason: 'The dose was 50 mg, not 5 mg',
      });
      expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
      const page = textOf((await get(psychologist, noteUrl())).body);
      expect(page).toContain('Prescribed sertraline 50 mg daily.');
      expect(page).toContain('The dose was 50 mg, not 5 mg');
      expect(page).toMatch(/Note\s+Prescribed sertraline 5 mg daily\.\s+Prescribed sertraline 50 mg daily\./);
      expect(page).toContain('Priya Psychiatrist');
      const history = JSON.parse(
        (await api(psychologist, 'GET', `/api/v1/cases/${c.caseId}/clinical/${noteId}/amendments`)).body,
      );
      expect(history).toMatchObject({
        version: 2,
        items: [
          {
            versionAfter: 2,
            reason: 'The dose was 50 mg, not 5 mg',
            by: 'Priya Psychiatrist',
            changes: {
              body: { from: 'Prescribed sertraline 5 mg daily.', to: 'Prescribed sertraline 50 mg daily.' },
            },
          },
        ],
      });
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'clinical_note.amended')
        .where('case_id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      // the field's name, never the note
      expect(audit.details).toEqual({ fields: 'body', channel: 'page' });
      // opening the form shows the note: a view, audited as one
      const opened = await t.db.owner
        .selectFrom('audit.event')
        .select(['details', 'record_id'])
        .where('action', '=', 'clinical_note.view')
        .where('user_id', '=', psychiatrist.id)
        .execute();
      expect(opened).toContainEqual({ record_id: noteId, details: { channel: 'page', form: 'amend' } });
    });

    it('refuses a stale save naming what changed, a save that changes nothing, and one without a reason', async () => {
      const browser = await browserOf(psychiatrist);
      const stale = await browser.post(`${noteUrl()}/amend`, {
        body: 'Prescribed sertraline 100 mg daily.',
        version: '1',
        reason: 'From an old page',
      });
      expect(stale.statusCode).toBe(409);
      expect(errorSummaryOf(stale.body)).toContain('Note changed');
      const form = await openForm(browser, noteUrl());
      const unchanged = await browser.post(`${noteUrl()}/amend`, {
        body: form.body,
        version: form.version,
        reason: 'No change',
      });
      expect(unchanged.statusCode).toBe(422);
      expect(errorSummaryOf(unchanged.body)).toContain('Change at least one detail');
      const noReason = await browser.post(`${noteUrl()}/amend`, {
        body: 'Something else',
        version: form.version,
        reason: '',
      });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummaryOf(noReason.body)).toContain('Enter why the clinical note is being corrected');
      const staleApi = await api(
        psychiatrist,
        'POST',
        `/api/v1/cases/${c.caseId}/clinical/${noteId}/amendments`,
        {
          body: 'Prescribed sertraline 100 mg daily.',
          version: 1,
          reason: 'Old version',
        },
      );
      expect(staleApi.statusCode).toBe(409);
      const note = await t.db.owner
        .selectFrom('clinical_note')
        .select(['body', 'version'])
        .where('id', '=', noteId)
        .executeTakeFirstOrThrow();
      expect(note).toEqual({ body: 'Prescribed sertraline 50 mg daily.', version: 2 });
    });

    it('only the author corrects a note; a colleague is told to add their own, and may still withdraw it', async () => {
      const page = await get(psychologist, noteUrl());
      expect(textOf(page.body)).not.toContain('Correct this note');
      expect(textOf(page.body)).toContain('Withdraw this note (entered in error)');
      expect((await get(psychologist, `${noteUrl()}/amend`)).statusCode).toBe(403);
      const refused = await api(
        psychologist,
        'POST',
        `/api/v1/cases/${c.caseId}/clinical/${noteId}/amendments`,
        {
          body: 'My view of the dose',
          version: 2,
          reason: 'I disagree',
        },
      );
      expect(refused.statusCode).toBe(403);
      expect(JSON.parse(refused.body).detail).toContain('Add a note of your own');
    });

    it('police, the advocate and the site coordinator see neither the note nor its history; break-glass reads but never corrects', async () => {
      for (const who of [officer, advocate, coordinator]) {
        expect((await get(who, noteUrl())).statusCode).toBe(404);
        expect(
          (await api(who, 'GET', `/api/v1/cases/${c.caseId}/clinical/${noteId}/amendments`)).statusCode,
        ).toBe(404);
        expect((await get(who, `${noteUrl()}/withdraw`)).statusCode).toBe(404);
      }
      // and the database shows them no history rows either
      for (const who of [officer, coordinator]) {
        const rows = await t.asUser(who.id, (tx) =>
          tx.selectFrom('clinical_note_amendment').select('id').execute(),
        );
        expect(rows).toEqual([]);
      }
      const now = Date.now();
      await t.db.owner
        .insertInto('break_glass_grant')
        .values({
          case_id: c.caseId,
          user_id: visitingClinician.id,
          reason_code: 'urgent_safeguarding',
          reason_text: 'out of hours call',
          granted_at: new Date(now - 60_000),
          expires_at: new Date(now + 3_600_000),
        })
        .execute();
      const glass = await get(visitingClinician, noteUrl());
      expect(glass.statusCode).toBe(200);
      expect(textOf(glass.body)).toContain('The dose was 50 mg, not 5 mg');
      expect(textOf(glass.body)).not.toContain('Withdraw this note');
      expect((await get(visitingClinician, `${noteUrl()}/amend`)).statusCode).toBe(403);
      const withdraw = await api(
        visitingClinician,
        'POST',
        `/api/v1/cases/${c.caseId}/clinical/${noteId}/withdrawal`,
        {
          reason: 'Not mine to do',
        },
      );
      expect(withdraw.statusCode).toBe(403);
    });

    it('a colleague withdraws the note after a confirmation page: it leaves the list, stays marked on its page, and is audited', async () => {
      const browser = await browserOf(psychologist);
      const confirm = await browser.get(`${noteUrl()}/withdraw`);
      expect(textOf(confirm.body)).toContain('Withdraw this clinical note as entered in error?');
      const viewed = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'clinical_note.view')
        .where('user_id', '=', psychologist.id)
        .where('record_id', '=', noteId)
        .execute();
      expect(viewed.map((v) => v.details)).toContainEqual({ channel: 'page', form: 'withdraw' });
      const done = await browser.post(`${noteUrl()}/withdraw`, { reason: 'Written on the wrong case' });
      expect(done.statusCode).toBe(303);
      const list = textOf((await get(psychiatrist, `/cases/${c.caseId}/clinical`)).body);
      expect(list).not.toContain('Prescribed sertraline');
      expect(list).toContain('1 note withdrawn as entered in error');
      const apiList = JSON.parse((await api(psychiatrist, 'GET', `/api/v1/cases/${c.caseId}/clinical`)).body);
      expect(apiList.items).toEqual([]);
      const own = textOf((await get(psychiatrist, noteUrl())).body);
      expect(own).toContain('This clinical note was withdrawn as entered in error');
      expect(own).toContain('Written on the wrong case');
      expect(own).toContain('The dose was 50 mg, not 5 mg');
      expect(own).not.toContain('Correct this note');
      expect((await get(psychiatrist, `${noteUrl()}/amend`)).statusCode).toBe(409);
      const detail = JSON.parse(
        (await api(psychiatrist, 'GET', `/api/v1/cases/${c.caseId}/clinical/${noteId}`)).body,
      );
      expect(detail.withdrawn).toMatchObject({
        reason: 'Written on the wrong case',
        by: 'Colm Psychologist',
      });
      const again = await api(
        psychiatrist,
        'POST',
        `/api/v1/cases/${c.caseId}/clinical/${noteId}/withdrawal`,
        {
          reason: 'Twice',
        },
      );
      expect(again.statusCode).toBe(409);
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select(['action', 'user_id'])
        .where('case_id', '=', c.caseId)
        .where('action', '=', 'clinical_note.withdrawn')
        .execute();
      expect(audit).toEqual([{ action: 'clinical_note.withdrawn', user_id: psychologist.id }]);
    });
  });

  describe('police intelligence', () => {
    it('an officer corrects the text and the handling; the history names the handling in words', async () => {
      const browser = await browserOf(officer);
      const form = await openForm(browser, entryUrl());
      expect(form).toMatchObject({ body: 'ANPR: his car near her home on four evenings.', version: '1' });
      expect(form.html).toMatch(/value="police_only"[^>]*checked/);
      const saved = await browser.post(`${entryUrl()}/amend`, {
        body: 'ANPR: his car near her home on five evenings.',
        handling: 'may_be_summarised',
        version: form.version,
        reason: 'A fifth sighting was on the same report',
      });
      expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
      const page = textOf((await get(officer, entryUrl())).body);
      expect(page).toMatch(/Handling\s+Police only\s+May be summarised for the multi-agency panel/);
      expect(page).toContain('A fifth sighting was on the same report');
      const unchanged = await browser.post(`${entryUrl()}/amend`, {
        body: 'ANPR: his car near her home on five evenings.',
        handling: 'may_be_summarised',
        version: '2',
        reason: 'Nothing',
      });
      expect(unchanged.statusCode).toBe(422);
      const stale = await api(
        officer,
        'POST',
        `/api/v1/cases/${c.caseId}/intelligence/${entryId}/amendments`,
        {
          body: 'ANPR: six evenings',
          handling: 'police_only',
          version: 1,
          reason: 'Old page',
        },
      );
      expect(stale.statusCode).toBe(409);
      expect(JSON.parse(stale.body).detail).toContain('Intelligence, Handling changed');
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'police_intelligence.amended')
        .where('case_id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ fields: 'body,handling', channel: 'page' });
    });

    it('the health team, the advocate and the site coordinator see neither the entry nor its history', async () => {
      for (const who of [psychiatrist, advocate, coordinator]) {
        expect((await get(who, entryUrl())).statusCode).toBe(404);
        expect(
          (await api(who, 'GET', `/api/v1/cases/${c.caseId}/intelligence/${entryId}/amendments`)).statusCode,
        ).toBe(404);
        const rows = await t.asUser(who.id, (tx) =>
          tx.selectFrom('police_intelligence_amendment').select('id').execute(),
        );
        expect(rows).toEqual([]);
      }
      const officerRows = await t.asUser(officer.id, (tx) =>
        tx.selectFrom('police_intelligence_amendment').select('id').execute(),
      );
      expect(officerRows).toHaveLength(1);
    });

    it('withdraws an entry through the API: gone from the list, kept marked on its page', async () => {
      const done = await api(
        officer,
        'POST',
        `/api/v1/cases/${c.caseId}/intelligence/${entryId}/withdrawal`,
        {
          reason: 'Belongs to another investigation',
        },
      );
      expect(done.statusCode, done.body).toBe(204);
      const list = textOf((await get(officer, `/cases/${c.caseId}/intelligence`)).body);
      expect(list).not.toContain('five evenings');
      expect(list).toContain('1 entry withdrawn as entered in error');
      const own = textOf((await get(officer, entryUrl())).body);
      expect(own).toContain('This intelligence entry was withdrawn as entered in error');
      expect(own).toContain('Belongs to another investigation');
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('case_id', '=', c.caseId)
        .where('action', '=', 'police_intelligence.withdrawn')
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ channel: 'api' });
    });
  });
  describe('session notes', () => {
    let sessionNoteId: string;
    const url = () => `/cases/${c.caseId}/session-notes/${sessionNoteId}`;

    beforeAll(async () => {
      const session = await t.db.owner
        .insertInto('intervention_session')
        .values({
          case_id: c.caseId,
          starts_at: new Date(Date.now() - 3_600_000),
          planned_minutes: 60,
          mode: 'clinic',
          place: 'Room 2',
          component: 'individual_therapy',
          created_by: psychologist.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const note = await t.db.owner
        .insertInto('intervention_session_note')
        .values({
          case_id: c.caseId,
          session_id: session.id,
          body: 'Worked on the thought record; he brought it completed.',
          author_id: psychologist.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      sessionNoteId = note.id;
    });

    it('the author corrects a session note; the sessions page and API follow; police see none of it', async () => {
      const browser = await browserOf(psychologist);
      const form = await openForm(browser, url());
      expect(form.version).toBe('1');
      const saved = await browser.post(`${url()}/amend`, {
        body: 'Worked on the thought record; he brought it half completed.',
        version: form.version,
        reason: 'He had only done half of it',
      });
      expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
      const page = textOf((await get(psychiatrist, url())).body);
      expect(page).toContain('He had only done half of it');
      expect((await get(psychiatrist, `${url()}/amend`)).statusCode).toBe(403);
      const sessions = textOf((await get(psychiatrist, `/cases/${c.caseId}/sessions`)).body);
      expect(sessions).toContain('half completed');
      for (const who of [officer, coordinator, advocate]) {
        expect((await get(who, url())).statusCode).toBe(404);
        expect(
          (await api(who, 'GET', `/api/v1/cases/${c.caseId}/session-notes/${sessionNoteId}/amendments`))
            .statusCode,
        ).toBe(404);
        const rows = await t.asUser(who.id, (tx) =>
          tx.selectFrom('intervention_session_note_amendment').select('id').execute(),
        );
        expect(rows).toEqual([]);
      }
    });

    it('a withdrawn session note leaves the sessions page and API, and stays marked on its own page', async () => {
      const done = await api(
        psychiatrist,
        'POST',
        `/api/v1/cases/${c.caseId}/session-notes/${sessionNoteId}/withdrawal`,
        { reason: 'Written under the wrong session' },
      );
      expect(done.statusCode, done.body).toBe(204);
      const sessions = textOf((await get(psychologist, `/cases/${c.caseId}/sessions`)).body);
      expect(sessions).not.toContain('half completed');
      expect(sessions).toContain('A note withdrawn as entered in error');
      const listed = JSON.parse((await api(psychologist, 'GET', `/api/v1/cases/${c.caseId}/sessions`)).body);
      expect(JSON.stringify(listed)).not.toContain('half completed');
      const own = textOf((await get(psychologist, url())).body);
      expect(own).toContain('This session note was withdrawn as entered in error');
      expect(own).toContain('Written under the wrong session');
    });
  });
});
