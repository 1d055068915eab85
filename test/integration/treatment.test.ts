import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { importClinicalTemplates } from '../../src/modules/treatment/templates.js';
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
const SECTIONS = [
  'presenting',
  'predisposing',
  'precipitating',
  'perpetuating',
  'protective',
  'function',
  'implications',
];

describe.each(targets)('formulation, plan, outcome measures and discharge on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychologist: TestUser;
  let psychiatrist: TestUser;
  let probation: TestUser;
  let officer: TestUser;
  let coordinator: TestUser;
  let theCase: TestCase;
  let wellbeingId: string;
  const { get, post, api } = clientsFor(() => t);
  const base = () => `/cases/${theCase.caseId}`;
  const count = async (table: 'formulation' | 'intervention_plan' | 'outcome_measure_score' | 'discharge') =>
    Number(
      (
        await t.db.owner
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('case_id', '=', theCase.caseId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(target);
    await importClinicalTemplates(t.db.owner, null);
    site = await t.seedSite();
    psychologist = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Dr Cora Psychologist',
    });
    psychiatrist = await t.createUser({
      role: 'forensic_psychiatrist',
      sites: [site],
      displayName: 'Dr Pia Psychiatrist',
    });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pat Probation',
    });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'DC Ivo Officer',
    });
    coordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [site],
      displayName: 'Sita Coordinator',
    });
    theCase = await t.seedCase({
      site,
      createdBy: officer.id,
      team: [psychologist.id, psychiatrist.id, probation.id, officer.id],
    });
    await t.db.owner
      .updateTable('cases')
      .set({ status: 'active', accepted_mode: 'intervention' })
      .where('id', '=', theCase.caseId)
      .execute();
    wellbeingId = (
      await t.db.owner
        .selectFrom('clinical_template')
        .select('id')
        .where('code', '=', 'recolo-wellbeing-template')
        .executeTakeFirstOrThrow()
    ).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('formulation', () => {
    it('refuses an empty formulation with a message on the first section, saving nothing', async () => {
      const r = await post(psychologist, `${base()}/formulation/edit`, {
        expectedVersion: '0',
        expectedRowVersion: '0',
      });
      expect(r.statusCode).toBe(422);
      expect(r.body).toContain('href="#answers-presenting"');
      expect(textOf(r.body)).toContain('Write at least one section of the formulation');
      expect(await count('formulation')).toBe(0);
    });

    it('saves a draft with a co-author, refuses sign-off until every required section is written, then signs off', async () => {
      const first = await post(psychologist, `${base()}/formulation/edit`, {
        'answers-presenting': 'Repeated messages after the relationship ended',
        typology: 'rejected',
        coAuthorIds: psychiatrist.id,
        expectedVersion: '0',
        expectedRowVersion: '0',
      });
      expect(first.statusCode).toBe(303);
      const page = await get(psychologist, `${base()}/formulation`);
      expect(textOf(page.body)).toContain('Draft');
      expect(textOf(page.body)).toContain('Dr Cora Psychologist with Dr Pia Psychiatrist');

      const early = await post(psychologist, `${base()}/formulation/sign-off`, {
        expectedVersion: '1',
        expectedRowVersion: '1',
      });
      expect(early.statusCode).toBe(422);
      expect(textOf(early.body)).toContain('Write the section “Predisposing factors” before signing off');

      // a stale save (row version 0 when it is 1) is refused and changes nothing
      const fields = Object.fromEntries(SECTIONS.map((s) => [`answers-${s}`, `The ${s} section`]));
      const stale = await post(psychologist, `${base()}/formulation/edit`, {
        ...fields,
        expectedVersion: '1',
        expectedRowVersion: '0',
      });
      expect(stale.statusCode).toBe(409);
      expect(textOf(stale.body)).toContain('Someone else changed this formulation');

      const full = await post(psychologist, `${base()}/formulation/edit`, {
        ...fields,
        expectedVersion: '1',
        expectedRowVersion: '1',
      });
      expect(full.statusCode).toBe(303);
      const signed = await post(psychologist, `${base()}/formulation/sign-off`, {
        expectedVersion: '1',
        expectedRowVersion: '2',
      });
      expect(signed.statusCode).toBe(303);
      expect(textOf((await get(psychologist, `${base()}/formulation`)).body)).toContain('Signed off');
    });

    it('locks a signed-off version in the database; a change is a new version', async () => {
      const row = await t.db.owner
        .selectFrom('formulation')
        .select('id')
        .where('case_id', '=', theCase.caseId)
        .executeTakeFirstOrThrow();
      await expect(
        t.db.owner
          .updateTable('formulation')
          .set({ typology: 'predatory' })
          .where('id', '=', row.id)
          .execute(),
      ).rejects.toThrow(/signed-off formulation cannot be changed/);
      const v2 = await api(psychologist, 'POST', `/api/v1/cases/${theCase.caseId}/formulation`, {
        answers: { presenting: 'Revised after session 6' },
        expectedVersion: 1,
        expectedRowVersion: 0,
      });
      expect(v2.statusCode).toBe(200);
      expect(v2.json()).toMatchObject({ version: 2, rowVersion: 1 });
      const got = await api(psychologist, 'GET', `/api/v1/cases/${theCase.caseId}/formulation`);
      expect(got.json()).toMatchObject({
        current: { version: 2, status: 'draft' },
        history: [{ version: 1, status: 'signed_off' }],
      });
    });

    it('shares a summary with the team; probation and police never see the formulation', async () => {
      const shared = await post(psychologist, `${base()}/formulation/summary`, {
        summary: 'Responds best to clear boundaries',
      });
      expect(shared.statusCode).toBe(303);
      for (const user of [probation, officer, coordinator]) {
        expect((await get(user, `${base()}/formulation`)).statusCode).toBe(404);
        expect((await api(user, 'GET', `/api/v1/cases/${theCase.caseId}/formulation`)).statusCode).toBe(404);
      }
    });
  });

  describe('intervention plan', () => {
    const planForm = (extra: Record<string, string> = {}) => ({
      'goal-stalking_behaviour': 'No contact with the victim',
      'measure-stalking_behaviour': 'Police reports',
      [`lead-individual_therapy`]: psychologist.id,
      'frequency-individual_therapy': 'Weekly',
      'sessions-individual_therapy': '12',
      ...parts('reviewDate', isoIn(60)),
      rationale: 'Shame and rumination maintain the contact',
      expectedVersion: '0',
      ...extra,
    });

    it('is refused without a completed risk assessment, on the page and the API, saving nothing', async () => {
      const page = await post(psychologist, `${base()}/intervention-plan/edit`, planForm());
      expect(page.statusCode).toBe(422);
      expect(textOf(page.body)).toContain(
        'An intervention plan needs a completed risk assessment on the case',
      );
      const viaApi = await api(psychologist, 'POST', `/api/v1/cases/${theCase.caseId}/intervention-plan`, {
        goals: [{ area: 'wellbeing', goal: 'Better mood', measure: 'Wellbeing score' }],
        components: [
          { component: 'psychoeducation', leadId: psychologist.id, frequency: 'Weekly', plannedSessions: 6 },
        ],
        reviewDate: isoIn(30),
        expectedVersion: 0,
      });
      expect(viaApi.statusCode).toBe(422);
      expect(await count('intervention_plan')).toBe(0);
    });

    it('names the fields of a bad plan', async () => {
      await completedAssessment();
      const r = await post(
        psychologist,
        `${base()}/intervention-plan/edit`,
        planForm({
          'measure-stalking_behaviour': '',
          'sessions-individual_therapy': 'twelve',
          ...parts('reviewDate', isoIn(-3)),
        }),
      );
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('href="#measure-stalking_behaviour"');
      expect(r.body).toContain('href="#sessions-individual_therapy"');
      expect(textOf(r.body)).toContain('The review date cannot be in the past');
      expect(await count('intervention_plan')).toBe(0);
    });

    it('saves the plan; the team sees goals and components, only the health team the rationale', async () => {
      expect((await post(psychologist, `${base()}/intervention-plan/edit`, planForm())).statusCode).toBe(303);
      const mine = textOf((await get(psychologist, `${base()}/intervention-plan`)).body);
      expect(mine).toContain('Shame and rumination maintain the contact');
      const theirs = await get(probation, `${base()}/intervention-plan`);
      expect(theirs.statusCode).toBe(200);
      expect(textOf(theirs.body)).toContain('No contact with the victim');
      expect(textOf(theirs.body)).toContain('Responds best to clear boundaries');
      expect(textOf(theirs.body)).not.toContain('Shame and rumination');
      const apiTheirs = await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/intervention-plan`);
      expect(apiTheirs.json()).toMatchObject({ current: { version: 1, rationale: null } });
      // probation may not write the plan
      expect(
        (await post(probation, `${base()}/intervention-plan/edit`, planForm({ expectedVersion: '1' })))
          .statusCode,
      ).toBe(404);
      // a stale review is refused
      const stale = await post(
        psychologist,
        `${base()}/intervention-plan/edit`,
        planForm({ expectedVersion: '0' }),
      );
      expect(stale.statusCode).toBe(409);
      expect(await count('intervention_plan')).toBe(1);
      // the current plan is on the overview for the whole team
      expect(textOf((await get(probation, base())).body)).toContain(
        'Stalking behaviour: No contact with the victim',
      );
      // the plan review is on the timeline
      expect(textOf((await get(probation, `${base()}/timeline`)).body)).toContain(
        'Intervention plan written',
      );
    });
  });

  describe('outcome measures', () => {
    const scoreForm = (stage: string, score: number, date = isoIn(-1)) => {
      const f: Record<string, string> = { stage, ...parts('administeredOn', date) };
      let left = score;
      for (let i = 1; i <= 10; i += 1) {
        const v = Math.min(4, Math.ceil(left / (11 - i)));
        f[`answers-q${i}`] = String(v);
        left -= v;
      }
      return f;
    };

    it('refuses unanswered items and a date in the future, naming them', async () => {
      const f = scoreForm('pre', 30, isoIn(2));
      delete f['answers-q3'];
      const r = await post(psychologist, `${base()}/outcome-measures/${wellbeingId}/new`, f);
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('href="#answers-q3"');
      expect(textOf(r.body)).toContain('The date the measure was taken cannot be in the future');
      expect(await count('outcome_measure_score')).toBe(0);
    });

    it('scores pre and post and shows the reliable, clinically significant change', async () => {
      expect(
        (
          await post(
            psychologist,
            `${base()}/outcome-measures/${wellbeingId}/new`,
            scoreForm('pre', 30, isoIn(-40)),
          )
        ).statusCode,
      ).toBe(303);
      expect(
        (await post(psychologist, `${base()}/outcome-measures/${wellbeingId}/new`, scoreForm('post', 12)))
          .statusCode,
      ).toBe(303);
      const page = textOf((await get(psychologist, `${base()}/outcome-measures`)).body);
      expect(page).toContain('Recovered: reliable and clinically significant improvement');
      expect(page).toContain('-4.9');
      const body = (
        await api(psychologist, 'GET', `/api/v1/cases/${theCase.caseId}/outcome-measures`)
      ).json() as {
        measures: { change: { rci: number; category: string; criterion: number } }[];
      };
      expect(body.measures[0]!.change.category).toBe('recovered');
      expect(body.measures[0]!.change.rci).toBeCloseTo(-4.899, 3);
      expect(body.measures[0]!.change.criterion).toBeCloseTo(16.222, 3);
      for (const user of [probation, officer, coordinator])
        expect((await get(user, `${base()}/outcome-measures`)).statusCode).toBe(404);
    });
  });

  describe('discharge', () => {
    const dischargeForm = (extra: Record<string, string> = {}) => ({
      kind: 'unplanned',
      unplannedReason: 'moved_out_of_area',
      reason: 'Moved to another county for work',
      ...parts('dischargedOn', isoIn(0)),
      summary: 'Insight improved; relapse plan agreed',
      letterTo: 'Pat Probation, probation service',
      letter: 'He has been discharged from the intervention.\nPlease contact us with any concerns.',
      ...extra,
    });

    it('refuses an unplanned discharge without its reason, saving nothing', async () => {
      const r = await post(
        psychologist,
        `${base()}/discharge/new`,
        dischargeForm({ unplannedReason: '', letter: '' }),
      );
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('href="#letter"');
      const r2 = await post(psychologist, `${base()}/discharge/new`, dischargeForm({ unplannedReason: '' }));
      expect(r2.statusCode).toBe(422);
      expect(textOf(r2.body)).toContain('Select why the discharge was unplanned');
      expect(await count('discharge')).toBe(0);
    });

    it('records the discharge; probation reads the letter, not the summary; the letter is audited as a disclosure', async () => {
      expect((await post(probation, `${base()}/discharge/new`, dischargeForm())).statusCode).toBe(404);
      expect((await post(psychologist, `${base()}/discharge/new`, dischargeForm())).statusCode).toBe(303);
      const theirs = textOf((await get(probation, `${base()}/discharge`)).body);
      expect(theirs).toContain('Moved to another county for work');
      expect(theirs).not.toContain('Insight improved');
      expect(textOf((await get(psychologist, `${base()}/discharge`)).body)).toContain('Insight improved');
      const letter = await get(probation, `${base()}/discharge/letter.txt`);
      expect(letter.statusCode).toBe(200);
      expect(letter.headers['content-disposition']).toContain('attachment');
      expect(letter.body).toContain('Please contact us with any concerns.');
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select(['user_id'])
        .where('case_id', '=', theCase.caseId)
        .where('action', '=', 'discharge.letter.disclosed')
        .execute();
      expect(audit.map((a) => a.user_id)).toContain(probation.id);
      expect(textOf((await get(officer, `${base()}/timeline`)).body)).toContain(
        'Discharged from the intervention (unplanned: moved out of the area)',
      );
    });

    it('closes the case once every agency on the team agreed, through the case status', async () => {
      const early = await post(coordinator, `${base()}/discharge/close`, {
        voiceReason: 'Victim moved away; advocate could not reach her',
      });
      expect(early.statusCode).toBe(422);
      expect(textOf(early.body)).toContain('Still to agree');
      for (const user of [psychologist, probation, officer])
        expect((await post(user, `${base()}/discharge/agree`, {})).statusCode).toBe(303);
      expect((await post(psychiatrist, `${base()}/discharge/agree`, {})).statusCode).toBe(409);
      const page = await get(coordinator, `${base()}/discharge`);
      expect(textOf(page.body)).toContain('Every agency on the case team has agreed');
      const closed = await post(coordinator, `${base()}/discharge/close`, {
        voiceReason: 'Victim moved away; advocate could not reach her',
      });
      expect(closed.statusCode).toBe(303);
      const c = await t.db.owner
        .selectFrom('cases')
        .select('status')
        .where('id', '=', theCase.caseId)
        .executeTakeFirstOrThrow();
      expect(c.status).toBe('closed');
    });
  });

  async function completedAssessment() {
    const spj = readTemplate('spj-template.json') as { code: string; name: string; tier: 'spj' };
    const existing = await t.db.owner
      .selectFrom('instrument')
      .select('id')
      .where('code', '=', spj.code)
      .executeTakeFirst();
    const instrumentId =
      existing?.id ??
      (
        await t.db.owner
          .insertInto('instrument')
          .values({ code: spj.code, name: spj.name, tier: spj.tier })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const version =
      (await t.db.owner
        .selectFrom('instrument_version')
        .select('id')
        .where('instrument_id', '=', instrumentId)
        .executeTakeFirst()) ??
      (await t.db.owner
        .insertInto('instrument_version')
        .values({
          instrument_id: instrumentId,
          version: 1,
          definition: JSON.stringify(spj),
          is_template: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    await t.db.owner
      .insertInto('risk_assessment')
      .values({
        case_id: theCase.caseId,
        instrument_version_id: version.id,
        status: 'completed',
        assessor_id: psychiatrist.id,
        answers: JSON.stringify({}),
        override_band: 'moderate',
        override_reason: 'Judgement',
        plan_actions: JSON.stringify([{ action: 'Formulation', owner: 'Health team' }]),
        next_review_date: isoIn(90),
        completed_at: new Date(),
        completed_by: psychiatrist.id,
      })
      .execute();
  }
});
