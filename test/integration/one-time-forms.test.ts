import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf, type Browser } from '../support/http.js';

/**
 * Issue 11: a form posted twice saved twice (the diary import's "Save all", and every other form
 * that creates something). Every page form now carries a one-time token that the post's
 * transaction claims with its work: the second post of the same form saves nothing and is told so.
 */
const DAY = 86_400_000;
const tokenOf = (html: string): string => {
  const token = /name="_once" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  expect(token, 'the form carries a one-time token').toBeDefined();
  return token!;
};

describe.each(targets)('one-time forms on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychiatrist: TestUser;
  let advocate: TestUser;
  let c: TestCase;
  const clients = clientsFor(() => t);
  const { browserOf } = clients;

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    psychiatrist = await t.createUser({ role: 'forensic_psychiatrist', sites: [site] });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    c = await t.seedCase({ site, createdBy: advocate.id, team: [psychiatrist.id, advocate.id] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: 'clinical_note' | 'incident', body: string) =>
    (
      await t.db.owner
        .selectFrom(table)
        .select('id')
        .where('case_id', '=', c.caseId)
        .where(table === 'incident' ? 'description' : 'body', '=', body)
        .execute()
    ).length;

  async function formOn(browser: Browser, url: string): Promise<string> {
    const page = await browser.get(url);
    expect(page.statusCode).toBe(200);
    return tokenOf(page.body);
  }

  it('a clinical note sent twice is saved once; the second post is told it was already sent', async () => {
    const browser = await browserOf(psychiatrist);
    const url = `/cases/${c.caseId}/clinical`;
    const _once = await formOn(browser, url);
    const first = await browser.post(url, { body: 'Seen in clinic: engaged well', _once });
    expect(first.statusCode).toBe(303);
    const again = await browser.post(url, { body: 'Seen in clinic: engaged well', _once });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('This form has already been sent');
    expect(textOf(again.body)).toContain('nothing was saved twice');
    expect(await count('clinical_note', 'Seen in clinic: engaged well')).toBe(1);
  });

  it('two posts of one form at the same moment (a double click) save once', async () => {
    const browser = await browserOf(psychiatrist);
    const url = `/cases/${c.caseId}/clinical`;
    const _once = await formOn(browser, url);
    const both = await Promise.all([
      browser.post(url, { body: 'Double-clicked note', _once }),
      browser.post(url, { body: 'Double-clicked note', _once }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    expect(await count('clinical_note', 'Double-clicked note')).toBe(1);
  });

  it('a form refused for its errors comes back with a new token, and the corrected form saves', async () => {
    const browser = await browserOf(psychiatrist);
    const url = `/cases/${c.caseId}/clinical`;
    const first = await formOn(browser, url);
    const refused = await browser.post(url, { body: '   ', _once: first });
    expect(refused.statusCode).toBe(400);
    const second = tokenOf(refused.body);
    expect(second).not.toBe(first);
    const saved = await browser.post(url, { body: 'Corrected note', _once: second });
    expect(saved.statusCode).toBe(303);
    expect(await count('clinical_note', 'Corrected note')).toBe(1);
  });

  it('an incident sent twice is recorded once', async () => {
    const browser = await browserOf(advocate);
    const _once = await formOn(browser, `/cases/${c.caseId}/incidents/new`);
    const when = new Date(Date.now() - 3 * DAY);
    const form = {
      'occurredFrom-day': when.getUTCDate(),
      'occurredFrom-month': when.getUTCMonth() + 1,
      'occurredFrom-year': when.getUTCFullYear(),
      timing: 'exact',
      behaviours: ['following'],
      reportedBy: 'advocate',
      caseVictimId: c.caseVictimId,
      description: 'Followed her from the station',
      _once,
    };
    const first = await browser.post(`/cases/${c.caseId}/incidents`, form);
    expect(first.statusCode, textOf(first.body)).toBe(303);
    const again = await browser.post(`/cases/${c.caseId}/incidents`, form);
    expect(again.statusCode).toBe(409);
    expect(await count('incident', 'Followed her from the station')).toBe(1);
  });

  it('a diary import’s "Save all" sent twice saves the rows once', async () => {
    const s = await clients.sessionOf(advocate);
    const csv = 'date,behaviours,description\r\n14/03/2025,following,Diary entry saved once\r\n';
    const up = await clients.upload(
      advocate,
      `/cases/${c.caseId}/incidents/import`,
      { _csrf: s.csrfToken },
      { name: 'diary.csv', content: csv },
    );
    expect(up.statusCode, up.body).toBe(303);
    const browser = await browserOf(advocate);
    const _once = await formOn(browser, `/cases/${c.caseId}/incidents/import/preview`);
    const first = await browser.post(`/cases/${c.caseId}/incidents/import/preview`, { choice: 'all', _once });
    expect(first.statusCode, textOf(first.body)).toBe(303);
    const again = await browser.post(`/cases/${c.caseId}/incidents/import/preview`, { choice: 'all', _once });
    expect(again.statusCode).not.toBe(303);
    expect(await count('incident', 'Diary entry saved once')).toBe(1);
  });

  it('every form that creates something on a case carries a one-time token', async () => {
    const browser = await browserOf(advocate);
    for (const path of ['/incidents/new', '/voice', '/contact-log', '/victims/add', '/status']) {
      const page = await browser.get(`/cases/${c.caseId}${path}`);
      expect(page.statusCode, path).toBe(200);
      tokenOf(page.body);
    }
  });
});
