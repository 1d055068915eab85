import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, type Browser } from '../support/http.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

/**
 * Issue 11: an incident or an evidence file, once saved, was fixed forever. Now the case team
 * (core write) corrects an incident with a reason, each correction kept with what changed; a save
 * from an older version is refused showing what changed since; an incident or an evidence file is
 * withdrawn as entered in error, after a confirmation page, leaving the lists and the timeline but
 * kept, marked, with the reason.
 */
describe.each(targets)('correcting and withdrawing incidents on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let advocate: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let c: TestCase;
  let incidentId: string;
  const { get, browserOf, api, upload } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivo Officer',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    probation = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    c = await t.seedCase({ site, createdBy: officer.id, team: [officer.id, advocate.id, probation.id] });
    const created = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/incidents`, {
      occurredFrom: '2026-03-02',
      behaviours: ['following'],
      reportedBy: 'victim_diary',
      description: 'Followed from the station to the bus stop',
    });
    expect(created.statusCode, created.body).toBe(201);
    incidentId = JSON.parse(created.body).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const incident = () =>
    t.db.owner
      .selectFrom('incident')
      .select(['occurred_from', 'behaviours', 'version', 'withdrawn_reason'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();

  async function formOf(browser: Browser): Promise<Record<string, string | string[]>> {
    const page = await browser.get(`/cases/${c.caseId}/incidents/${incidentId}/amend`);
    expect(page.statusCode).toBe(200);
    const field = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ??
      new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(page.body)?.[1] ??
      '';
    const checked = (name: string) =>
      [
        ...page.body.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"[^>]*checked`, 'g')),
      ].map((m) => m[1]!);
    const description =
      /<textarea[^>]*name="description"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1] ?? '';
    return {
      'occurredFrom-day': field('occurredFrom-day'),
      'occurredFrom-month': field('occurredFrom-month'),
      'occurredFrom-year': field('occurredFrom-year'),
      occurredTime: field('occurredTime'),
      timing: checked('timing')[0] ?? '',
      behaviours: checked('behaviours'),
      reportedBy: checked('reportedBy')[0] ?? '',
      caseVictimId: '',
      description: description.trim(),
      version: field('version'),
    };
  }

  it('corrects the date with a reason; the history shows what it was and is, and who; the timeline follows', async () => {
    const browser = await browserOf(officer);
    const form = await formOf(browser);
    expect(form).toMatchObject({
      'occurredFrom-day': '2',
      'occurredFrom-month': '3',
      behaviours: ['following'],
    });
    const saved = await browser.post(`/cases/${c.caseId}/incidents/${incidentId}/amend`, {
      ...form,
      'occurredFrom-day': '12',
      reason: 'The victim confirmed it was the 12th, not the 2nd',
    });
    expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
    expect((await incident()).version).toBe(2);
    const detail = textOf((await get(probation, `/cases/${c.caseId}/incidents/${incidentId}`)).body);
    expect(detail).toContain('The victim confirmed it was the 12th, not the 2nd');
    expect(detail).toMatch(/When it happened\s+2 March 2026\s+12 March 2026/);
    expect(detail).toContain('Ivo Officer');
    const timeline = textOf((await get(advocate, `/cases/${c.caseId}/timeline`)).body);
    expect(timeline).toContain('12 March 2026');
    expect(timeline).not.toMatch(/(^|[^1])2 March 2026/);
    const listed = await api(advocate, 'GET', `/api/v1/cases/${c.caseId}/incidents/${incidentId}/amendments`);
    expect(JSON.parse(listed.body)).toMatchObject({
      version: 2,
      items: [{ versionAfter: 2, reason: 'The victim confirmed it was the 12th, not the 2nd' }],
    });
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('details')
      .where('action', '=', 'incident.amended')
      .where('case_id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    // the audit event names the fields, never their values
    expect(audit.details).toEqual({ fields: 'occurredFrom', channel: 'page' });
  });

  it('refuses a stale save showing what changed since, a save that changes nothing, and one without a reason', async () => {
    const first = await browserOf(officer);
    const second = await browserOf(advocate);
    const a = await formOf(first);
    const b = await formOf(second);
    const ok = await first.post(`/cases/${c.caseId}/incidents/${incidentId}/amend`, {
      ...a,
      behaviours: ['following', 'watching'],
      reason: 'He also stood watching the bus stop',
    });
    expect(ok.statusCode, errorSummaryOf(ok.body) ?? '').toBe(303);
    const stale = await second.post(`/cases/${c.caseId}/incidents/${incidentId}/amend`, {
      ...b,
      reportedBy: 'advocate',
      reason: 'Reported to me first',
    });
    expect(stale.statusCode).toBe(409);
    expect(errorSummaryOf(stale.body)).toContain('What happened changed');
    expect(await incident()).toMatchObject({ version: 3, behaviours: ['following', 'watching'] });
    const unchanged = await first.post(`/cases/${c.caseId}/incidents/${incidentId}/amend`, {
      ...(await formOf(first)),
      reason: 'No change',
    });
    expect(unchanged.statusCode).toBe(422);
    expect(errorSummaryOf(unchanged.body)).toContain('Change at least one detail');
    const noReason = await first.post(`/cases/${c.caseId}/incidents/${incidentId}/amend`, {
      ...(await formOf(first)),
      description: 'Changed text',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why the incident is being corrected');
    // the API gives the same refusals
    const staleApi = await api(
      officer,
      'POST',
      `/api/v1/cases/${c.caseId}/incidents/${incidentId}/amendments`,
      {
        version: 1,
        reason: 'Old version',
        incident: {
          occurredFrom: '2026-03-12',
          behaviours: ['online'],
          reportedBy: 'police',
          description: 'x',
        },
      },
    );
    expect(staleApi.statusCode).toBe(409);
    expect(await incident()).toMatchObject({ version: 3 });
  });

  it('withdraws an evidence file after a confirmation page: kept with its hash and the reason, no longer served', async () => {
    const uploaded = await upload(
      officer,
      `/cases/${c.caseId}/incidents/${incidentId}/evidence`,
      {},
      {
        name: 'wrong-case.png',
        type: 'image/png',
        content: PNG,
      },
    );
    expect(uploaded.statusCode).toBe(303);
    const file = await t.db.owner
      .selectFrom('evidence_file')
      .select(['id', 'sha256'])
      .where('incident_id', '=', incidentId)
      .executeTakeFirstOrThrow();
    const confirm = await get(
      officer,
      `/cases/${c.caseId}/incidents/${incidentId}/evidence/${file.id}/withdraw`,
    );
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body)).toContain('Withdraw this evidence file as entered in error?');
    const browser = await browserOf(officer);
    const noReason = await browser.post(
      `/cases/${c.caseId}/incidents/${incidentId}/evidence/${file.id}/withdraw`,
      {
        reason: '',
      },
    );
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    const done = await browser.post(
      `/cases/${c.caseId}/incidents/${incidentId}/evidence/${file.id}/withdraw`,
      {
        reason: 'A photo from another case',
      },
    );
    expect(done.statusCode).toBe(303);
    const page = textOf((await get(advocate, `/cases/${c.caseId}/incidents/${incidentId}`)).body);
    expect(page).toContain('Withdrawn as entered in error');
    expect(page).toContain('A photo from another case');
    expect(page).toContain(file.sha256);
    const download = await get(advocate, `/cases/${c.caseId}/incidents/${incidentId}/evidence/${file.id}`);
    expect(download.statusCode).toBe(403);
    const again = await api(
      officer,
      'POST',
      `/api/v1/cases/${c.caseId}/incidents/${incidentId}/evidence/${file.id}/withdrawal`,
      { reason: 'Twice' },
    );
    expect(again.statusCode).toBe(409);
    const detail = JSON.parse(
      (await api(probation, 'GET', `/api/v1/cases/${c.caseId}/incidents/${incidentId}`)).body,
    );
    expect(detail.evidence[0].withdrawn).toMatchObject({
      reason: 'A photo from another case',
      by: 'Ivo Officer',
    });
  });

  it('withdraws an incident: gone from the list and the timeline, kept on its own page with the reason', async () => {
    const browser = await browserOf(advocate);
    const confirm = await browser.get(`/cases/${c.caseId}/incidents/${incidentId}/withdraw`);
    expect(textOf(confirm.body)).toContain('Withdraw this incident as entered in error?');
    const done = await browser.post(`/cases/${c.caseId}/incidents/${incidentId}/withdraw`, {
      reason: 'Recorded on the wrong case',
    });
    expect(done.statusCode).toBe(303);
    expect((await incident()).withdrawn_reason).toBe('Recorded on the wrong case');
    const list = textOf((await get(probation, `/cases/${c.caseId}/incidents`)).body);
    expect(list).toContain('No incidents recorded yet.');
    expect(list).toContain('1 incident withdrawn as entered in error');
    const apiList = JSON.parse((await api(probation, 'GET', `/api/v1/cases/${c.caseId}/incidents`)).body);
    expect(apiList.items).toEqual([]);
    const timeline = textOf((await get(probation, `/cases/${c.caseId}/timeline`)).body);
    expect(timeline).not.toContain('Followed from the station');
    const withdrawn = textOf((await get(probation, `/cases/${c.caseId}/incidents?withdrawn=1`)).body);
    expect(withdrawn).toContain('1 incident withdrawn');
    const own = textOf((await get(probation, `/cases/${c.caseId}/incidents/${incidentId}`)).body);
    expect(own).toContain('This incident was withdrawn as entered in error');
    expect(own).toContain('Recorded on the wrong case');
    // history stays; no more corrections
    expect(own).toContain('He also stood watching the bus stop');
    expect((await get(officer, `/cases/${c.caseId}/incidents/${incidentId}/amend`)).statusCode).toBe(409);
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('action')
      .where('case_id', '=', c.caseId)
      .where('action', 'in', ['incident.withdrawn', 'evidence.withdrawn'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['evidence.withdrawn', 'incident.withdrawn']);
  });

  it('someone not on the case can neither correct nor withdraw', async () => {
    expect((await get(outsider, `/cases/${c.caseId}/incidents/${incidentId}/amend`)).statusCode).toBe(404);
    expect((await get(outsider, `/cases/${c.caseId}/incidents/${incidentId}/withdraw`)).statusCode).toBe(404);
    const refused = await api(
      outsider,
      'POST',
      `/api/v1/cases/${c.caseId}/incidents/${incidentId}/withdrawal`,
      {
        reason: 'No',
      },
    );
    expect(refused.statusCode).toBe(404);
  });
});
