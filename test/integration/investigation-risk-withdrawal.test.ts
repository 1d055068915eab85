import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

// A change in the police investigation and a risk management plan recorded in error are withdrawn
// with a reason (issue 11): the change (latest first) puts the investigation status back, the plan
// leaves the plans, and each stays listed as withdrawn with who and why.
describe.each(targets)('withdrawing investigation changes and risk plans on %s', (target) => {
  let t: TestApp;
  let officer: TestUser;
  let probation: TestUser;
  let psychologist: TestUser;
  let outsider: TestUser;
  let theCase: TestCase;
  const { get, post, api } = clientsFor(() => t);
  const today = new Date().toISOString().slice(0, 10);
  const changes: Record<string, string> = {};
  let planId = '';

  const caseRow = () =>
    t.db.owner
      .selectFrom('cases')
      .select(['investigation_status', 'version'])
      .where('id', '=', theCase.caseId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivy Officer',
    });
    probation = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    psychologist = await t.createUser({ role: 'clinical_psychologist', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    theCase = await t.seedCase({
      site,
      createdBy: officer.id,
      team: [officer.id, probation.id, psychologist.id],
      investigationStatus: 'under_investigation',
    });
    for (const to of ['charged', 'convicted'] as const) {
      const r = await api(officer, 'POST', `/api/v1/cases/${theCase.caseId}/investigation`, {
        to,
        effectiveOn: today,
        reason: `Recorded as ${to}`,
        version: (await caseRow()).version,
      });
      expect(r.statusCode, r.body).toBe(201);
      changes[to] = r.json().id;
    }
    const plan = await api(officer, 'POST', `/api/v1/cases/${theCase.caseId}/risk-plans`, {
      riskLevel: 'high',
      summary: 'Daily checks by the neighbourhood team',
      nextReviewDate: '2027-01-15',
    });
    expect(plan.statusCode, plan.body).toBe(201);
    planId = plan.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('withdraws the latest investigation change through its confirmation page: the status goes back', async () => {
    expect(await caseRow()).toMatchObject({ investigation_status: 'convicted' });
    // only the latest change is offered, and an earlier one is refused
    const history = await get(officer, `/cases/${theCase.caseId}/investigation`);
    expect(history.body).toContain(`/investigation/${changes.convicted}/withdraw`);
    expect(history.body).not.toContain(`/investigation/${changes.charged}/withdraw`);
    const earlier = await get(officer, `/cases/${theCase.caseId}/investigation/${changes.charged}/withdraw`);
    expect(earlier.statusCode).toBe(409);
    expect(textOf(earlier.body)).toContain('Only the latest change can be withdrawn');

    const url = `/cases/${theCase.caseId}/investigation/${changes.convicted}/withdraw`;
    const page = await get(officer, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('From “Charged” to “Convicted”');
    const noReason = await post(officer, url, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect(await caseRow()).toMatchObject({ investigation_status: 'convicted' });

    const done = await post(officer, url, { reason: 'The verdict was for a co-defendant' });
    expect(done.statusCode).toBe(303);
    expect(await caseRow()).toMatchObject({ investigation_status: 'charged' });
    const after = textOf((await get(officer, `/cases/${theCase.caseId}/investigation`)).body);
    expect(after).toContain('The person is charged');
    expect(after).toMatch(
      /From charged to convicted, took effect .+, withdrawn .+ by Ivy Officer: The verdict was for a co-defendant/,
    );
    const listed = (await api(officer, 'GET', `/api/v1/cases/${theCase.caseId}/investigation`)).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([changes.charged]);
    const timeline = textOf((await get(psychologist, `/cases/${theCase.caseId}/timeline`)).body);
    expect(timeline).toContain('Investigation: Charged');
    expect(timeline).not.toContain('Investigation: Convicted');
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'record_id'])
      .where('action', '=', 'investigation_status_event.withdrawn')
      .execute();
    expect(audit).toEqual([expect.objectContaining({ record_id: changes.convicted })]);
  });

  it('refuses the health team, anyone off the case and a second withdrawal; the API withdraws the next', async () => {
    const apiUrl = (id: string) => `/api/v1/cases/${theCase.caseId}/investigation/${id}/withdrawal`;
    const reason = { reason: 'Entered on the wrong case' };
    expect((await api(psychologist, 'POST', apiUrl(changes.charged!), reason)).statusCode).toBe(403);
    expect((await api(outsider, 'POST', apiUrl(changes.charged!), reason)).statusCode).toBe(404);
    expect((await api(officer, 'POST', apiUrl(changes.convicted!), reason)).statusCode).toBe(409);
    expect(await caseRow()).toMatchObject({ investigation_status: 'charged' });
    expect((await api(probation, 'POST', apiUrl(changes.charged!), reason)).statusCode).toBe(204);
    expect(await caseRow()).toMatchObject({ investigation_status: 'under_investigation' });
    // the next change is recorded from the status as it now stands
    const again = await api(officer, 'POST', `/api/v1/cases/${theCase.caseId}/investigation`, {
      to: 'no_further_action',
      effectiveOn: today,
      reason: 'No further action',
      version: (await caseRow()).version,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(await caseRow()).toMatchObject({ investigation_status: 'no_further_action' });
    const listed = (await api(officer, 'GET', `/api/v1/cases/${theCase.caseId}/investigation`)).json();
    expect(listed.items).toEqual([
      expect.objectContaining({ id: again.json().id, from: 'under_investigation', to: 'no_further_action' }),
    ]);
  });

  it('withdraws a risk management plan: it leaves the plans and stays listed as withdrawn', async () => {
    const url = `/cases/${theCase.caseId}/risk-plans/${planId}/withdraw`;
    expect((await get(officer, `/cases/${theCase.caseId}/risk-plans`)).body).toContain(url);
    // probation read risk, so neither the link nor the withdrawal
    expect((await get(probation, `/cases/${theCase.caseId}/risk-plans`)).body).not.toContain(url);
    expect((await get(probation, url)).statusCode).toBe(403);
    expect((await get(outsider, url)).statusCode).toBe(404);
    const page = await get(officer, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('High');
    const noReason = await post(officer, url, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const done = await post(officer, url, { reason: 'Written for another case' });
    expect(done.statusCode).toBe(303);
    const plans = textOf((await get(probation, `/cases/${theCase.caseId}/risk-plans`)).body);
    expect(plans).not.toContain('Daily checks by the neighbourhood team');
    expect(plans).toMatch(
      /High risk plan recorded .+, withdrawn .+ by Ivy Officer: Written for another case/,
    );
    expect((await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/risk-plans`)).json().items).toEqual(
      [],
    );
    const second = await api(
      officer,
      'POST',
      `/api/v1/cases/${theCase.caseId}/risk-plans/${planId}/withdrawal`,
      {
        reason: 'Again',
      },
    );
    expect(second.statusCode).toBe(409);
  });
});
