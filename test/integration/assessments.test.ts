import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { signIn } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, radioValues, textOf, type Response } from '../support/http.js';

/** A small structured professional judgement tool: a typology, two rated domains, no score. */
const SPJ = {
  code: 'test-spj',
  name: 'Test judgement tool',
  version: 1,
  tier: 'spj',
  template: true,
  typologies: [
    { value: 'rejected', label: 'Rejected' },
    { value: 'resentful', label: 'Resentful' },
  ],
  sections: [
    {
      id: 'violence',
      title: 'Stalking violence',
      rated: true,
      items: [
        { id: 'threats', prompt: 'Threats have been made', type: 'yes_no', required: true },
        { id: 'severity', prompt: 'Severity of the threats', type: 'scale', min: 0, max: 4, required: false },
        { id: 'first_seen', prompt: 'When the behaviour was first seen', type: 'date', required: false },
      ],
    },
    {
      id: 'persistence',
      title: 'Persistence',
      rated: true,
      items: [
        { id: 'duration', prompt: 'Duration and pattern', type: 'text', required: true, maxLength: 4000 },
      ],
    },
  ],
  summary: { kind: 'professional_judgement' },
};

/** A screening tool: four yes/no questions, counted. */
const SCREENING = {
  code: 'test-screening',
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
      items: ['q1', 'q2', 'q3', 'q4'].map((id, i) => ({
        id,
        prompt: `Screening question ${i + 1}`,
        type: 'yes_no',
        required: true,
      })),
    },
  ],
  summary: {
    kind: 'count_yes',
    items: ['q1', 'q2', 'q3', 'q4'],
    bands: [
      { min: 0, max: 1, band: 'low' },
      { min: 2, max: 3, band: 'moderate' },
      { min: 4, max: 4, band: 'high' },
    ],
  },
};

function isoInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
function dateParts(prefix: string, iso: string) {
  const [y, m, d] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y,
  };
}
const versionIn = (html: string): number => Number(/name="version" value="(\d+)"/.exec(html)?.[1]);
const assessmentIdFrom = (r: Response): string =>
  /\/assessments\/([0-9a-f-]{36})$/.exec(String(r.headers.location))![1]!;

