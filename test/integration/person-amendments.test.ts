import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, type Browser } from '../support/http.js';

/**
 * Issue 11: the person referred's details could not be corrected once saved. Now a case team
 * member with core write corrects them with a reason; each correction keeps what changed, who,
 * when and why, and a save based on an older version is refused showing what changed since.
 */
describe.each(targets)('correcting the person referred on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let advocate: TestUser;
  let outsider: TestUser;
  let c: TestCase;
  const { get, browserOf, api } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivo Officer',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    c = await t.seedCase({ site, createdBy: officer.id, team: [officer.id, advocate.id] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const person = () =>
    t.db.owner
      .selectFrom('person')
      .select(['given_name', 'pnc_id', 'version', 'search_name'])
      .where('id', '=', c.subjectId)
      .executeTakeFirstOrThrow();

  async function formOf(
    browser: Browser,
    url = `/cases/${c.caseId}/person`,
  ): Promise<Record<string, string>> {
    const page = await browser.get(url);
    expect(page.statusCode).toBe(200);
    const field = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ??
      new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(page.body)?.[1] ??
      '';
    const names = [
      'givenName',
      'familyName',
      'aliases',
      'dob-day',
      'dob-month',
      'dob-year',
      'pncId',
      'nhsNumber',
      'probationRef',
      'version',
    ];
    return Object.fromEntries(names.map((n) => [n, field(n)]));
  }

  it('corrects a mistyped PNC ID with a reason; the history shows before and after, and who', async () => {
    const browser = await browserOf(officer);
    const form = await formOf(browser);
    expect(form.givenName).toBe('Sam');
    const saved = await browser.post(`/cases/${c.caseId}/person`, {
      ...form,
      pncId: '24/127968k',
      reason: 'Mistyped at referral: checked against the PNC record',
    });
    expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
    expect(await person()).toMatchObject({ pnc_id: '24/127968K', version: 2 });
    const history = textOf((await get(advocate, `/cases/${c.caseId}/person`)).body);
    expect(history).toContain('Mistyped at referral: checked against the PNC record');
    expect(history).toMatch(/Police National Computer ID\s+Not recorded\s+24\/127968K/);
    expect(history).toContain('Ivo Officer');
    const listed = await api(advocate, 'GET', `/api/v1/cases/${c.caseId}/person/amendments`);
    expect(JSON.parse(listed.body)).toMatchObject({
      version: 2,
      items: [{ versionAfter: 2, changes: { pncId: { from: null, to: '24/127968K' } } }],
    });
    // the audit event names the fields, never their values
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('details')
      .where('action', '=', 'person.amended')
      .where('case_id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ fields: 'pncId' });
  });

  it('refuses a stale save, showing what changed since, and refuses a save that changes nothing', async () => {
    const first = await browserOf(officer);
    const second = await browserOf(advocate);
    const a = await formOf(first);
    const b = await formOf(second);
    expect(
      (
        await first.post(`/cases/${c.caseId}/person`, {
          ...a,
          givenName: 'Samuel',
          reason: 'Full first name',
        })
      ).statusCode,
    ).toBe(303);
    const stale = await second.post(`/cases/${c.caseId}/person`, {
      ...b,
      probationRef: 'HAM-PR-1',
      reason: 'Probation reference added',
    });
    expect(stale.statusCode).toBe(409);
    expect(errorSummaryOf(stale.body)).toContain('First name changed');
    expect(await person()).toMatchObject({ given_name: 'Samuel', version: 3 });
    // the folded name that search and duplicate checks use follows the correction
    expect((await person()).search_name).toMatch(/^samuel subject\d+$/);
    const unchanged = await first.post(`/cases/${c.caseId}/person`, {
      ...(await formOf(first)),
      reason: 'No change',
    });
    expect(unchanged.statusCode).toBe(422);
    expect(errorSummaryOf(unchanged.body)).toContain('Change at least one detail');
    const noReason = await first.post(`/cases/${c.caseId}/person`, {
      ...(await formOf(first)),
      givenName: 'Sammy',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why the details are being corrected');
    expect(await person()).toMatchObject({ given_name: 'Samuel', version: 3 });
  });

  it('someone not on the case finds nothing to correct', async () => {
    expect((await get(outsider, `/cases/${c.caseId}/person`)).statusCode).toBe(404);
    const refused = await api(outsider, 'POST', `/api/v1/cases/${c.caseId}/person/amendments`, {
      givenName: 'X',
      familyName: 'Y',
      reason: 'No',
      version: 3,
    });
    expect(refused.statusCode).toBe(404);
    expect(await person()).toMatchObject({ given_name: 'Samuel' });
  });

  it('corrects a victim’s name the same way, on the victim’s own history, not the person referred’s', async () => {
    const url = `/cases/${c.caseId}/victims/${c.caseVictimId}/person`;
    const browser = await browserOf(officer);
    const page = await browser.get(url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Victim’s details');
    const form = await formOf(browser, url);
    const saved = await browser.post(url, {
      ...form,
      familyName: 'Corrected-Victim',
      reason: 'Her surname was misspelt at referral',
    });
    expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
    expect(saved.headers.location).toBe(`${url}?amended=1`);
    const victim = await t.db.owner
      .selectFrom('person')
      .select(['family_name', 'version'])
      .where('id', '=', c.victimId)
      .executeTakeFirstOrThrow();
    expect(victim).toEqual({ family_name: 'Corrected-Victim', version: Number(form.version) + 1 });
    expect(textOf((await browser.get(url)).body)).toContain('Her surname was misspelt at referral');
    // the person referred's history has none of it
    const subject = textOf((await get(officer, `/cases/${c.caseId}/person`)).body);
    expect(subject).not.toContain('Her surname was misspelt at referral');
    const history = await api(
      officer,
      'GET',
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/person/amendments`,
    );
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((i: { reason: string }) => i.reason)).toEqual([
      'Her surname was misspelt at referral',
    ]);
    // a save from the version before is refused, naming what changed
    const stale = await api(
      officer,
      'POST',
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/person/amendments`,
      {
        givenName: form.givenName,
        familyName: 'Other',
        reason: 'Again',
        version: Number(form.version),
      },
    );
    expect(stale.statusCode).toBe(409);
    expect((await get(outsider, url)).statusCode).toBe(404);
  });
});
