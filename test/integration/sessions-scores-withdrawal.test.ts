import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as evaluationRepo from '../../src/modules/evaluation/repository.js';
import { importClinicalTemplates } from '../../src/modules/treatment/templates.js';
import type { Tx } from '../../src/platform/db/request-tx.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { eventRows, withCaseAsCohort } from '../support/evaluation.js';
import { asUser, targets } from '../support/databases.js';
import type { TestCase, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, textOfId } from '../support/http.js';

const DAY = 86_400_000;
/** A UK date ('YYYY-MM-DD') `days` from today. */
const isoIn = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * DAY));

/** The wellbeing template's ten items (0 to 4 each) answered to add up to `score`. */
const answersFor = (score: number) => {
  const answers: Record<string, number> = {};
  let left = score;
  for (let i = 1; i <= 10; i += 1) {
    const v = Math.min(4, Math.ceil(left / (11 - i)));
    answers[`q${i}`] = v;
    left -= v;
  }
  return answers;
};

// Intervention sessions and outcome measure scores entered in error are withdrawn with a reason
// (issue 11): they leave the lists, the counts, the timeline, the overview and the evaluation, and
// stay listed as withdrawn with who, when and why.
describe.each(targets)('withdrawing sessions and outcome measure scores on %s', (target) => {
  let t: TestApp;
  let psychologist: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let evaluator: TestUser;
  let theCase: TestCase;
  let siteId = '';
  const sessions: Record<string, string> = {};
  const scores: Record<string, string> = {};
  const { get, post, api } = clientsFor(() => t);
  const base = () => `/cases/${theCase.caseId}`;
  const apiBase = () => `/api/v1/cases/${theCase.caseId}`;

  const schedule = async (days: number, place: string) => {
    const r = await api(psychologist, 'POST', `${apiBase()}/sessions`, {
      date: isoIn(days),
      time: '10:00',
      plannedMinutes: 60,
      mode: 'clinic',
      place,
      clinicianIds: [psychologist.id],
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const record = async (id: string, attendance: string, faceToFace: number, admin: number) => {
    const r = await api(psychologist, 'POST', `${apiBase()}/sessions/${id}/attendance`, {
      attendance,
      durationMinutes: faceToFace || null,
      note: attendance === 'did_not_attend' ? '' : 'Seen in clinic.',
      staffTime: [{ userId: psychologist.id, faceToFaceMinutes: faceToFace, adminMinutes: admin }],
      expectedVersion: 1,
    });
    expect(r.statusCode, r.body).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp(target);
    await importClinicalTemplates(t.db.owner, null);
    const site = await t.seedSite();
    siteId = site.id;
    psychologist = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Dr Cora Psychologist',
    });
    probation = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    theCase = await t.seedCase({ site, createdBy: probation.id, team: [psychologist.id, probation.id] });

    sessions.attended = await schedule(-10, 'Room 1');
    sessions.dna = await schedule(-7, 'Room 2');
    sessions.late = await schedule(-3, 'Room 3');
    sessions.future = await schedule(5, 'Room 9, Future Clinic');
    await record(sessions.attended, 'attended', 50, 10);
    await record(sessions.dna, 'did_not_attend', 0, 10);
    await record(sessions.late, 'late', 45, 15);

    const templateId = (
      await t.db.owner
        .selectFrom('clinical_template')
        .select('id')
        .where('code', '=', 'recolo-wellbeing-template')
        .executeTakeFirstOrThrow()
    ).id;
    for (const [key, stage, days, score] of [
      ['pre', 'pre', -40, 30],
      ['post', 'post', -10, 12],
      ['followUp', 'follow_up', -2, 28],
    ] as const) {
      const r = await api(psychologist, 'POST', `${apiBase()}/outcome-measures`, {
        templateId,
        stage,
        administeredOn: isoIn(days),
        answers: answersFor(score),
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().score).toBe(score);
      scores[key] = r.json().id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  // what the evaluation counts, as the evaluator's report and extract read it
  const asCohort = <T>(work: (tx: Tx, now: Date) => Promise<T>) =>
    withCaseAsCohort(t.db, evaluator.id, siteId, theCase.caseId, work);
  const engagement = async () =>
    asCohort(async (tx, now) => {
      const r = await evaluationRepo.engagement(tx, now);
      return { offered: r.offered, attended: r.attended, dna: r.didNotAttend };
    });
  const staffMinutes = async () =>
    asCohort(async (tx, now) => (await evaluationRepo.staffTime(tx, now)).reduce((n, r) => n + r.minutes, 0));
  const events = async (kind: 'sessions' | 'outcome_measures') =>
    asCohort((tx, now) => eventRows(tx, kind, now));
  const outcomeChange = async () =>
    asCohort(async (tx, now) =>
      (await evaluationRepo.outcomeChange(tx, now)).map((r) => ({ before: r.before, after: r.after })),
    );

  it('withdraws a session through its confirmation page: it leaves the sessions, attendance, staff time, timeline and evaluation', async () => {
    expect(await engagement()).toEqual({ offered: 3, attended: 2, dna: 1 });
    expect(await staffMinutes()).toBe(130);
    expect(await events('sessions')).toHaveLength(3);
    const before = textOf((await get(probation, `${base()}/sessions`)).body);
    expect(before).toContain('Did not attend');
    expect(before).toContain('Staff time recorded on this case: 2 h 10 min.');
    expect((await get(psychologist, `${base()}/sessions`)).body).toContain(
      `/sessions/${sessions.dna}/withdraw`,
    );
    // only the health team is offered the link
    expect((await get(probation, `${base()}/sessions`)).body).not.toContain('/withdraw');

    const url = `${base()}/sessions/${sessions.dna}/withdraw`;
    const page = await get(psychologist, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this session as entered in error?');
    expect(textOf(page.body)).toContain('Did not attend');
    expect(textOf(page.body)).toContain('Room 2');

    const noReason = await post(psychologist, url, { reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect(await engagement()).toEqual({ offered: 3, attended: 2, dna: 1 });

    const done = await post(psychologist, url, { reason: 'Booked for another person' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base()}/sessions`);

    // gone from the list, the attendance and the staff time, for the whole team
    const list = await api(probation, 'GET', `${apiBase()}/sessions`);
    expect(
      list
        .json()
        .items.map((s: { id: string }) => s.id)
        .sort(),
    ).toEqual([sessions.attended, sessions.late, sessions.future].sort());
    const after = textOf((await get(probation, `${base()}/sessions`)).body);
    expect(after).not.toContain('Did not attend');
    expect(after).toContain('Staff time recorded on this case: 2 h.');
    // still listed, marked, with who, when and why
    expect(after).toContain('Withdrawn as entered in error');
    expect(after).toMatch(
      /Session on .+ \(did not attend\), withdrawn .+ by Dr Cora Psychologist: Booked for another person/,
    );
    const timeline = await api(probation, 'GET', `${apiBase()}/timeline`);
    const titles = timeline
      .json()
      .items.filter((e: { type: string }) => e.type === 'intervention_session')
      .map((e: { title: string }) => e.title);
    expect(titles).toHaveLength(3);
    expect(titles).not.toContain('Session: did not attend');
    // the evaluation's engagement and staff time, and the extract's sessions
    expect(await engagement()).toEqual({ offered: 2, attended: 2, dna: 0 });
    expect(await staffMinutes()).toBe(120);
    expect((await events('sessions')).map((e) => e.code).sort()).toEqual(['attended', 'late']);
    // it can no longer be recorded
    expect((await get(psychologist, `${base()}/sessions/${sessions.dna}/record`)).statusCode).toBe(404);

    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'details'])
      .where('record_id', '=', sessions.dna!)
      .where('action', '=', 'intervention_session.withdrawn')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('another person');
  });

  it('refuses to withdraw a session again, and refuses anyone but the health team on the case', async () => {
    const again = await api(psychologist, 'POST', `${apiBase()}/sessions/${sessions.dna}/withdrawal`, {
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect((await get(psychologist, `${base()}/sessions/${sessions.dna}/withdraw`)).statusCode).toBe(409);
    // probation is on the case team and writes core, but does not record sessions
    const notHealth = await api(probation, 'POST', `${apiBase()}/sessions/${sessions.late}/withdrawal`, {
      reason: 'Not mine',
    });
    expect(notHealth.statusCode).toBe(403);
    expect((await get(probation, `${base()}/sessions/${sessions.late}/withdraw`)).statusCode).toBe(403);
    const stranger = await api(outsider, 'POST', `${apiBase()}/sessions/${sessions.late}/withdrawal`, {
      reason: 'Not mine',
    });
    expect(stranger.statusCode).toBe(404);
    const noReason = await api(psychologist, 'POST', `${apiBase()}/sessions/${sessions.late}/withdrawal`, {
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(await engagement()).toEqual({ offered: 2, attended: 2, dna: 0 });
  });

  it('withdraws an upcoming session through the API: it leaves the overview and the diary', async () => {
    expect(textOfId((await get(probation, base())).body, 'next-appointment')).toContain(
      'Room 9, Future Clinic',
    );
    const diary = async () =>
      (await api(psychologist, 'GET', '/api/v1/diary'))
        .json()
        .items.map((s: { sessionId: string }) => s.sessionId);
    expect(await diary()).toContain(sessions.future);
    const r = await api(psychologist, 'POST', `${apiBase()}/sessions/${sessions.future}/withdrawal`, {
      reason: 'Booked twice',
    });
    expect(r.statusCode).toBe(204);
    expect(textOfId((await get(probation, base())).body, 'next-appointment')).toContain('None booked.');
    expect(await diary()).not.toContain(sessions.future);
    expect(textOf((await get(psychologist, `${base()}/sessions`)).body)).toContain('No sessions are booked.');
  });

  it('the evaluation starts the intervention from the first attended session standing', async () => {
    const firstSession = async () =>
      asUser(
        t.db,
        evaluator.id,
        async (tx) =>
          (await evaluationRepo.caseRows(tx, [siteId], null, null, new Date())).find(
            (r) => r.caseId === theCase.caseId,
          )?.firstSessionOn,
      );
    expect(await firstSession()).toBe(isoIn(-10));
    const r = await api(psychologist, 'POST', `${apiBase()}/sessions/${sessions.attended}/withdrawal`, {
      reason: 'Recorded on the wrong case',
    });
    expect(r.statusCode).toBe(204);
    expect(await firstSession()).toBe(isoIn(-3));
    expect(await engagement()).toEqual({ offered: 1, attended: 1, dna: 0 });
    expect(await staffMinutes()).toBe(60);
  });

  it('withdraws an outcome measure score through its confirmation page: the change and the evaluation move back', async () => {
    // the latest follow-up (28, against a baseline of 30) shows no reliable change
    const before = textOf((await get(psychologist, `${base()}/outcome-measures`)).body);
    expect(before).toMatch(/No reliable change\s*: from 30 \(pre\) to 28 \(follow-up\)/);
    expect(await outcomeChange()).toEqual([{ before: 30, after: 28 }]);
    expect(await events('outcome_measures')).toHaveLength(3);

    const url = `${base()}/outcome-measures/${scores.followUp}/withdraw`;
    expect((await get(psychologist, `${base()}/outcome-measures`)).body).toContain(url);
    const page = await get(psychologist, url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Withdraw this outcome measure score as entered in error?');
    expect(textOf(page.body)).toContain('Follow-up');

    const noReason = await post(psychologist, url, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');

    const done = await post(psychologist, url, { reason: 'Scored from another person’s answers' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base()}/outcome-measures`);

    // the change is measured to the post score again, on the case and in the evaluation
    const after = textOf((await get(psychologist, `${base()}/outcome-measures`)).body);
    expect(after).toMatch(
      /Recovered: reliable and clinically significant improvement\s*: from 30 \(pre\) to 12 \(post\)/,
    );
    const measures = (await api(psychologist, 'GET', `${apiBase()}/outcome-measures`)).json().measures;
    expect(measures[0].scores.map((s: { id: string }) => s.id)).toEqual([scores.pre, scores.post]);
    expect(measures[0].change.category).toBe('recovered');
    expect(await outcomeChange()).toEqual([{ before: 30, after: 12 }]);
    expect((await events('outcome_measures')).map((e) => e.code)).toHaveLength(2);
    // still listed for the health team, marked, with who, when and why
    expect(after).toContain('Withdrawn as entered in error');
    expect(after).toMatch(
      /follow-up score of 28 on .+, withdrawn .+ by Dr Cora Psychologist: Scored from another person’s answers/,
    );
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('details')
      .where('record_id', '=', scores.followUp!)
      .where('action', '=', 'outcome_measure_score.withdrawn')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses to withdraw a score again, without clinical write, or without a reason', async () => {
    const again = await api(
      psychologist,
      'POST',
      `${apiBase()}/outcome-measures/${scores.followUp}/withdrawal`,
      { reason: 'Again' },
    );
    expect(again.statusCode).toBe(409);
    // probation does not see the clinical compartment: the score is not there for them
    const notClinical = await api(
      probation,
      'POST',
      `${apiBase()}/outcome-measures/${scores.post}/withdrawal`,
      {
        reason: 'Not mine',
      },
    );
    expect(notClinical.statusCode).toBe(404);
    expect((await get(probation, `${base()}/outcome-measures/${scores.post}/withdraw`)).statusCode).toBe(404);
    const stranger = await api(outsider, 'POST', `${apiBase()}/outcome-measures/${scores.post}/withdrawal`, {
      reason: 'Not mine',
    });
    expect(stranger.statusCode).toBe(404);
    const noReason = await api(
      psychologist,
      'POST',
      `${apiBase()}/outcome-measures/${scores.post}/withdrawal`,
      {
        reason: ' ',
      },
    );
    expect(noReason.statusCode).toBe(400);
    expect(await outcomeChange()).toEqual([{ before: 30, after: 12 }]);
  });
});