describe.each(targets)('risk assessments on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychiatrist: TestUser;
  let officer: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let theCase: TestCase;
  let spjId: string;
  let screeningId: string;
  const team: string[] = [];

  // each call a fresh session (two browsers of one person are two sessions)
  const browserOf = async (user: TestUser): Promise<Browser> => (await signIn(t, user)).browser();
  const apiOf = async (user: TestUser) => (await signIn(t, user)).api;
  async function publish(def: typeof SPJ | typeof SCREENING): Promise<string> {
    const instrument = await t.db.owner
      .insertInto('instrument')
      .values({ code: def.code, name: def.name, tier: def.tier as 'spj' | 'screening' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await t.db.owner
      .insertInto('instrument_version')
      .values({
        instrument_id: instrument.id,
        version: 1,
        definition: JSON.stringify(def),
        is_template: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return version.id;
  }
  const assessment = (id: string) =>
    t.db.owner.selectFrom('risk_assessment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const notifications = (kind: string) =>
    t.db.owner
      .selectFrom('notification')
      .select(['user_id', 'message', 'link'])
      .where('case_id', '=', theCase.caseId)
      .where('kind', '=', kind)
      .execute();

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    psychiatrist = await t.createUser({
      role: 'forensic_psychiatrist',
      sites: [site],
      displayName: 'Petra Psychiatrist',
    });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Owen Officer',
    });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pat Probation',
    });
    outsider = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Oscar Outsider',
    });
    team.push(psychiatrist.id, officer.id, probation.id);
    theCase = await t.seedCase({ site, createdBy: officer.id, team });
    spjId = await publish(SPJ);
    screeningId = await publish(SCREENING);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a structured assessment, from start to completion', () => {
    let aid: string;
    let base: string;

    it('starts from the case with a chosen instrument, the user as assessor and a co-assessor', async () => {
      const b = await browserOf(psychiatrist);
      const page = await b.get(`/cases/${theCase.caseId}/assessments/new`);
      expect(page.statusCode).toBe(200);
      expect(radioValues(page.body, 'instrumentVersionId').sort()).toEqual([spjId, screeningId].sort());
      expect(textOf(page.body)).toContain('Template: replace with your licensed wording');

      const none = await b.post(`/cases/${theCase.caseId}/assessments/new`, { coAssessor: 'The referrer' });
      expect(none.statusCode).toBe(422);
      expect(errorSummaryOf(none.body)).toContain('Select the instrument to assess with');
      expect(none.body).toContain('value="The referrer"');

      const created = await b.post(`/cases/${theCase.caseId}/assessments/new`, {
        instrumentVersionId: spjId,
        coAssessor: 'The referrer',
      });
      expect(created.statusCode).toBe(303);
      aid = assessmentIdFrom(created);
      base = `/cases/${theCase.caseId}/assessments/${aid}`;
      const row = await assessment(aid);
      expect(row.status).toBe('draft');
      expect(row.assessor_id).toBe(psychiatrist.id);
      expect(row.co_assessor).toBe('The referrer');

      const view = await b.get(base);
      expect(view.statusCode).toBe(200);
      const text = textOf(view.body);
      expect(text).toContain('Stalking violence Rated: low, moderate or high, with a rationale Not started');
      expect(text).toContain('Complete assessment');
    });

    it('keeps a draft over two sittings, and never loses what was typed on a failed save', async () => {
      const first = await browserOf(psychiatrist);
      const form = await first.get(`${base}/sections/violence`);
      expect(form.statusCode).toBe(200);
      const saved = await first.post(`${base}/sections/violence`, {
        version: versionIn(form.body),
        'q-threats': 'yes',
        'q-severity': '3',
        rating: 'high',
      });
      expect(saved.statusCode).toBe(303);

      // a second sitting: a new session, another day
      const second = await browserOf(psychiatrist);
      const again = await second.get(`${base}/sections/violence`);
      expect(again.body).toMatch(/value="yes" checked/);
      expect(again.body).toMatch(/value="3" checked/);
      expect(again.body).toMatch(/name="rating" type="radio" value="high" checked/);
      expect(textOf((await second.get(base)).body)).toContain(
        'Stalking violence Rated: low, moderate or high, with a rationale In progress',
      );

      const bad = await second.post(`${base}/sections/violence`, {
        version: versionIn(again.body),
        'q-threats': 'yes',
        'q-severity': '9',
        'q-first_seen-day': '31',
        'q-first_seen-month': '2',
        'q-first_seen-year': '2024',
        rating: 'high',
        rationale: 'Threats escalating in frequency',
      });
      expect(bad.statusCode).toBe(400);
      const summary = errorSummaryOf(bad.body)!;
      expect(summary).toContain('must be a whole number from 0 to 4');
      expect(summary).toContain('must be a real date');
      expect(bad.body).toContain('value="31"');
      expect(bad.body).toContain('Threats escalating in frequency');
      expect(bad.body).toMatch(/href="#q-first_seen-day"/);

      // someone saved in between: 409, what was typed kept
      const stale = await second.post(`${base}/sections/violence`, {
        version: versionIn(again.body) - 1,
        'q-threats': 'no',
        rating: 'high',
        rationale: 'Typed while someone else saved',
      });
      expect(stale.statusCode).toBe(409);
      expect(errorSummaryOf(stale.body)).toContain('Someone else saved this assessment');
      expect(stale.body).toContain('Typed while someone else saved');
      const row = await assessment(aid);
      expect((row.answers as Record<string, unknown>).threats).toBe(true);
      expect((row.answers as Record<string, unknown>).severity).toBe(3);
    });

    it('refuses completion with every problem named, and changes nothing', async () => {
      const b = await browserOf(psychiatrist);
      const before = await assessment(aid);
      const refused = await b.post(`${base}/complete`, { version: before.version });
      expect(refused.statusCode).toBe(422);
      const summary = errorSummaryOf(refused.body)!;
      expect(summary).toContain('Answer “Duration and pattern” in Persistence');
      expect(summary).toContain('Give the rationale for the Stalking violence rating');
      expect(summary).toContain('Rate Persistence as low, moderate or high');
      expect(summary).toContain('Select the stalker typology');
      expect(summary).toContain('Add at least one action to the risk management plan');
      expect(summary).toContain('Enter the next review date');
      expect(refused.body).toContain(`href="${base}/sections/persistence#q-duration"`);
      expect(refused.body).toContain(`href="${base}/sections/violence#rationale"`);

      // an override with no reason is refused as soon as it is saved, and nothing typed is lost
      const summaryPage = await b.get(`${base}/summary`);
      const form = {
        version: versionIn(summaryPage.body),
        typology: 'rejected',
        'plan-0-action': 'Weekly supervision',
        'plan-0-owner': 'Probation',
        ...dateParts('nextReviewDate', isoInDays(30)),
      };
      const noReason = await b.post(`${base}/summary`, { ...form, overrideBand: 'high', overrideReason: '' });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummaryOf(noReason.body)).toContain('Give the reason for overriding the computed band');
      expect(noReason.body).toContain('value="Weekly supervision"');
      expect(noReason.body).toMatch(/value="high" checked/);
      expect((await b.post(`${base}/summary`, form)).statusCode).toBe(303);
      const mid = await assessment(aid);
      const again = await b.post(`${base}/complete`, { version: mid.version });
      expect(again.statusCode).toBe(422);
      const summary2 = errorSummaryOf(again.body)!;
      expect(summary2).toContain('Give the rationale for the Stalking violence rating');
      expect(summary2).not.toContain('Select the stalker typology');
      expect(summary2).not.toContain('Add at least one action');
      const after = await assessment(aid);
      expect(after.status).toBe('draft');
      expect(after.version).toBe(mid.version);
      expect(
        await t.db.owner.selectFrom('risk_rating').select('id').where('assessment_id', '=', aid).execute(),
      ).toHaveLength(0);
    });

    it('refuses an impossible review date on the summary page, keeping every field', async () => {
      const b = await browserOf(psychiatrist);
      const page = await b.get(`${base}/summary`);
      const bad = await b.post(`${base}/summary`, {
        version: versionIn(page.body),
        typology: 'resentful',
        'plan-0-action': 'Weekly supervision',
        'plan-0-owner': 'Probation',
        'nextReviewDate-day': '30',
        'nextReviewDate-month': '2',
        'nextReviewDate-year': '2030',
      });
      expect(bad.statusCode).toBe(400);
      expect(errorSummaryOf(bad.body)).toContain('The next review date must be a real date');
      expect(bad.body).toMatch(/value="resentful" checked/);
      expect(bad.body).toContain('value="30"');
      expect((await assessment(aid)).typology).toBe('rejected');
    });

    // issue 11: these were saved and only refused at Complete
    it('refuses a past review date, and a plan action with no owner, when the summary is saved', async () => {
      const b = await browserOf(psychiatrist);
      const page = await b.get(`${base}/summary`);
      const bad = await b.post(`${base}/summary`, {
        version: versionIn(page.body),
        typology: 'resentful',
        'plan-0-action': 'Weekly supervision',
        'plan-0-owner': '',
        ...dateParts('nextReviewDate', isoInDays(-3)),
      });
      expect(bad.statusCode).toBe(400);
      const summary = errorSummaryOf(bad.body)!;
      expect(summary).toContain('Say who does action 1 of the plan');
      expect(summary).toContain('The next review date must be today or in the future');
      expect(bad.body).toContain('href="#plan-0-owner"');
      expect(bad.body).toContain('href="#nextReviewDate-day"');
      expect((await assessment(aid)).typology).toBe('rejected');
    });

    it('completes, records ratings with rationale, locks it, and alerts the team to a domain raised to high', async () => {
      const b = await browserOf(psychiatrist);
      let page = await b.get(`${base}/sections/violence`);
      expect(
        (
          await b.post(`${base}/sections/violence`, {
            version: versionIn(page.body),
            'q-threats': 'yes',
            'q-severity': '3',
            ...dateParts('q-first_seen', '2024-11-02'),
            rating: 'high',
            rationale: 'Explicit threats to harm, rising in severity',
          })
        ).statusCode,
      ).toBe(303);
      page = await b.get(`${base}/sections/persistence`);
      expect(
        (
          await b.post(`${base}/sections/persistence`, {
            version: versionIn(page.body),
            'q-duration': 'Daily contact over eight months',
            rating: 'low',
            rationale: 'Contact has stopped since the order',
          })
        ).statusCode,
      ).toBe(303);
      page = await b.get(`${base}/summary`);
      expect(
        (
          await b.post(`${base}/summary`, {
            version: versionIn(page.body),
            typology: 'rejected',
            overrideBand: 'high',
            overrideReason: 'Access to weapons reported by the victim',
            'plan-0-action': 'Weekly supervision',
            'plan-0-owner': 'Probation',
            'plan-1-action': '',
            'plan-1-owner': '',
            'plan-2-action': 'Review medication',
            'plan-2-owner': 'Dr Psychiatrist',
            ...dateParts('nextReviewDate', isoInDays(60)),
          })
        ).statusCode,
      ).toBe(303);
      const draft = await assessment(aid);
      const done = await b.post(`${base}/complete`, { version: draft.version });
      expect(done.statusCode).toBe(303);

      const row = await assessment(aid);
      expect(row.status).toBe('completed');
      expect(row.completed_by).toBe(psychiatrist.id);
      expect(row.computed_band).toBeNull(); // professional judgement: no score
      expect(row.override_band).toBe('high');
      expect(row.plan_actions).toEqual([
        { action: 'Weekly supervision', owner: 'Probation' },
        { action: 'Review medication', owner: 'Dr Psychiatrist' },
      ]);
      expect(Object.keys(row.answers as object)).not.toContain('_ratings');
      const ratings = await t.db.owner
        .selectFrom('risk_rating')
        .select(['domain', 'rating', 'rationale', 'rated_by'])
        .where('assessment_id', '=', aid)
        .orderBy('domain')
        .execute();
      expect(ratings).toEqual([
        {
          domain: 'persistence',
          rating: 'low',
          rationale: 'Contact has stopped since the order',
          rated_by: psychiatrist.id,
        },
        {
          domain: 'violence',
          rating: 'high',
          rationale: 'Explicit threats to harm, rising in severity',
          rated_by: psychiatrist.id,
        },
      ]);
      const alerts = await notifications('domain_raised_to_high');
      expect(alerts.map((n) => n.user_id).sort()).toEqual([...team].sort());
      expect(alerts[0]!.message).toContain('Stalking violence');
      expect(alerts[0]!.message).toContain(theCase.reference);

      const view = await b.get(base);
      const text = textOf(view.body);
      expect(text).toContain('completed assessment');
      expect(text).toContain('Explicit threats to harm, rising in severity');
      expect(text).toContain('Access to weapons reported by the victim');
      expect(text).toContain('Review medication Dr Psychiatrist');
      expect(text).not.toContain('Complete assessment');
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select('action')
        .where('record_id', '=', aid)
        .execute();
      const actions = audit.map((a) => a.action);
      for (const a of [
        'risk_assessment.created',
        'risk_assessment.view',
        'risk_assessment.answers_saved',
        'risk_assessment.summary_saved',
        'risk_assessment.completion_refused',
        'risk_assessment.completed',
      ])
        expect(actions).toContain(a);
    });

    it('cannot be edited once completed, by the pages, the API or the database', async () => {
      const b = await browserOf(psychiatrist);
      const row = await assessment(aid);
      const edit = await b.post(`${base}/sections/violence`, { version: row.version, 'q-threats': 'no' });
      expect(edit.statusCode).toBe(409);
      expect(textOf(edit.body)).toContain('Add an addendum');
      const api = await apiOf(psychiatrist);
      const put = await api('PUT', `/api/v1/cases/${theCase.caseId}/assessments/${aid}/answers`, {
        answers: { threats: false },
        version: row.version,
      });
      expect(put.statusCode).toBe(409);
      await expect(
        t.asUser(psychiatrist.id, (tx) =>
          tx.updateTable('risk_assessment').set({ co_assessor: 'changed' }).where('id', '=', aid).execute(),
        ),
      ).rejects.toThrow(/locked/);
      await expect(
        t.db.owner
          .updateTable('risk_rating')
          .set({ rating: 'low' })
          .where('assessment_id', '=', aid)
          .execute(),
      ).rejects.toThrow(/locked/);
      expect((await assessment(aid)).co_assessor).toBe('The referrer');
    });

    it('takes corrections as addenda', async () => {
      const b = await browserOf(psychiatrist);
      await b.get(base);
      const empty = await b.post(`${base}/addenda`, { body: '  ' });
      expect(empty.statusCode).toBe(422);
      expect(errorSummaryOf(empty.body)).toContain('Enter the addendum');
      const added = await b.post(`${base}/addenda`, {
        body: 'The first contact was in October, not November.',
      });
      expect(added.statusCode).toBe(303);
      expect(textOf((await b.get(base)).body)).toContain('The first contact was in October, not November.');
    });

    it('alerts only for domains newly raised to high in a later assessment (API)', async () => {
      const api = await apiOf(psychiatrist);
      const root = `/api/v1/cases/${theCase.caseId}/assessments`;
      const created = await api('POST', root, { instrumentVersionId: spjId, coAssessor: 'Referrer' });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: string }).id;
      const put = await api('PUT', `${root}/${id}/answers`, {
        answers: { threats: true, duration: 'Renewed contact after release' },
        ratings: {
          violence: { rating: 'high', rationale: 'Still threatening' },
          persistence: { rating: 'high' },
        },
        version: 1,
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toEqual({ id, version: 2 });
      const badPut = await api('PUT', `${root}/${id}/answers`, { answers: { severity: 12 }, version: 2 });
      expect(badPut.statusCode).toBe(422);

      const refused = await api('POST', `${root}/${id}/complete`, {
        typology: 'resentful',
        overrideBand: 'moderate',
        planActions: [],
        nextReviewDate: isoInDays(-1),
        version: 2,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const fields = (refused.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'ratings.persistence.rationale',
          'overrideReason',
          'planActions',
          'nextReviewDate',
        ]),
      );

      const put2 = await api('PUT', `${root}/${id}/answers`, {
        answers: {},
        ratings: { persistence: { rating: 'high', rationale: 'Contact resumed within days' } },
        version: 2,
      });
      expect(put2.statusCode).toBe(200);
      const before = (await notifications('domain_raised_to_high')).length;
      const done = await api('POST', `${root}/${id}/complete`, {
        typology: 'resentful',
        planActions: [
          { action: 'Joint visit', owner: 'Police and probation' },
          { action: 'Review the bail conditions with the CPS', owner: ' owen  OFFICER ' },
        ],
        nextReviewDate: isoInDays(0),
        version: 3,
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'completed', domainsRaisedToHigh: ['persistence'] });
      // issue 15: the plan row naming a person on the team is a real action of theirs, due by the
      // review, from this plan, and they are told; the row naming no one stays free text
      const made = await t.db.owner
        .selectFrom('case_action')
        .select([
          'description',
          'owner_user_id',
          'source_kind',
          'source_id',
          sql<string>`due_on::text`.as('due_on'),
        ])
        .where('source_id', '=', id)
        .execute();
      expect(made).toEqual([
        {
          description: 'Review the bail conditions with the CPS',
          owner_user_id: officer.id,
          source_kind: 'risk_assessment',
          source_id: id,
          due_on: isoInDays(0),
        },
      ]);
      const listed = await (await apiOf(officer))('GET', '/api/v1/actions');
      expect(JSON.stringify(listed.json())).toContain(`"source":{"kind":"risk_assessment","id":"${id}"}`);
      expect(
        await t.db.owner
          .selectFrom('notification')
          .select('id')
          .where('user_id', '=', officer.id)
          .where('kind', '=', 'action_assigned')
          .execute(),
      ).toHaveLength(1);
      const alerts = await notifications('domain_raised_to_high');
      expect(alerts.length - before).toBe(team.length);

      const one = await api('GET', `${root}/${id}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({
        status: 'completed',
        typology: 'resentful',
        coAssessor: 'Referrer',
      });
      const list = await api('GET', root);
      expect((list.json() as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
      const fhir = await api('GET', `${root}/${id}/fhir`);
      expect(fhir.statusCode).toBe(200);
      expect(fhir.json()).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed' });

      const spec = await t.inject({
        method: 'GET',
        url: '/api/docs/json',
        // the API's description is for signed-in users only
        headers: { cookie: (await t.signIn(psychiatrist.id)).cookie },
      });
      const paths = Object.keys((spec.json() as { paths: Record<string, unknown> }).paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/v1/cases/{id}/assessments',
          '/api/v1/cases/{id}/assessments/{aid}',
          '/api/v1/cases/{id}/assessments/{aid}/answers',
          '/api/v1/cases/{id}/assessments/{aid}/complete',
        ]),
      );
    });
  });

  describe('screening by the police', () => {
    it('police see only screening instruments and cannot start a structured assessment', async () => {
      const b = await browserOf(officer);
      const page = await b.get(`/cases/${theCase.caseId}/assessments/new`);
      expect(radioValues(page.body, 'instrumentVersionId')).toEqual([screeningId]);
      const refused = await b.post(`/cases/${theCase.caseId}/assessments/new`, {
        instrumentVersionId: spjId,
      });
      expect(refused.statusCode).toBe(403);
      expect(textOf(refused.body)).toContain('Police may carry out screening assessments only');
      const api = await apiOf(officer);
      const viaApi = await api('POST', `/api/v1/cases/${theCase.caseId}/assessments`, {
        instrumentVersionId: spjId,
      });
      expect(viaApi.statusCode).toBe(403);
      // the database says the same
      await expect(
        t.asUser(officer.id, (tx) =>
          tx
            .insertInto('risk_assessment')
            .values({ case_id: theCase.caseId, instrument_version_id: spjId, assessor_id: officer.id })
            .execute(),
        ),
      ).rejects.toThrow();
    });

    it('a screening result of moderate concern recommends a full assessment to the whole team', async () => {
      const b = await browserOf(officer);
      await b.get(`/cases/${theCase.caseId}/assessments/new`);
      const created = await b.post(`/cases/${theCase.caseId}/assessments/new`, {
        instrumentVersionId: screeningId,
      });
      expect(created.statusCode).toBe(303);
      const base = `/cases/${theCase.caseId}/assessments/${assessmentIdFrom(created)}`;
      let page = await b.get(`${base}/sections/screen`);
      expect(
        (
          await b.post(`${base}/sections/screen`, {
            version: versionIn(page.body),
            'q-q1': 'yes',
            'q-q2': 'yes',
            'q-q3': 'no',
            'q-q4': 'no',
          })
        ).statusCode,
      ).toBe(303);
      page = await b.get(`${base}/summary`);
      expect(textOf(page.body)).toContain('The band computed from the answers so far is Moderate');
      await b.post(`${base}/summary`, {
        version: versionIn(page.body),
        'plan-0-action': 'Safety plan with the advocate',
        'plan-0-owner': 'Stalking advocate',
        ...dateParts('nextReviewDate', isoInDays(14)),
      });
      page = await b.get(base);
      expect((await b.post(`${base}/complete`, { version: versionIn(page.body) })).statusCode).toBe(303);
      const row = await assessment(assessmentIdFrom(created));
      expect(row.computed_band).toBe('moderate');
      const recommended = await notifications('full_assessment_recommended');
      expect(recommended.map((n) => n.user_id).sort()).toEqual([...team].sort());
      expect(recommended[0]!.link).toBe(`/cases/${theCase.caseId}/risk`);
      expect(textOf((await b.get(base)).body)).toContain('A full assessment is recommended');
    });
  });

  describe('who may see and change assessments', () => {
    it('a user not on the case team gets 404', async () => {
      const rows = await t.db.owner
        .selectFrom('risk_assessment')
        .select('id')
        .where('case_id', '=', theCase.caseId)
        .execute();
      const b = await browserOf(outsider);
      expect((await b.get(`/cases/${theCase.caseId}/assessments/${rows[0]!.id}`)).statusCode).toBe(404);
      expect((await b.get(`/cases/${theCase.caseId}/assessments/new`)).statusCode).toBe(404);
      const api = await apiOf(outsider);
      expect((await api('GET', `/api/v1/cases/${theCase.caseId}/assessments`)).statusCode).toBe(404);
    });

    it('probation (risk read) can view but not start or change an assessment', async () => {
      const b = await browserOf(psychiatrist);
      const created = await b.post(`/cases/${theCase.caseId}/assessments/new`, {
        instrumentVersionId: spjId,
      });
      const draftId = assessmentIdFrom(created);
      const p = await browserOf(probation);
      const view = await p.get(`/cases/${theCase.caseId}/assessments/${draftId}`);
      expect(view.statusCode).toBe(200);
      expect(textOf(view.body)).not.toContain('Complete assessment');
      expect((await p.get(`/cases/${theCase.caseId}/assessments`)).statusCode).toBe(200);
      expect((await p.get(`/cases/${theCase.caseId}/assessments/new`)).statusCode).toBe(403);
      const edit = await p.post(`/cases/${theCase.caseId}/assessments/${draftId}/sections/violence`, {
        version: 1,
        'q-threats': 'no',
      });
      expect(edit.statusCode).toBe(403);
      const api = await apiOf(probation);
      const put = await api('PUT', `/api/v1/cases/${theCase.caseId}/assessments/${draftId}/answers`, {
        answers: { threats: false },
        version: 1,
      });
      expect(put.statusCode).toBe(403);
      expect((await assessment(draftId)).version).toBe(1);
    });
  });
});
