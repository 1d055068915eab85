import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';

/**
 * Issue 11: a page showed two error summaries (the layout's and the page's own) on the incident,
 * incident detail and timeline pages, and a date's error linked to no field. Every refused form
 * shows one summary, and each of its links goes to a field on the page: a date input's to its
 * first empty part (GOV.UK: `#occurredFrom-day`).
 */
const summaries = (html: string) => html.split('class="govuk-error-summary"').length - 1;
const summaryLinks = (html: string) => {
  const summary = html.slice(html.indexOf('class="govuk-error-summary"'));
  const list = summary.slice(0, summary.indexOf('</ul>'));
  return [...list.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
};

describe.each(targets)('error summaries on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let c: TestCase;
  const { browserOf } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({ role: 'investigating_officer', sites: [site] });
    c = await t.seedCase({ site, createdBy: officer.id, team: [officer.id], investigationStatus: 'charged' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('each refused form shows one summary whose links all reach a field on the page', async () => {
    const browser = await browserOf(officer);
    const posts: [string, string, Record<string, string>, string[]][] = [
      [
        `/cases/${c.caseId}/incidents/new`,
        `/cases/${c.caseId}/incidents`,
        { 'occurredFrom-day': '', 'occurredFrom-month': '', 'occurredFrom-year': '', description: '' },
        ['occurredFrom-day'],
      ],
      [
        `/cases/${c.caseId}/incidents/new`,
        `/cases/${c.caseId}/incidents`,
        { 'occurredFrom-day': '12', 'occurredFrom-month': '', 'occurredFrom-year': '2026', description: 'x' },
        ['occurredFrom-month'],
      ],
      [
        `/cases/${c.caseId}/investigation`,
        `/cases/${c.caseId}/investigation`,
        {
          to: 'convicted',
          'effectiveOn-day': '1',
          'effectiveOn-month': '1',
          'effectiveOn-year': '',
          reason: 'x',
        },
        ['effectiveOn-year'],
      ],
      [`/cases/${c.caseId}/intelligence`, `/cases/${c.caseId}/intelligence`, { body: '' }, ['body']],
    ];
    for (const [page, action, form, firstLinks] of posts) {
      const opened = await browser.get(page);
      expect(opened.statusCode, page).toBe(200);
      const version = /name="version" value="(\d+)"/.exec(opened.body)?.[1];
      const refused = await browser.post(action, { ...form, ...(version ? { version } : {}) });
      expect(refused.statusCode, action).toBeGreaterThanOrEqual(400);
      expect(summaries(refused.body), action).toBe(1);
      const links = summaryLinks(refused.body);
      for (const first of firstLinks) expect(links, action).toContain(first);
      for (const id of links) expect(refused.body, `${action} links to #${id}`).toContain(`id="${id}"`);
    }
    const timeline = await browser.get(
      `/cases/${c.caseId}/timeline?from-day=31&from-month=2&from-year=2026&to-day=&to-month=&to-year=`,
    );
    expect(timeline.statusCode).toBe(400);
    expect(summaries(timeline.body)).toBe(1);
    for (const id of summaryLinks(timeline.body)) expect(timeline.body).toContain(`id="${id}"`);
  });
});
