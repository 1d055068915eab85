import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

const DAY = 86_400_000;
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const parts = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y!,
  };
};

type PlanVersion = {
  id: string;
  version: number;
  summary: string;
  actions: { action: string; owner: string; reviewOn: string }[];
  reviewDate: string;
  author: string;
  riskAssessment: { id: string; completedAt: string | null; effectiveBand: string | null } | null;
};
type PlansBody = {
  victims: { caseVictimId: string; victim: string; current: PlanVersion | null; history: PlanVersion[] }[];
};

describe.each(targets)('safety plans on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let psychiatrist: TestUser;
  let outsider: TestUser;
  let theCase: TestCase;
  const { get, post, api } = clientsFor(() => t);

  const plansUrl = () => `/cases/${theCase.caseId}/safety-plans`;
  const editUrl = () => `/cases/${theCase.caseId}/safety-plans/${theCase.caseVictimId}/edit`;
  const apiPostUrl = () => `/api/v1/cases/${theCase.caseId}/safety-plans/${theCase.caseVictimId}`;

  const planForm = (overrides: Record<string, string> = {}) => ({
    summary: 'Victim has moved; the perpetrator knows her workplace',
    'actions-1-action': 'Install a panic alarm',
    'actions-1-owner': 'Police',
    ...parts('actions-1-reviewOn', isoIn(14)),
    'actions-2-action': '',
    'actions-2-owner': '',
    'actions-3-action': 'Agree a safe route to work',
    'actions-3-owner': 'Stalking advocate',
    ...parts('actions-3-reviewOn', isoIn(7)),
    ...parts('reviewDate', isoIn(28)),
    expectedVersion: '0',
    ...overrides,
  });

  const versions = () =>
    t.db.owner
      .selectFrom('safety_plan')
      .select(['version', 'risk_assessment_id', 'summary', 'author_id'])
      .where('case_victim_id', '=', theCase.caseVictimId)
      .orderBy('version')
      .execute();

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    psychiatrist = await t.createUser({
      role: 'forensic_psychiatrist',
      sites: [site],
      displayName: 'Dr Pia Psychiatrist',
    });
    outsider = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Otto Outsider',
    });
    theCase = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id, psychiatrist.id] });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('shows the victim with no plan yet and offers the advocate to create one', async () => {
    const response = await get(advocate, plansUrl());
    expect(response.statusCode).toBe(200);
    expect(textOf(response.body)).toContain('No safety plan has been recorded');
    expect(response.body).toContain(`href="${editUrl()}"`);
    expect(response.body).toContain('Safety plans</a>');
    const edit = await get(advocate, editUrl());
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('name="_csrf"');
    expect(edit.body).toContain('name="expectedVersion" value="0"');
  });

  it('creates version 1, then a revision as version 2 with the history kept', async () => {
    const first = await post(advocate, editUrl(), planForm());
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${plansUrl()}?saved=1`);
    let rows = await versions();
    expect(rows.map((r) => r.version)).toEqual([1]);
    expect(rows[0]!.risk_assessment_id).toBeNull();
    expect(rows[0]!.author_id).toBe(advocate.id);

    const edit = await get(advocate, editUrl());
    expect(edit.body).toContain('name="expectedVersion" value="1"');
    expect(edit.body).toContain('Install a panic alarm');

    const second = await post(
      advocate,
      editUrl(),
      planForm({ summary: 'Revised after the order was served', expectedVersion: '1' }),
    );
    expect(second.statusCode).toBe(303);
    rows = await versions();
    expect(rows.map((r) => r.version)).toEqual([1, 2]);

    const page = await get(advocate, plansUrl());
    const text = textOf(page.body);
    expect(text).toContain('Version 2');
    expect(text).toContain('Revised after the order was served');
    expect(text).toContain('Version history');
    expect(text).toMatch(/Version 1 – Ada Advocate, \d{1,2} \w+ \d{4}/);
    expect(text).toContain('Install a panic alarm Police');
    expect(text).toContain('Agree a safe route to work Stalking advocate');
    expect(page.body).toContain('govuk-details');
    expect(text).toContain('No completed risk assessment when this version was saved');

    const listed = await api(advocate, 'GET', `/api/v1/cases/${theCase.caseId}/safety-plans`);
    expect(listed.statusCode).toBe(200);
    const body = listed.json<PlansBody>();
    expect(body.victims).toHaveLength(1);
    expect(body.victims[0]!.current!.version).toBe(2);
    expect(body.victims[0]!.current!.actions).toEqual([
      { action: 'Install a panic alarm', owner: 'Police', reviewOn: isoIn(14) },
      { action: 'Agree a safe route to work', owner: 'Stalking advocate', reviewOn: isoIn(7) },
    ]);
    expect(body.victims[0]!.history.map((h) => h.version)).toEqual([1]);
    expect(body.victims[0]!.history[0]!.summary).toBe(
      'Victim has moved; the perpetrator knows her workplace',
    );
  });

  it('refuses a stale expected version, keeping what was typed and saving nothing', async () => {
    const stale = await post(
      advocate,
      editUrl(),
      planForm({ summary: 'My stale revision', expectedVersion: '1' }),
    );
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this plan');
    expect(stale.body).toContain('My stale revision');
    expect((await versions()).map((r) => r.version)).toEqual([1, 2]);

    const viaApi = await api(advocate, 'POST', apiPostUrl(), {
      summary: 'Stale via the API',
      actions: [{ action: 'Call daily', owner: 'Advocate', reviewOn: isoIn(3) }],
      reviewDate: isoIn(10),
      expectedVersion: 1,
    });
    expect(viaApi.statusCode).toBe(409);
    expect((await versions()).map((r) => r.version)).toEqual([1, 2]);
  });

  it('refuses a review date in the past', async () => {
    const response = await post(
      advocate,
      editUrl(),
      planForm({ expectedVersion: '2', ...parts('reviewDate', isoIn(-3)) }),
    );
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('The review date cannot be in the past');
    const viaApi = await api(advocate, 'POST', apiPostUrl(), {
      summary: 'Past review',
      actions: [{ action: 'Call daily', owner: 'Advocate', reviewOn: isoIn(3) }],
      reviewDate: isoIn(-3),
      expectedVersion: 2,
    });
    expect(viaApi.statusCode).toBe(400);
    expect((await versions()).map((r) => r.version)).toEqual([1, 2]);
  });

  it('refuses a plan with no actions', async () => {
    const response = await post(advocate, editUrl(), {
      summary: 'No actions at all',
      ...parts('reviewDate', isoIn(10)),
      expectedVersion: '2',
    });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Add at least one action');
    expect(response.body).toContain('No actions at all');
    const viaApi = await api(advocate, 'POST', apiPostUrl(), {
      summary: 'No actions',
      actions: [],
      reviewDate: isoIn(10),
      expectedVersion: 2,
    });
    expect(viaApi.statusCode).toBe(400);
    expect((await versions()).map((r) => r.version)).toEqual([1, 2]);
  });

  it('lets the psychiatrist on the team read the plans but not change them', async () => {
    const page = await get(psychiatrist, plansUrl());
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Revised after the order was served');
    expect(page.body).not.toContain(`href="${editUrl()}"`);
    expect((await get(psychiatrist, editUrl())).statusCode).toBe(403);
    expect((await post(psychiatrist, editUrl(), planForm({ expectedVersion: '2' }))).statusCode).toBe(403);
    const viaApi = await api(psychiatrist, 'POST', apiPostUrl(), {
      summary: 'Not mine to write',
      actions: [{ action: 'Call daily', owner: 'Advocate', reviewOn: isoIn(3) }],
      reviewDate: isoIn(10),
      expectedVersion: 2,
    });
    expect(viaApi.statusCode).toBe(403);
    expect((await api(psychiatrist, 'GET', `/api/v1/cases/${theCase.caseId}/safety-plans`)).statusCode).toBe(
      200,
    );
    expect((await versions()).map((r) => r.version)).toEqual([1, 2]);
  });

  it('does not exist for someone not on the team', async () => {
    expect((await get(outsider, plansUrl())).statusCode).toBe(404);
    expect((await get(outsider, editUrl())).statusCode).toBe(404);
    expect((await post(outsider, editUrl(), planForm({ expectedVersion: '2' }))).statusCode).toBe(404);
    expect((await api(outsider, 'GET', `/api/v1/cases/${theCase.caseId}/safety-plans`)).statusCode).toBe(404);
    const viaApi = await api(outsider, 'POST', apiPostUrl(), {
      summary: 'Outsider',
      actions: [{ action: 'Call daily', owner: 'Advocate', reviewOn: isoIn(3) }],
      reviewDate: isoIn(10),
      expectedVersion: 2,
    });
    expect(viaApi.statusCode).toBe(404);
  });

  it('links the latest completed risk assessment when there is one', async () => {
    const instrument = await t.db.owner
      .insertInto('instrument')
      .values({ code: 'test-spj-safety', name: 'Test structured tool', tier: 'spj' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await t.db.owner
      .insertInto('instrument_version')
      .values({
        instrument_id: instrument.id,
        version: 1,
        definition: JSON.stringify({
          code: 'test-spj-safety',
          name: 'Test structured tool',
          version: 1,
          tier: 'spj',
          template: true,
          typologies: [],
          sections: [
            {
              id: 'escalation',
              title: 'Escalation',
              rated: true,
              items: [{ id: 'esc_1', prompt: 'Has it escalated?', type: 'yes_no', required: true }],
            },
          ],
          summary: { kind: 'professional_judgement' },
        }),
        is_template: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const completedAt = new Date(Date.now() - 5 * DAY);
    const assessment = await t.db.owner
      .insertInto('risk_assessment')
      .values({
        case_id: theCase.caseId,
        instrument_version_id: version.id,
        status: 'completed',
        assessor_id: psychiatrist.id,
        computed_band: 'moderate',
        override_band: 'high',
        override_reason: 'Threats after the order',
        plan_actions: JSON.stringify([{ action: 'Weekly supervision', owner: 'Probation' }]),
        next_review_date: isoIn(60),
        started_at: new Date(completedAt.getTime() - DAY),
        updated_at: completedAt,
        completed_at: completedAt,
        completed_by: psychiatrist.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const created = await api(advocate, 'POST', apiPostUrl(), {
      summary: 'After the structured assessment',
      actions: [{ action: 'Review bail conditions with police', owner: 'Police', reviewOn: isoIn(5) }],
      reviewDate: isoIn(21),
      expectedVersion: 2,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ version: number }>().version).toBe(3);
    const rows = await versions();
    expect(rows.map((r) => [r.version, r.risk_assessment_id])).toEqual([
      [1, null],
      [2, null],
      [3, assessment.id],
    ]);

    const page = await get(psychiatrist, plansUrl());
    expect(page.body).toContain(`href="/cases/${theCase.caseId}/assessments/${assessment.id}"`);
    expect(textOf(page.body)).toMatch(/Risk assessment completed \d{1,2} \w+ \d{4} – High risk/);

    const listed = (
      await api(advocate, 'GET', `/api/v1/cases/${theCase.caseId}/safety-plans`)
    ).json<PlansBody>();
    expect(listed.victims[0]!.current!.riskAssessment).toMatchObject({
      id: assessment.id,
      effectiveBand: 'high',
    });
    expect(listed.victims[0]!.history.map((h) => [h.version, h.riskAssessment])).toEqual([
      [2, null],
      [1, null],
    ]);
  });

  it('audits views and changes', async () => {
    const events = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'user_id', 'record_type'])
      .where('case_id', '=', theCase.caseId)
      .where('record_type', '=', 'safety_plan')
      .execute();
    const count = (action: string, userId: string) =>
      events.filter((e) => e.action === action && e.user_id === userId).length;
    expect(count('safety_plan.created', advocate.id)).toBe(3);
    expect(count('safety_plan.list', advocate.id)).toBeGreaterThan(0);
    expect(count('safety_plan.list', psychiatrist.id)).toBeGreaterThan(0);
    expect(count('safety_plan.edit.view', advocate.id)).toBeGreaterThan(0);
    expect(count('safety_plan.list', outsider.id)).toBe(0);
  });
});
