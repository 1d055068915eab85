import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';
import { describeAuditAction, describeAuditReason } from '../../src/platform/audit/describe.js';

/**
 * Issue 11, item 6: the case's access log a coordinator can read — human labels instead of
 * `incident.view` and `break-glass: out_of_hours`, pages of 50, filters by person, action and date,
 * and a CSV of what the filters match (audited as an export).
 */
describe('audit events in words', () => {
  it('names known actions, builds the rest from record and verb, and explains break-glass', () => {
    expect(describeAuditAction('incident.view')).toBe('Viewed an incident');
    expect(describeAuditAction('victim_contact.view')).toBe('Viewed a victim’s contact details');
    expect(describeAuditAction('court_outcome.created')).toBe('Added court outcome');
    expect(describeAuditAction('mystery')).toBe('Mystery');
    expect(describeAuditReason('break-glass: out_of_hours')).toBe(
      'Break-glass: Out-of-hours incident and the case team cannot be reached',
    );
    expect(describeAuditReason('case team')).toBe('On the case team');
  });
});

describe.each(targets)('the access log on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let coordinator: TestUser;
  let officer: TestUser;
  let c: TestCase;
  const { get } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site], displayName: 'Cora Coord' });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivo Officer',
    });
    c = await t.seedCase({ site, createdBy: officer.id, team: [officer.id] });
    // 60 incident views by the officer a week ago, and one break-glass view yesterday
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    await t.db.owner
      .insertInto('audit.event')
      .values(
        Array.from({ length: 60 }, () => ({
          user_id: officer.id,
          action: 'incident.view',
          case_id: c.caseId,
          record_type: 'incident',
          reason: 'case team',
          at: weekAgo,
          details: '{}',
        })),
      )
      .execute();
    await t.db.owner
      .insertInto('audit.event')
      .values({
        user_id: officer.id,
        action: 'victim_contact.view',
        case_id: c.caseId,
        record_type: 'victim_contact',
        reason: 'break-glass: out_of_hours',
        break_glass: true,
        at: new Date(Date.now() - 86_400_000),
        details: '{}',
      })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (q = '') => `/cases/${c.caseId}/access-log${q}`;

  it('shows events in words, 50 to a page, with the next page linked', async () => {
    const first = await get(coordinator, url());
    expect(first.statusCode).toBe(200);
    const text = textOf(first.body);
    expect(text).toContain('Viewed an incident');
    expect(text).toContain('Break-glass: Out-of-hours incident and the case team cannot be reached');
    expect(text).not.toContain('incident.view');
    expect(text).not.toContain('out_of_hours');
    expect(text).toMatch(/6\d events, page 1 of 2/);
    expect((first.body.match(/<tr class="govuk-table__row">/g) ?? []).length).toBe(51);
    expect(first.body).toContain('href="?page=2"');
    const second = await get(coordinator, url('?page=2'));
    expect(textOf(second.body)).toContain('page 2 of 2');
  });

  it('filters by person, action and date', async () => {
    const byAction = textOf((await get(coordinator, url('?action=victim_contact.view'))).body);
    expect(byAction).toContain('1 event.');
    const now = new Date();
    const q = `?from-day=${now.getDate()}&from-month=${now.getMonth() + 1}&from-year=${now.getFullYear()}&who=${officer.id}`;
    const today = textOf((await get(coordinator, url(q))).body);
    expect(today).toContain('0 events.');
    const bad = await get(coordinator, url('?from-day=31&from-month=2&from-year=2026'));
    expect(bad.statusCode).toBe(400);
    expect(errorSummaryOf(bad.body)).toContain('The from date must be a real date');
  });

  it('downloads what the filters match as CSV, audited as an export; others get 404', async () => {
    const csv = await get(coordinator, `/cases/${c.caseId}/access-log.csv?action=incident.view`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="access-log-.+\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('When (UTC),Who,Role,What,Why,Break-glass');
    expect(lines.length).toBe(61);
    expect(lines[1]).toContain('Ivo Officer,Investigating officer,Viewed an incident,On the case team,no');
    const exported = await t.db.owner
      .selectFrom('audit.event')
      .select('details')
      .where('case_id', '=', c.caseId)
      .where('action', '=', 'case.access_log.exported')
      .executeTakeFirst();
    expect(exported?.details).toMatchObject({ count: 60 });
    expect((await get(officer, `/cases/${c.caseId}/access-log.csv`)).statusCode).toBe(404);
    expect((await get(officer, url())).statusCode).toBe(404);
  });
});
