import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const dateDaysAgo = (n: number) => daysAgo(n).toISOString().slice(0, 10);

const SPJ_DEFINITION = {
  code: 'test-spj',
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
      items: [{ id: 'esc_1', prompt: 'Has the behaviour escalated?', type: 'yes_no', required: true }],
    },
    {
      id: 'victim_safety',
      title: 'Victim safety',
      rated: true,
      items: [{ id: 'vs_1', prompt: 'Is the victim safe?', type: 'yes_no', required: true }],
    },
  ],
  summary: { kind: 'professional_judgement' },
};

const SCREENING_DEFINITION = {
  code: 'test-screen',
  name: 'Test screening tool',
  version: 1,
  tier: 'screening',
  template: true,
  typologies: [],
  sections: [
    {
      id: 'screen',
      title: 'Screening questions',
      rated: false,
      items: [{ id: 's_1', prompt: 'Fixated?', type: 'yes_no', required: true }],
    },
  ],
  summary: { kind: 'count_yes', items: ['s_1'], bands: [{ min: 0, max: 1, band: 'high' }] },
};

describe.each(targets)('risk over time, reviews due and notifications on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychologist: TestUser;
  let officer: TestUser;
  let outsider: TestUser;
  let coordinator: TestUser;
  let theCase: TestCase;
  let unassessedCase: TestCase;
  let spjVersion: string;
  let screeningVersion: string;
  const { sessionOf, get, post } = clientsFor(() => t);

  async function instrument(definition: typeof SPJ_DEFINITION | typeof SCREENING_DEFINITION) {
    const i = await t.db.owner
      .insertInto('instrument')
      .values({ code: definition.code, name: definition.name, tier: definition.tier as 'spj' | 'screening' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await t.db.owner
      .insertInto('instrument_version')
      .values({ instrument_id: i.id, version: 1, definition: JSON.stringify(definition), is_template: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    return v.id;
  }

  async function completedAssessment(options: {
    caseId: string;
    version: string;
    assessor: string;
    completedDaysAgo: number;
    nextReviewDaysAgo: number;
    computedBand: 'low' | 'moderate' | 'high';
    ratings?: { domain: string; rating: 'low' | 'moderate' | 'high'; rationale: string }[];
  }) {
    const completedAt = daysAgo(options.completedDaysAgo);
    const a = await t.db.owner
      .insertInto('risk_assessment')
      .values({
        case_id: options.caseId,
        instrument_version_id: options.version,
        status: 'completed',
        assessor_id: options.assessor,
        computed_band: options.computedBand,
        plan_actions: JSON.stringify([{ action: 'Weekly supervision', owner: 'Probation' }]),
        next_review_date: dateDaysAgo(options.nextReviewDaysAgo),
        started_at: new Date(completedAt.getTime() - DAY),
        updated_at: completedAt,
        completed_at: completedAt,
        completed_by: options.assessor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of options.ratings ?? []) {
      await t.db.owner
        .insertInto('risk_rating')
        .values({
          assessment_id: a.id,
          case_id: options.caseId,
          domain: r.domain,
          rating: r.rating,
          rationale: r.rationale,
          rated_by: options.assessor,
          rated_at: completedAt,
        })
        .execute();
    }
    return a.id;
  }

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    psychologist = await t.createUser({
      role: 'forensic_psychologist',
      sites: [site],
      displayName: 'Dr Petra Psychologist',
    });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ian Officer',
    });
    outsider = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Otto Outsider',
    });
    coordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [site],
      displayName: 'Cora Coordinator',
    });
    theCase = await t.seedCase({ site, createdBy: officer.id, team: [psychologist.id, officer.id] });
    unassessedCase = await t.seedCase({ site, createdBy: officer.id, team: [officer.id] });
    await t.db.owner
      .updateTable('cases')
      .set({ status: 'active', accepted_mode: 'intervention' })
      .where('id', '=', unassessedCase.caseId)
      .execute();

    spjVersion = await instrument(SPJ_DEFINITION);
    screeningVersion = await instrument(SCREENING_DEFINITION);
    await completedAssessment({
      caseId: theCase.caseId,
      version: spjVersion,
      assessor: psychologist.id,
      completedDaysAgo: 120,
      nextReviewDaysAgo: 60,
      computedBand: 'moderate',
      ratings: [
        { domain: 'escalation', rating: 'moderate', rationale: 'Repeated messages but no threats' },
        { domain: 'victim_safety', rating: 'low', rationale: 'Victim has moved and is supported' },
      ],
    });
    await completedAssessment({
      caseId: theCase.caseId,
      version: spjVersion,
      assessor: psychologist.id,
      completedDaysAgo: 60,
      nextReviewDaysAgo: 30,
      computedBand: 'high',
      ratings: [
        { domain: 'escalation', rating: 'high', rationale: 'Threats <made> after the order was served' },
        { domain: 'victim_safety', rating: 'low', rationale: 'No change' },
      ],
    });
    // a high screening after the structured assessment, its review overdue
    await completedAssessment({
      caseId: theCase.caseId,
      version: screeningVersion,
      assessor: officer.id,
      completedDaysAgo: 20,
      nextReviewDaysAgo: 5,
      computedBand: 'high',
    });
    await t.db.owner
      .insertInto('risk_assessment')
      .values({ case_id: theCase.caseId, instrument_version_id: spjVersion, assessor_id: psychologist.id })
      .execute();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the risk page', () => {
    it('shows current ratings, the chart beside its table, and each change with who and why', async () => {
      const response = await get(psychologist, `/cases/${theCase.caseId}/risk`);
      expect(response.statusCode).toBe(200);
      const html = response.body;
      expect(html).toMatch(/<svg [^>]*role="img"/);
      expect(html).toMatch(/<svg [^>]*aria-labelledby="risk-chart-title risk-chart-desc"/);
      expect(html).toContain('<title id="risk-chart-title">');
      expect(html.match(/<path /g)).toHaveLength(2);
      expect(html).not.toMatch(/<svg[\s\S]*style=[\s\S]*<\/svg>/);
      expect(html).toContain('id="ratings-table"');

      const text = textOf(html);
      expect(text).toContain('Escalation');
      expect(text).toContain('Victim safety');
      expect(text).toMatch(
        /Escalation High \d+ \w+ \d{4} Test structured tool \(version 1\) Dr Petra Psychologist/,
      );
      expect(text).toContain('Moderate → High');
      expect(text).toContain('Not rated → Low');
      expect(text).toContain('Threats <made> after the order was served');
      expect(html).toContain('Threats &lt;made&gt; after the order was served');
      expect(text).toContain('Dr Petra Psychologist');
      // the latest completed assessment is the screening: its review is overdue
      expect(text).toMatch(/Next review due: \d+ \w+ \d{4} Overdue/);
      // a high screening with no structured assessment since
      expect(text).toContain('A full structured assessment is recommended');
      // the assessments, drafts too, and the way to start one
      expect(text).toContain('Draft');
      expect(html).toContain(`href="/cases/${theCase.caseId}/assessments/new"`);
      expect(text).toContain('Start a risk assessment');
      expect(html).toMatch(new RegExp(`href="/cases/${theCase.caseId}/assessments/[0-9a-f-]{36}"`));
    });

    it('is audited', async () => {
      const before = await t.db.owner
        .selectFrom('audit.event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', 'risk.overview.view')
        .where('case_id', '=', theCase.caseId)
        .where('user_id', '=', coordinator.id)
        .executeTakeFirstOrThrow();
      const response = await get(coordinator, `/cases/${theCase.caseId}/risk`);
      expect(response.statusCode).toBe(200);
      expect(textOf(response.body)).not.toContain('Start a risk assessment');
      const after = await t.db.owner
        .selectFrom('audit.event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', 'risk.overview.view')
        .where('case_id', '=', theCase.caseId)
        .where('user_id', '=', coordinator.id)
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n) + 1);
    });

    it('does not exist for a user not on the team', async () => {
      expect((await get(outsider, `/cases/${theCase.caseId}/risk`)).statusCode).toBe(404);
      const token = await t.apiToken(outsider.id);
      const api = await t.inject({
        method: 'GET',
        url: `/api/v1/cases/${theCase.caseId}/risk`,
        headers: { authorization: token.authorization },
      });
      expect(api.statusCode).toBe(404);
    });

    it('keeps risk management plans at /risk-plans, page and API', async () => {
      const page = await get(psychologist, `/cases/${theCase.caseId}/risk-plans`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('Risk management plans');
      const token = await t.apiToken(psychologist.id);
      const api = await t.inject({
        method: 'GET',
        url: `/api/v1/cases/${theCase.caseId}/risk-plans`,
        headers: { authorization: token.authorization },
      });
      expect(api.statusCode).toBe(200);
    });

    it('gives the current risk under /api/v1', async () => {
      const token = await t.apiToken(psychologist.id);
      const response = await t.inject({
        method: 'GET',
        url: `/api/v1/cases/${theCase.caseId}/risk`,
        headers: { authorization: token.authorization },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.current.map((c: { domain: string; rating: string }) => [c.domain, c.rating])).toEqual([
        ['escalation', 'high'],
        ['victim_safety', 'low'],
      ]);
      expect(body.history[0]).toMatchObject({
        domain: 'escalation',
        from: 'moderate',
        to: 'high',
        by: 'Dr Petra Psychologist',
      });
      expect(body.history).toHaveLength(3);
      expect(body.nextReviewDate).toBe(dateDaysAgo(5));
      expect(body.nextReviewOverdue).toBe(true);
      expect(body.fullAssessmentRecommended).toBe(true);
      expect(body.bands.screening).toMatchObject({ band: 'high', overridden: false });
      expect(body.bands.spj).toMatchObject({ band: 'high' });
    });
  });

  it('describes the new API in the OpenAPI document', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/api/docs/json',
      // the API's description is for signed-in users only
      headers: { cookie: (await t.signIn(psychologist.id)).cookie },
    });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { paths: Record<string, Record<string, unknown>> };
    for (const path of [
      '/api/v1/cases/{id}/risk',
      '/api/v1/cases/{id}/risk-plans',
      '/api/v1/reviews',
      '/api/v1/notifications',
    ])
      expect(doc.paths[path]?.get, path).toBeDefined();
  });

  describe('reviews due', () => {
    it('lists an overdue review for a team member, and a case with no assessment', async () => {
      const response = await get(officer, '/reviews');
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain(theCase.reference);
      expect(text).toContain('Overdue');
      expect(text).toContain(unassessedCase.reference);
      expect(text).toContain('Not assessed');
      // soonest first: the case never assessed, then the overdue one
      expect(text.indexOf(unassessedCase.reference)).toBeLessThan(text.indexOf(theCase.reference));
    });

    it('does not list it for a user outside the team', async () => {
      const response = await get(outsider, '/reviews');
      expect(response.statusCode).toBe(200);
      expect(textOf(response.body)).not.toContain(theCase.reference);
      expect(textOf(response.body)).toContain('No reviews are due');
    });

    it('shows the site coordinator the whole site, and the API the same', async () => {
      const page = await get(coordinator, `/reviews?site=${site.id}`);
      expect(textOf(page.body)).toContain(theCase.reference);
      const token = await t.apiToken(psychologist.id);
      const api = await t.inject({
        method: 'GET',
        url: '/api/v1/reviews',
        headers: { authorization: token.authorization },
      });
      expect(api.statusCode).toBe(200);
      const body = api.json();
      expect(body.items).toEqual([
        expect.objectContaining({ caseId: theCase.caseId, state: 'overdue', nextReviewDate: dateDaysAgo(5) }),
      ]);
    });
  });

  describe('notifications', () => {
    let mine: string[];
    let theirs: string;

    beforeAll(async () => {
      const rows = await t.db.owner
        .insertInto('notification')
        .values([
          {
            user_id: psychologist.id,
            case_id: theCase.caseId,
            kind: 'risk.raised_high',
            message: `Escalation was rated high on case ${theCase.reference} <script>`,
            link: `/cases/${theCase.caseId}/risk`,
            created_at: daysAgo(2),
          },
          {
            user_id: psychologist.id,
            case_id: theCase.caseId,
            kind: 'risk.raised_high',
            message: 'An older alert',
            created_at: daysAgo(3),
          },
          {
            user_id: officer.id,
            case_id: theCase.caseId,
            kind: 'risk.raised_high',
            message: 'For the officer only',
          },
        ])
        .returning(['id', 'user_id'])
        .execute();
      mine = rows.filter((r) => r.user_id === psychologist.id).map((r) => r.id);
      theirs = rows.find((r) => r.user_id === officer.id)!.id;
    });

    it('each user sees only their own (row-level security)', async () => {
      const seen = await t.asUser(psychologist.id, (tx) =>
        tx.selectFrom('notification').select(['id', 'user_id']).execute(),
      );
      expect(seen.map((n) => n.id).sort()).toEqual([...mine].sort());
    });

    it('lists them newest first, escaped, with the unread count in the navigation', async () => {
      const response = await get(psychologist, '/notifications');
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('Notifications (2)');
      expect(text).toContain('2 unread');
      expect(text.indexOf('Escalation was rated high')).toBeLessThan(text.indexOf('An older alert'));
      expect(text).not.toContain('For the officer only');
      expect(response.body).not.toContain('<script>');
      expect(response.body).toContain('&lt;script&gt;');
      expect(response.body).toContain(`href="/cases/${theCase.caseId}/risk"`);
      expect(response.body).toContain(`href="/cases/${theCase.caseId}"`);
    });

    it('marks one read, and refuses another user’s', async () => {
      const marked = await post(psychologist, `/notifications/${mine[0]}/read`);
      expect(marked.statusCode).toBe(303);
      const page = await get(psychologist, '/notifications');
      expect(textOf(page.body)).toContain('Notifications (1)');
      expect(textOf(page.body)).toContain('1 unread');

      const refused = await post(psychologist, `/notifications/${theirs}/read`);
      expect(refused.statusCode).toBe(404);
      const other = await t.db.owner
        .selectFrom('notification')
        .select('read_at')
        .where('id', '=', theirs)
        .executeTakeFirstOrThrow();
      expect(other.read_at).toBeNull();

      const noCsrf = await t.inject({
        method: 'POST',
        url: `/notifications/${mine[1]}/read`,
        headers: {
          cookie: (await sessionOf(psychologist)).cookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: '',
      });
      expect(noCsrf.statusCode).toBe(403);
    });

    it('marks all read, and the API lists them', async () => {
      expect((await post(psychologist, '/notifications/read-all')).statusCode).toBe(303);
      const page = await get(psychologist, '/notifications');
      expect(textOf(page.body)).toContain('0 unread');
      expect(textOf(page.body)).not.toContain('Notifications (');
      const token = await t.apiToken(officer.id);
      const api = await t.inject({
        method: 'GET',
        url: '/api/v1/notifications',
        headers: { authorization: token.authorization },
      });
      expect(api.statusCode).toBe(200);
      expect(api.json()).toMatchObject({
        unread: 1,
        items: [expect.objectContaining({ id: theirs, message: 'For the officer only', readAt: null })],
      });
    });
  });
});
