import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';

/**
 * Issue 11: a page showed two error summaries (the layout's and the page's own) on the incident,
 * incident detail and timeline pages, and a date's error linked to no field. Every refused form
 * shows one summary, and each of its links goes to a field on the page: a date input's to its
 * first part in error (GOV.UK: `#occurredFrom-day`), the only part highlighted, with a message
 * whose example is as the boxes take it ("27 3 2026"); a time like 25:99 is the time's error.
 */
const summaries = (html: string) => html.split('class="govuk-error-summary"').length - 1;
const summaryLinks = (html: string) => {
  const summary = html.slice(html.indexOf('class="govuk-error-summary"'));
  const list = summary.slice(0, summary.indexOf('</ul>'));
  return [...list.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
};

const summaryText = (html: string) => {
  const summary = html.slice(html.indexOf('class="govuk-error-summary"'));
  return summary.slice(0, summary.indexOf('</ul>')).replace(/<[^>]+>/g, ' ');
};
/** The parts of a date input highlighted as in error. */
const highlighted = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input[^>]*id="${name}-(day|month|year)"[^>]*>`, 'g'))]
    .filter((m) => m[0].includes('govuk-input--error'))
    .map((m) => m[1]!);

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
    // issue 11: only the wrong part is highlighted, the message's example is as the boxes take it,
    // and a time like 25:99 is a time error
    const refusedIncident = async (form: Record<string, string>) => {
      await browser.get(`/cases/${c.caseId}/incidents/new`);
      const r = await browser.post(`/cases/${c.caseId}/incidents`, {
        timing: 'exact',
        description: 'Waited outside the house',
        behaviours: 'loitering',
        reportedBy: 'victim_diary',
        'occurredFrom-day': '4',
        'occurredFrom-month': '3',
        'occurredFrom-year': '2026',
        ...form,
      });
      expect(r.statusCode).toBe(400);
      return r.body;
    };
    const missingMonth = await refusedIncident({ 'occurredFrom-month': '' });
    expect(summaryLinks(missingMonth)).toEqual(['occurredFrom-month']);
    expect(highlighted(missingMonth, 'occurredFrom')).toEqual(['month']);
    const unrealMonth = await refusedIncident({ 'occurredFrom-month': '13' });
    expect(summaryLinks(unrealMonth)).toEqual(['occurredFrom-month']);
    expect(highlighted(unrealMonth, 'occurredFrom')).toEqual(['month']);
    expect(summaryText(unrealMonth)).toMatch(/for example, \d{1,2} \d{1,2} \d{4}/);
    expect(summaryText(unrealMonth)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const unrealTime = await refusedIncident({ occurredTime: '25:99' });
    expect(summaryLinks(unrealTime)).toEqual(['occurredTime']);
    expect(summaryText(unrealTime)).toContain('Enter a real time on the 24-hour clock, for example 14:30');
    expect(highlighted(unrealTime, 'occurredFrom')).toEqual([]);

    const timeline = await browser.get(
      `/cases/${c.caseId}/timeline?from-day=31&from-month=2&from-year=2026&to-day=&to-month=&to-year=`,
    );
    expect(timeline.statusCode).toBe(400);
    expect(summaries(timeline.body)).toBe(1);
    for (const id of summaryLinks(timeline.body)) expect(timeline.body).toContain(`id="${id}"`);
  });
});
