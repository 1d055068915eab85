import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, type Browser } from '../support/http.js';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/**
 * Issue 11 for the victim's records: a voice entry and a contact log entry, once saved, were fixed
 * forever. Now the advocate corrects one with a reason (each correction kept with what changed), a
 * save from an older version is refused naming what changed, and one entered in error is withdrawn
 * after a confirmation page: it leaves the lists, the overview and the voice freshness, and stays,
 * marked, for those who may see it. An entry the victim asked not to be shared, its corrections
 * and its withdrawal stay with those who hold the victim's contact.
 */
describe.each(targets)('correcting and withdrawing the victim’s records on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let clinician: TestUser;
  let police: TestUser;
  let outsider: TestUser;
  let c: TestCase;
  const { get, browserOf, api } = clientsFor(() => t);

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
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    c = await t.seedCase({ site, createdBy: police.id, team: [advocate.id, clinician.id, police.id] });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function addVoice(body: string, sharing: string, recordedOn: string): Promise<string> {
    const made = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice`, {
      caseVictimId: c.caseVictimId,
      topic: 'own_safety',
      body,
      sharing,
      recordedOn,
    });
    expect(made.statusCode, made.body).toBe(201);
    return JSON.parse(made.body).id;
  }

  async function voiceForm(browser: Browser, id: string): Promise<Record<string, string>> {
    const page = await browser.get(`/cases/${c.caseId}/voice/${id}/amend`);
    expect(page.statusCode).toBe(200);
    const field = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ?? '';
    const checked = (name: string) =>
      new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"[^>]*checked`).exec(page.body)?.[1] ?? '';
    return {
      caseVictimId: /<option value="([^"]+)" selected/.exec(page.body)?.[1] ?? '',
      topic: checked('topic'),
      sharing: checked('sharing'),
      body: /<textarea[^>]*name="body"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1]?.trim() ?? '',
      'recordedOn-day': field('recordedOn-day'),
      'recordedOn-month': field('recordedOn-month'),
      'recordedOn-year': field('recordedOn-year'),
      version: field('version'),
    };
  }

  const voiceRow = (id: string) =>
    t.db.owner
      .selectFrom('victim_voice')
      .select(['body', 'sharing', 'version', 'withdrawn_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  describe('a voice entry', () => {
    let entryId: string;
    beforeAll(async () => {
      entryId = await addVoice('She wants the order to cover her street', 'summarised', daysAgo(3));
    });

    it('is corrected from the form as it stands, with a reason; the team sees the history; audited by field name', async () => {
      const browser = await browserOf(advocate);
      const form = await voiceForm(browser, entryId);
      expect(form).toMatchObject({ sharing: 'summarised', topic: 'own_safety', version: '1' });
      expect(form.body).toBe('She wants the order to cover her street');
      const saved = await browser.post(`/cases/${c.caseId}/voice/${entryId}/amend`, {
        ...form,
        body: 'She wants the order to cover her street and her brother’s',
        reason: 'She added her brother’s street when I read it back',
      });
      expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
      expect(await voiceRow(entryId)).toMatchObject({ version: 2 });
      const page = textOf((await get(clinician, `/cases/${c.caseId}/voice/${entryId}`)).body);
      expect(page).toContain('She added her brother’s street when I read it back');
      expect(page).toMatch(
        /What the victim said\s+She wants the order to cover her street\s+She wants the order/,
      );
      expect(page).toContain('Ada Advocate');
      expect(page).not.toContain('Correct this voice entry');
      const history = await api(police, 'GET', `/api/v1/cases/${c.caseId}/voice/${entryId}/amendments`);
      expect(JSON.parse(history.body)).toMatchObject({
        version: 2,
        withdrawn: null,
        items: [{ versionAfter: 2, reason: 'She added her brother’s street when I read it back' }],
      });
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'victim_voice.amended')
        .where('record_id', '=', entryId)
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ fields: 'body', channel: 'page' });
    });

    it('refuses a stale save naming what changed, a save that changes nothing and one without a reason', async () => {
      const first = await browserOf(advocate);
      const second = await browserOf(advocate);
      const a = await voiceForm(first, entryId);
      const b = await voiceForm(second, entryId);
      const ok = await first.post(`/cases/${c.caseId}/voice/${entryId}/amend`, {
        ...a,
        topic: 'order_conditions',
        reason: 'It is about the order',
      });
      expect(ok.statusCode, errorSummaryOf(ok.body) ?? '').toBe(303);
      const stale = await second.post(`/cases/${c.caseId}/voice/${entryId}/amend`, {
        ...b,
        ...dateParts('recordedOn', daysAgo(4)),
        reason: 'The day before',
      });
      expect(stale.statusCode).toBe(409);
      expect(errorSummaryOf(stale.body)).toContain('What the views are about changed');
      const unchanged = await first.post(`/cases/${c.caseId}/voice/${entryId}/amend`, {
        ...(await voiceForm(first, entryId)),
        reason: 'No change',
      });
      expect(unchanged.statusCode).toBe(422);
      expect(errorSummaryOf(unchanged.body)).toContain('Change at least one detail');
      const noReason = await first.post(`/cases/${c.caseId}/voice/${entryId}/amend`, {
        ...(await voiceForm(first, entryId)),
        body: 'Changed',
        reason: '',
      });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummaryOf(noReason.body)).toContain('Enter why the voice entry is being corrected');
      expect(await voiceRow(entryId)).toMatchObject({ version: 3 });
      // the API the same, and no one but the advocate may correct
      const staleApi = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice/${entryId}/amendments`, {
        version: 1,
        reason: 'Old version',
        entry: {
          caseVictimId: c.caseVictimId,
          body: 'x',
          topic: 'other',
          sharing: 'verbatim',
          recordedOn: daysAgo(1),
        },
      });
      expect(staleApi.statusCode).toBe(409);
      const byClinician = await api(
        clinician,
        'POST',
        `/api/v1/cases/${c.caseId}/voice/${entryId}/amendments`,
        {
          version: 3,
          reason: 'Not mine to change',
          entry: {
            caseVictimId: c.caseVictimId,
            body: 'x',
            topic: 'other',
            sharing: 'verbatim',
            recordedOn: daysAgo(1),
          },
        },
      );
      expect(byClinician.statusCode).toBe(403);
      expect((await get(clinician, `/cases/${c.caseId}/voice/${entryId}/amend`)).statusCode).toBe(403);
    });

    it('withdrawn after a confirmation page: leaves the list, the overview and the freshness; stays, marked', async () => {
      const browser = await browserOf(advocate);
      const confirm = await browser.get(`/cases/${c.caseId}/voice/${entryId}/withdraw`);
      expect(textOf(confirm.body)).toContain('Withdraw this voice entry as entered in error?');
      const noReason = await browser.post(`/cases/${c.caseId}/voice/${entryId}/withdraw`, { reason: '' });
      expect(noReason.statusCode).toBe(400);
      const done = await browser.post(`/cases/${c.caseId}/voice/${entryId}/withdraw`, {
        reason: 'Recorded for the wrong victim',
      });
      expect(done.statusCode).toBe(303);
      expect((await voiceRow(entryId)).withdrawn_reason).toBe('Recorded for the wrong victim');
      const list = textOf((await get(clinician, `/cases/${c.caseId}/voice`)).body);
      expect(list).not.toContain('her brother’s');
      expect(list).toContain('Withdrawn as entered in error');
      const apiList = JSON.parse((await api(clinician, 'GET', `/api/v1/cases/${c.caseId}/voice`)).body);
      expect(apiList.items).toEqual([]);
      const overview = textOf((await get(police, `/cases/${c.caseId}`)).body);
      expect(overview).not.toContain('her brother’s');
      // the only recent entry is withdrawn: the voice is no longer up to date
      const currency = await t.asUser(police.id, async (tx) =>
        (await import('../../src/modules/voice/public.js')).voiceCurrency(tx, c.caseId),
      );
      expect(currency).toEqual([{ caseVictimId: c.caseVictimId, isCurrent: false }]);
      const own = textOf((await get(clinician, `/cases/${c.caseId}/voice/${entryId}`)).body);
      expect(own).toContain('This voice entry was withdrawn as entered in error');
      expect(own).toContain('Recorded for the wrong victim');
      expect(own).toContain('She added her brother’s street when I read it back');
      expect((await get(advocate, `/cases/${c.caseId}/voice/${entryId}/amend`)).statusCode).toBe(409);
      const again = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice/${entryId}/withdrawal`, {
        reason: 'Twice',
      });
      expect(again.statusCode).toBe(409);
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'victim_voice.withdrawn')
        .where('record_id', '=', entryId)
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ channel: 'page' });
    });
  });

  describe('an entry the victim asked not to be shared', () => {
    it('its history and its withdrawal are seen only by those who hold the victim’s contact', async () => {
      const id = await addVoice('She is thinking of moving away', 'not_shared', daysAgo(2));
      const amended = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice/${id}/amendments`, {
        version: 1,
        reason: 'She named the town when I called back',
        entry: {
          caseVictimId: c.caseVictimId,
          body: 'She is thinking of moving to Farnham',
          topic: 'own_safety',
          sharing: 'not_shared',
          recordedOn: daysAgo(2),
        },
      });
      expect(amended.statusCode, amended.body).toBe(201);
      const withdrawn = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice/${id}/withdrawal`, {
        reason: 'Said in confidence about someone else',
      });
      expect(withdrawn.statusCode).toBe(204);
      for (const reader of [clinician, police]) {
        expect((await get(reader, `/cases/${c.caseId}/voice/${id}`)).statusCode).toBe(404);
        expect(
          (await api(reader, 'GET', `/api/v1/cases/${c.caseId}/voice/${id}/amendments`)).statusCode,
        ).toBe(404);
        const list = (await get(reader, `/cases/${c.caseId}/voice`)).body;
        expect(list).not.toContain(id);
        // and in the database itself: no row of the entry, its corrections or its withdrawal
        const seen = await t.asUser(reader.id, async (tx) => ({
          entry: await tx
            .selectFrom('victim_voice')
            .select('withdrawn_reason')
            .where('id', '=', id)
            .execute(),
          history: await tx
            .selectFrom('victim_voice_amendment')
            .select('changes')
            .where('record_id', '=', id)
            .execute(),
        }));
        expect(seen).toEqual({ entry: [], history: [] });
      }
      const own = textOf((await get(advocate, `/cases/${c.caseId}/voice/${id}`)).body);
      expect(own).toContain('She is thinking of moving to Farnham');
      expect(own).toContain('She named the town when I called back');
      expect(own).toContain('Said in confidence about someone else');
    });

    it('once shared with the victim’s agreement, the entry is seen by the team but its earlier versions are not', async () => {
      const id = await addVoice('Private first words', 'not_shared', daysAgo(1));
      const shared = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice/${id}/amendments`, {
        version: 1,
        reason: 'She agreed to a summary going to the team',
        entry: {
          caseVictimId: c.caseVictimId,
          body: 'She supports the order',
          topic: 'own_safety',
          sharing: 'summarised',
          recordedOn: daysAgo(1),
        },
      });
      expect(shared.statusCode, shared.body).toBe(201);
      const page = textOf((await get(clinician, `/cases/${c.caseId}/voice/${id}`)).body);
      expect(page).toContain('She supports the order');
      expect(page).not.toContain('Private first words');
      const history = JSON.parse(
        (await api(clinician, 'GET', `/api/v1/cases/${c.caseId}/voice/${id}/amendments`)).body,
      );
      expect(history.items).toEqual([]);
      const advocateHistory = JSON.parse(
        (await api(advocate, 'GET', `/api/v1/cases/${c.caseId}/voice/${id}/amendments`)).body,
      );
      expect(advocateHistory.items[0].changes.body).toEqual({
        from: 'Private first words',
        to: 'She supports the order',
      });
      // and the other way: an entry made private leaves the team's view, history and all
      const secret = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/voice/${id}/amendments`, {
        version: 2,
        reason: 'She changed her mind about sharing',
        entry: {
          caseVictimId: c.caseVictimId,
          body: 'She supports the order',
          topic: 'own_safety',
          sharing: 'not_shared',
          recordedOn: daysAgo(1),
        },
      });
      expect(secret.statusCode, secret.body).toBe(201);
      expect((await get(clinician, `/cases/${c.caseId}/voice/${id}`)).statusCode).toBe(404);
    });
  });

  describe('a contact log entry', () => {
    let entryId: string;
    const entry = (over: Record<string, unknown> = {}) => ({
      caseVictimId: c.caseVictimId,
      contactedOn: daysAgo(2),
      method: 'phone',
      contactWith: 'the victim',
      summary: 'Called to explain the bail conditions',
      victimUpdated: true,
      ...over,
    });
    const logRow = () =>
      t.db.owner
        .selectFrom('victim_contact_log')
        .select(['summary', 'version', 'withdrawn_reason'])
        .where('id', '=', entryId)
        .executeTakeFirstOrThrow();

    beforeAll(async () => {
      const made = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/contact-log`, entry());
      expect(made.statusCode, made.body).toBe(201);
      entryId = JSON.parse(made.body).id;
    });

    it('is corrected with a reason; stale and unchanged saves refused; the police read the history', async () => {
      const browser = await browserOf(advocate);
      const form = await browser.get(`/cases/${c.caseId}/contact-log/${entryId}/amend`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Called to explain the bail conditions');
      const saved = await browser.post(`/cases/${c.caseId}/contact-log/${entryId}/amend`, {
        caseVictimId: c.caseVictimId,
        ...dateParts('contactedOn', daysAgo(2)),
        method: 'video_call',
        contactWith: 'the victim',
        summary: 'Called to explain the bail conditions',
        victimUpdated: 'yes',
        version: '1',
        reason: 'It was a video call',
      });
      expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
      expect(await logRow()).toMatchObject({ version: 2 });
      const page = textOf((await get(police, `/cases/${c.caseId}/contact-log/${entryId}`)).body);
      expect(page).toMatch(/How the contact was made\s+Phone call\s+Video call/);
      expect(page).toContain('It was a video call');
      const stale = await api(
        advocate,
        'POST',
        `/api/v1/cases/${c.caseId}/contact-log/${entryId}/amendments`,
        {
          version: 1,
          reason: 'Old',
          entry: entry({ summary: 'Other' }),
        },
      );
      expect(stale.statusCode).toBe(409);
      expect(JSON.parse(stale.body).detail).toContain('How the contact was made changed');
      const unchanged = await api(
        advocate,
        'POST',
        `/api/v1/cases/${c.caseId}/contact-log/${entryId}/amendments`,
        {
          version: 2,
          reason: 'Nothing',
          entry: entry({ method: 'video_call' }),
        },
      );
      expect(unchanged.statusCode).toBe(422);
      const byPolice = await api(
        police,
        'POST',
        `/api/v1/cases/${c.caseId}/contact-log/${entryId}/amendments`,
        {
          version: 2,
          reason: 'Read only',
          entry: entry({ summary: 'x' }),
        },
      );
      expect(byPolice.statusCode).toBe(403);
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'victim_contact_log.amended')
        .where('record_id', '=', entryId)
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ fields: 'method', channel: 'page' });
    });

    it('is never seen, nor its history, without victim-contact read, nor through break-glass', async () => {
      expect((await get(clinician, `/cases/${c.caseId}/contact-log/${entryId}`)).statusCode).toBe(404);
      expect(
        (await api(clinician, 'GET', `/api/v1/cases/${c.caseId}/contact-log/${entryId}/amendments`))
          .statusCode,
      ).toBe(404);
      const now = Date.now();
      await t.db.owner
        .insertInto('break_glass_grant')
        .values({
          case_id: c.caseId,
          user_id: outsider.id,
          reason_code: 'urgent_safeguarding',
          reason_text: 'call from the victim out of hours',
          granted_at: new Date(now - 60_000),
          expires_at: new Date(now + 3_600_000),
        })
        .execute();
      try {
        const glass = await get(outsider, `/cases/${c.caseId}/contact-log/${entryId}`);
        expect(glass.statusCode).toBe(404);
        expect(glass.body).not.toContain('bail conditions');
        const history = await api(
          outsider,
          'GET',
          `/api/v1/cases/${c.caseId}/contact-log/${entryId}/amendments`,
        );
        expect(history.statusCode).toBe(404);
        const rows = await t.asUser(outsider.id, (tx) =>
          tx
            .selectFrom('victim_contact_log_amendment')
            .select('id')
            .where('case_id', '=', c.caseId)
            .execute(),
        );
        expect(rows).toEqual([]);
        // the voice is readable under break-glass; the history of a shared entry with it
        const voice = await get(outsider, `/cases/${c.caseId}/voice`);
        expect(voice.statusCode).toBe(200);
      } finally {
        await t.db.owner.deleteFrom('break_glass_grant').where('user_id', '=', outsider.id).execute();
      }
    });

    it('withdrawn: leaves the log and when the victim was last updated; stays, marked, for the police', async () => {
      const overviewBefore = textOf((await get(police, `/cases/${c.caseId}`)).body);
      expect(overviewBefore).toContain('Victim last updated on');
      const browser = await browserOf(advocate);
      const confirm = await browser.get(`/cases/${c.caseId}/contact-log/${entryId}/withdraw`);
      expect(textOf(confirm.body)).toContain('Withdraw this contact log entry as entered in error?');
      const done = await browser.post(`/cases/${c.caseId}/contact-log/${entryId}/withdraw`, {
        reason: 'Logged on the wrong case',
      });
      expect(done.statusCode).toBe(303);
      expect((await logRow()).withdrawn_reason).toBe('Logged on the wrong case');
      const list = textOf((await get(police, `/cases/${c.caseId}/contact-log`)).body);
      expect(list).not.toContain('Called to explain the bail conditions');
      expect(list).toContain('Withdrawn as entered in error');
      expect(
        JSON.parse((await api(police, 'GET', `/api/v1/cases/${c.caseId}/contact-log`)).body).items,
      ).toEqual([]);
      const overview = textOf((await get(police, `/cases/${c.caseId}`)).body);
      expect(overview).toContain('The contact log does not show the victim being updated on the case yet.');
      const own = textOf((await get(police, `/cases/${c.caseId}/contact-log/${entryId}`)).body);
      expect(own).toContain('This contact log entry was withdrawn as entered in error');
      expect(own).toContain('Logged on the wrong case');
      expect(own).toContain('It was a video call');
      const history = JSON.parse(
        (await api(police, 'GET', `/api/v1/cases/${c.caseId}/contact-log/${entryId}/amendments`)).body,
      );
      expect(history.withdrawn).toMatchObject({ reason: 'Logged on the wrong case', by: 'Ada Advocate' });
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('action')
        .where('record_id', '=', entryId)
        .where('action', '=', 'victim_contact_log.withdrawn')
        .execute();
      expect(audit).toHaveLength(1);
    });
  });

  describe('a victim’s contact details (encrypted at rest)', () => {
    const contactUrl = () => `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/contact`;
    const details = {
      address: '4 Wren Close, Andover',
      phone: '01632 960 555',
      email: '',
      safeMethods: ['text'],
      safeTimes: 'Weekday mornings',
      messagesMayBeLeft: 'no',
      neverTell: '',
      safeContactNotes: '',
    };
    beforeAll(async () => {
      const put = await api(advocate, 'PUT', contactUrl(), { ...details, version: 0 });
      expect(put.statusCode, put.body).toBe(204);
    });

    it('is corrected with a reason; the earlier values are kept sealed, never in plain text, and shown in the history', async () => {
      const browser = await browserOf(advocate);
      const form = await browser.get(`/cases/${c.caseId}/victims/${c.caseVictimId}/contact`);
      expect(form.body).toContain('Why are they being corrected?');
      const posted = {
        ...details,
        address: '9 Heron Way, Andover',
        phone: '01632 960 777',
        safeMethods: 'text',
        version: '1',
      };
      const noReason = await browser.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/contact`, {
        ...posted,
        reason: '',
      });
      expect(noReason.statusCode).toBe(422);
      expect(errorSummaryOf(noReason.body)).toContain('Enter why the contact details are being corrected');
      const saved = await browser.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/contact`, {
        ...posted,
        reason: 'She has moved and has a new phone',
      });
      expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
      // the amendment names the fields in the clear; the values only sealed, as the details are
      const kept = await t.db.owner
        .selectFrom('victim_contact_amendment')
        .select(['id', 'changes', 'reason', 'key_id', 'wrapped_key', 'ciphertext'])
        .execute();
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({
        changes: { address: { from: null, to: null }, phone: { from: null, to: null } },
        reason: 'She has moved and has a new phone',
        key_id: expect.any(String),
      });
      expect(kept[0]!.wrapped_key?.length).toBeGreaterThan(0);
      expect(kept[0]!.ciphertext?.length).toBeGreaterThan(0);
      const plaintexts = ['4 Wren Close', '9 Heron Way', '960 555', '960 777'];
      for (const text of plaintexts) {
        expect(kept[0]!.ciphertext!.includes(Buffer.from(text))).toBe(false);
        expect(kept[0]!.wrapped_key!.includes(Buffer.from(text))).toBe(false);
      }
      const { rows: asJson } = await sql<{ json: string }>`
        select string_agg(row_to_json(a)::text, E'\\n') as json from victim_contact_amendment a`.execute(
        t.db.owner,
      );
      for (const text of plaintexts) {
        expect(asJson[0]!.json).not.toContain(text);
        expect(asJson[0]!.json).not.toContain(Buffer.from(text).toString('hex'));
      }
      // a holder of the victim's contact (the police read it) sees what it was and is
      const page = textOf((await get(police, `/cases/${c.caseId}/victims`)).body);
      expect(page).toContain('01632 960 777');
      expect(page).toContain('She has moved and has a new phone');
      expect(page).toMatch(/Address\s+4 Wren Close, Andover\s+9 Heron Way, Andover/);
      expect(page).toMatch(/Phone number\s+01632 960 555\s+01632 960 777/);
      const history = JSON.parse((await api(police, 'GET', `${contactUrl()}/amendments`)).body);
      expect(history).toMatchObject({
        version: 2,
        items: [
          {
            versionAfter: 2,
            reason: 'She has moved and has a new phone',
            changes: {
              address: { from: '4 Wren Close, Andover', to: '9 Heron Way, Andover' },
              phone: { from: '01632 960 555', to: '01632 960 777' },
            },
          },
        ],
      });
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'victim_contact.amended')
        .where('case_id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ fields: 'address,phone', channel: 'page' });
      // no value in the audit trail either
      const { rows: auditJson } = await sql<{ json: string }>`
        select coalesce(string_agg(row_to_json(e)::text, E'\\n'), '') as json from audit.event e
         where e.case_id = ${c.caseId}`.execute(t.db.owner);
      for (const text of plaintexts) expect(auditJson[0]!.json).not.toContain(text);
    });

    it('refuses a stale correction naming the field and one that changes nothing; only the advocate corrects', async () => {
      const stale = await api(advocate, 'POST', `${contactUrl()}/amendments`, {
        version: 1,
        reason: 'Older copy',
        details: { ...details, address: '5 Wren Close, Andover' },
      });
      expect(stale.statusCode).toBe(409);
      expect(JSON.parse(stale.body).detail).toMatch(
        /: (Phone number, Address|Address, Phone number) changed/,
      );
      const unchanged = await api(advocate, 'POST', `${contactUrl()}/amendments`, {
        version: 2,
        reason: 'Nothing',
        details: { ...details, address: '9 Heron Way, Andover', phone: '01632 960 777' },
      });
      expect(unchanged.statusCode).toBe(422);
      const byPolice = await api(police, 'POST', `${contactUrl()}/amendments`, {
        version: 2,
        reason: 'Read only',
        details: { ...details, address: 'x' },
      });
      expect(byPolice.statusCode).toBe(403);
    });

    it('neither the details nor their history reach a role without victim-contact read, nor break-glass', async () => {
      expect((await api(clinician, 'GET', `${contactUrl()}/amendments`)).statusCode).toBe(404);
      const clinicianPage = textOf((await get(clinician, `/cases/${c.caseId}/victims`)).body);
      expect(clinicianPage).not.toContain('She has moved and has a new phone');
      // neither the earlier address nor the current one
      expect(clinicianPage).not.toContain('4 Wren Close');
      expect(clinicianPage).not.toContain('9 Heron Way');
      const clinicianList = (await api(clinician, 'GET', `/api/v1/cases/${c.caseId}/victims`)).body;
      expect(clinicianList).not.toContain('4 Wren Close');
      const now = Date.now();
      await t.db.owner
        .insertInto('break_glass_grant')
        .values({
          case_id: c.caseId,
          user_id: outsider.id,
          reason_code: 'urgent_safeguarding',
          reason_text: 'call from the victim out of hours',
          granted_at: new Date(now - 60_000),
          expires_at: new Date(now + 3_600_000),
        })
        .execute();
      try {
        expect((await api(outsider, 'GET', `${contactUrl()}/amendments`)).statusCode).toBe(404);
        const glass = textOf((await get(outsider, `/cases/${c.caseId}/victims`)).body);
        expect(glass).not.toContain('She has moved and has a new phone');
        expect(glass).not.toContain('960 777');
        expect(glass).not.toContain('4 Wren Close');
        const rows = await t.asUser(outsider.id, (tx) =>
          tx.selectFrom('victim_contact_amendment').select('id').execute(),
        );
        expect(rows).toEqual([]);
      } finally {
        await t.db.owner.deleteFrom('break_glass_grant').where('user_id', '=', outsider.id).execute();
      }
    });

    it('withdrawn after a confirmation page: gone from the page and the API, marked; new details can be recorded', async () => {
      const browser = await browserOf(advocate);
      const confirm = await browser.get(`/cases/${c.caseId}/victims/${c.caseVictimId}/contact/withdraw`);
      expect(textOf(confirm.body)).toContain('Withdraw this set of contact details as entered in error?');
      expect(confirm.body).not.toContain('960 777');
      // the confirmation is audited as a view of the contact details (their own row), not of the case
      const contactRow = await t.db.owner
        .selectFrom('victim_contact')
        .select('id')
        .where('case_victim_id', '=', c.caseVictimId)
        .executeTakeFirstOrThrow();
      const viewed = await t.db.owner
        .selectFrom('audit.event')
        .select(['record_id', 'details'])
        .where('action', '=', 'victim_contact.view')
        .where('record_type', '=', 'victim_contact')
        .where(sql<boolean>`details @> '{"form":"withdraw"}'::jsonb`)
        .execute();
      expect(viewed).toEqual([{ record_id: contactRow.id, details: { channel: 'page', form: 'withdraw' } }]);
      const done = await browser.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/contact/withdraw`, {
        reason: 'Another victim’s details',
      });
      expect(done.statusCode).toBe(303);
      const page = textOf((await get(police, `/cases/${c.caseId}/victims`)).body);
      expect(page).not.toContain('960 777');
      expect(page).toContain('Contact details withdrawn as entered in error');
      expect(page).toContain('Another victim’s details');
      const listed = JSON.parse((await api(police, 'GET', `/api/v1/cases/${c.caseId}/victims`)).body);
      expect(listed.items.find((v: { id: string }) => v.id === c.caseVictimId).contact).toBeNull();
      const again = await api(advocate, 'POST', `${contactUrl()}/withdrawal`, { reason: 'Twice' });
      expect(again.statusCode).toBe(404);
      const fresh = await api(advocate, 'PUT', contactUrl(), {
        ...details,
        phone: '01632 960 888',
        version: 0,
      });
      expect(fresh.statusCode, fresh.body).toBe(204);
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'victim_contact.withdrawn')
        .where('case_id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      expect(audit.details).toEqual({ channel: 'page' });
    });
  });
});
