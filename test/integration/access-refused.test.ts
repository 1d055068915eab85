import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditKeys } from '../../src/platform/audit/mac.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

describe.each(targets)('refused access to cases on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let member: TestUser;
  let outsider: TestUser;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let administrator: TestUser;
  let theCase: TestCase;
  const { get } = clientsFor(() => t);

  async function refusals(userId: string) {
    const { rows } = await t.db.ownerPool.query<{ id: string; case_id: string; reason: string }>(
      `select id::text as id, case_id::text as case_id, reason from audit.event
        where action = 'access.refused' and user_id = $1 order by id`,
      [userId],
    );
    return rows;
  }

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    member = await t.createUser({ role: 'investigating_officer', sites: [site] });
    outsider = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Otto Outsider',
    });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    otherCoordinator = await t.createUser({ role: 'site_coordinator', sites: [otherSite] });
    administrator = await t.createUser({ role: 'administrator', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a refused case as a security event, at most once a minute per person and case', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await get(outsider, `/cases/${theCase.caseId}`)).statusCode).toBe(404);
    }
    const recorded = await refusals(outsider.id);
    expect(recorded).toEqual([
      expect.objectContaining({ case_id: theCase.caseId, reason: 'may not see this case' }),
    ]);
  });

  it('records a refused compartment too', async () => {
    // the investigating officer is on the team but may not read clinical notes
    expect((await get(member, `/cases/${theCase.caseId}/clinical`)).statusCode).toBe(404);
    expect((await get(member, `/cases/${theCase.caseId}/clinical`)).statusCode).toBe(404);
    expect(await refusals(member.id)).toEqual([
      expect.objectContaining({ case_id: theCase.caseId, reason: 'may not see the clinical compartment' }),
    ]);
  });

  it('caps refusals per person a minute, however many cases they try', async () => {
    for (let i = 0; i < 30; i += 1) {
      const other = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      expect((await get(outsider, `/cases/${other}`)).statusCode).toBe(404);
    }
    expect((await refusals(outsider.id)).length).toBe(20);
  });

  it('authenticates refusal events like any other: verify finds nothing wrong', async () => {
    const report = await verifyAuditChain(t.db.ownerPool, t.config.auditHeadFile, {
      keys: loadAuditKeys(process.env, t.config.dataDir).keys,
    });
    expect(report.problems).toEqual([]);
  });

  it("shows the site coordinator the attempts on their site's cases", async () => {
    const page = await get(coordinator, '/access-refusals');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Attempts to open cases you may not see');
    expect(text).toContain('Otto Outsider');
    expect(text).toContain(theCase.reference);
    expect(text).toContain('may not see the clinical compartment');
  });

  it('shows the administrator every attempt, without case content', async () => {
    const page = await get(administrator, '/access-refusals');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Otto Outsider');
    expect(text).toContain(theCase.caseId);
  });

  it("does not show them to another site's coordinator, nor to anyone else", async () => {
    const page = await get(otherCoordinator, '/access-refusals');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Otto Outsider');
    expect((await get(member, '/access-refusals')).statusCode).toBe(404);
  });
});
