import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COHORTS, START_DATES } from '../../src/modules/evaluation/framework.js';
import * as evaluationRepo from '../../src/modules/evaluation/repository.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { asUser, targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

const DAY = 86_400_000;
/** A UK date ('YYYY-MM-DD') `days` from today. */
const isoIn = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * DAY));

// A discharge from the intervention recorded in error is withdrawn with a reason (issue 11): it is
// no longer the case's discharge (the page, the letter, the timeline and the evaluation leave it
// out), the right one can be recorded, and it stays listed as withdrawn with who, when and why.
describe.each(targets)('withdrawing a discharge on %s', (target) => {
  let t: TestApp;
  let siteId = '';
  let site: TestSite;
  let psychologist: TestUser;
  let probation: TestUser;
  let officer: TestUser;
  let coordinator: TestUser;
  let outsider: TestUser;
  let otherClinician: TestUser;
  let evaluator: TestUser;
  let theCase: TestCase;
  let firstId = '';
  const { get, post, api } = clientsFor(() => t);
  const base = () => `/cases/${theCase.caseId}`;
  const apiBase = () => `/api/v1/cases/${theCase.caseId}`;

  const discharge = (extra: Record<string, unknown> = {}) => ({
    kind: 'planned',
    unplannedReason: null,
    reason: 'Completed all twelve sessions',
    dischargedOn: isoIn(-5),
    summary: 'Insight much improved; relapse prevention plan agreed',
    letterTo: 'Pat Probation, probation service',
    letter: 'He has completed the intervention.\nPlease contact us with any concerns.',
    ...extra,
  });

  /** The case as the evaluation reads it (its discharge date and kind), and the cohorts it is in. */
  const evaluated = () =>
    asUser(t.db, evaluator.id, async (tx) => {
      const row = (await evaluationRepo.caseRows(tx, [siteId], null, null, new Date())).find(
        (r) => r.caseId === theCase.caseId,
      )!;
      return {
        dischargeStart: START_DATES.find((s) => s.key === 'discharge')!.of(row),
        dischargeKind: row.dischargeKind,
        cohorts: COHORTS.filter((c) => c.member(row)).map((c) => c.key),
      };
    });
  const timelineTitles = async () =>
    (await api(probation, 'GET', `${apiBase()}/timeline`))
      .json()
      .items.filter((e: { type: string }) => e.type === 'discharge')
      .map((e: { title: string }) => e.title);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    siteId = site.id;
    psychologist = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Dr Cora Psychologist',
    });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pat Probation',
    });
    officer = await t.createUser({ role: 'investigating_officer', sites: [site], displayName: 'DC Ivo' });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    otherClinician = await t.createUser({ role: 'forensic_psychologist', sites: [site] });
    evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    theCase = await t.seedCase({
      site,
      createdBy: officer.id,
      team: [psychologist.id, probation.id, officer.id],
    });
    // referred three months ago, accepted for intervention two months ago
    await sql`update cases set status = 'active', accepted_mode = 'intervention',
                created_at = now() - interval '90 days' where id = ${theCase.caseId}`.execute(t.db.owner);
    await t.db.owner
      .insertInto('case_status_event')
      .values({
        case_id: theCase.caseId,
        from_status: 'screening',
        to_status: 'accepted',
        accepted_mode: 'intervention',
        reason: 'Accepted at panel',
        by_user: coordinator.id,
        at: new Date(Date.now() - 60 * DAY),
      })
      .execute();
    const r = await api(psychologist, 'POST', `${apiBase()}/discharge`, discharge());
    expect(r.statusCode, r.body).toBe(201);
    firstId = r.json().id;
    for (const user of [probation, officer])
      expect((await api(user, 'POST', `${apiBase()}/discharge/agreements`, {})).statusCode).toBe(204);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('withdraws the discharge through its confirmation page: it leaves the page, the letter, the timeline and the evaluation', async () => {
    expect(await evaluated()).toEqual({
      dischargeStart: isoIn(-5),
      dischargeKind: 'planned',
      cohorts: expect.arrayContaining(['completed_intervention']),
    });
    expect(await timelineTitles()).toEqual(['Discharged from the intervention (planned)']);
    // only those who record a discharge are offered the withdrawal
    expect((await get(psychologist, `${base()}/discharge`)).body).toContain(`${base()}/discharge/withdraw`);
    expect((await get(probation, `${base()}/discharge`)).body).not.toContain('/withdraw');

    const url = `${base()}/discharge/withdraw`;
    const page = await get(psychologist, url);
    expect(page.statusCode).toBe(200);
    const confirm = textOf(page.body);
    expect(confirm).toContain('Withdraw this discharge as entered in error?');
    expect(confirm).toContain('Completed all twelve sessions');
    expect(confirm).toContain('2 agencies agreed');

    const noReason = await post(psychologist, url, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummaryOf(noReason.body)).toContain('Enter why this was entered in error');
    expect((await api(probation, 'GET', `${apiBase()}/discharge`)).json().discharge.id).toBe(firstId);

    const done = await post(psychologist, url, { reason: 'Recorded on the wrong case' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base()}/discharge?saved=withdrawn`);
    expect(textOf((await get(psychologist, done.headers.location as string)).body)).toContain(
      'The discharge has been withdrawn as entered in error',
    );

    // no current discharge; the withdrawn one listed, marked, with who, when and why
    const theirs = textOf((await get(probation, `${base()}/discharge`)).body);
    expect(theirs).toContain('The person has not been discharged from the intervention.');
    expect(theirs).not.toContain('Still to agree');
    expect(theirs).toContain('Withdrawn as entered in error');
    expect(theirs).toMatch(
      /Withdrawn\s+\d{1,2} \w+ \d{4} by Dr Cora Psychologist: Recorded on the wrong case/,
    );
    expect(theirs).toContain('Completed all twelve sessions');
    // the summary stays with the withdrawn record for the health team only
    expect(theirs).not.toContain('Insight much improved');
    const health = await get(psychologist, `${base()}/discharge`);
    expect(textOf(health.body)).toContain('Insight much improved');
    expect(health.body).toContain(`${base()}/discharge/new`);

    const apiView = (await api(probation, 'GET', `${apiBase()}/discharge`)).json();
    expect(apiView.discharge).toBeNull();
    expect(apiView.withdrawn).toHaveLength(1);
    expect(apiView.withdrawn[0]).toMatchObject({
      id: firstId,
      kind: 'planned',
      summary: null,
      withdrawn: { by: 'Dr Cora Psychologist', reason: 'Recorded on the wrong case' },
    });
    expect((await api(psychologist, 'GET', `${apiBase()}/discharge`)).json().withdrawn[0].summary).toBe(
      'Insight much improved; relapse prevention plan agreed',
    );

    // the letter is no longer served, the timeline and the evaluation leave it out
    expect((await get(probation, `${base()}/discharge/letter`)).statusCode).toBe(404);
    expect((await get(probation, `${base()}/discharge/letter.txt`)).statusCode).toBe(404);
    expect(await timelineTitles()).toEqual([]);
    const after = await evaluated();
    expect(after.dischargeStart).toBeNull();
    expect(after.dischargeKind).toBeNull();
    expect(after.cohorts).not.toContain('completed_intervention');
    expect(after.cohorts).toContain('accepted_intervention');

    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'details', 'user_id'])
      .where('record_id', '=', firstId)
      .where('action', '=', 'discharge.withdrawn')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.user_id).toBe(psychologist.id);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('wrong case');
  });

  it('refuses to withdraw it again, off the case, without the right to record one, and under break-glass', async () => {
    const again = await api(psychologist, 'POST', `${apiBase()}/discharge/withdrawal`, { reason: 'Again' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This discharge was withdrawn as entered in error');
    expect((await get(psychologist, `${base()}/discharge/withdraw`)).statusCode).toBe(409);
    // a case with no discharge at all: nothing to withdraw
    const other = await t.seedCase({
      site,
      createdBy: officer.id,
      team: [psychologist.id],
    });
    expect(
      (await api(psychologist, 'POST', `/api/v1/cases/${other.caseId}/discharge/withdrawal`, { reason: 'x' }))
        .statusCode,
    ).toBe(404);

    // recorded again, for the refusals below
    const r = await api(psychologist, 'POST', `${apiBase()}/discharge`, discharge());
    expect(r.statusCode, r.body).toBe(201);
    const standing = r.json().id as string;
    // the database refuses it too to a core writer without clinical write (the police officer)
    const direct = await asUser(t.db, officer.id, (tx) =>
      tx
        .updateTable('discharge')
        .set({
          withdrawn_at: new Date(),
          withdrawn_by: officer.id,
          withdrawn_reason: 'Straight to the table',
        })
        .where('id', '=', standing)
        .executeTakeFirst(),
    );
    expect(Number(direct.numUpdatedRows)).toBe(0);
    const stranger = await api(outsider, 'POST', `${apiBase()}/discharge/withdrawal`, { reason: 'Not mine' });
    expect(stranger.statusCode).toBe(404);
    expect((await get(outsider, `${base()}/discharge/withdraw`)).statusCode).toBe(404);
    // probation is on the team and writes core, but does not record a discharge (its summary is
    // clinical): refused as recording one is
    const notHealth = await api(probation, 'POST', `${apiBase()}/discharge/withdrawal`, {
      reason: 'Not mine',
    });
    expect(notHealth.statusCode).toBe(404);
    expect((await get(probation, `${base()}/discharge/withdraw`)).statusCode).toBe(404);
    expect((await get(probation, `${base()}/discharge/new`)).statusCode).toBe(404);
    const noReason = await api(psychologist, 'POST', `${apiBase()}/discharge/withdrawal`, { reason: '' });
    expect(noReason.statusCode).toBe(400);

    const now = Date.now();
    await t.db.owner
      .insertInto('break_glass_grant')
      .values({
        case_id: theCase.caseId,
        user_id: otherClinician.id,
        reason_code: 'urgent_safeguarding',
        reason_text: 'out of hours call',
        granted_at: new Date(now - 60_000),
        expires_at: new Date(now + 3_600_000),
      })
      .execute();
    expect((await get(otherClinician, `${base()}/discharge`)).statusCode).toBe(200);
    const glass = await api(otherClinician, 'POST', `${apiBase()}/discharge/withdrawal`, {
      reason: 'Urgent',
    });
    expect(glass.statusCode).toBe(403);
    expect((await get(otherClinician, `${base()}/discharge/withdraw`)).statusCode).toBe(403);
    expect((await api(probation, 'GET', `${apiBase()}/discharge`)).json().discharge.id).toBe(standing);

    // and that one withdrawn through the API, so the right one can be recorded next
    const w = await api(psychologist, 'POST', `${apiBase()}/discharge/withdrawal`, {
      reason: 'Recorded twice',
    });
    expect(w.statusCode).toBe(204);
    expect((await api(probation, 'GET', `${apiBase()}/discharge`)).json().withdrawn).toHaveLength(2);
  });

  it('records the right discharge after the withdrawal: the agreements start again and the evaluation follows it', async () => {
    const form = {
      kind: 'unplanned',
      unplannedReason: 'disengaged',
      reason: 'Stopped attending after session four',
      'dischargedOn-day': String(Number(isoIn(-2).slice(8, 10))),
      'dischargedOn-month': String(Number(isoIn(-2).slice(5, 7))),
      'dischargedOn-year': isoIn(-2).slice(0, 4),
      summary: 'Disengaged; risk unchanged',
      letterTo: 'Pat Probation, probation service',
      letter: 'He has been discharged from the intervention.',
    };
    const r = await post(psychologist, `${base()}/discharge/new`, form);
    expect(r.statusCode).toBe(303);
    const page = textOf((await get(probation, `${base()}/discharge`)).body);
    expect(page).toContain('Stopped attending after session four');
    // the agencies agreed to close on the withdrawn discharge, not on this one
    expect(page).toMatch(/Still to agree: .+/);
    expect(page).not.toContain('Every agency on the case team has agreed');
    const view = (await api(probation, 'GET', `${apiBase()}/discharge`)).json();
    expect(view.discharge.kind).toBe('unplanned');
    expect(view.discharge.agreements).toEqual([]);
    expect(view.withdrawn.map((w: { id: string }) => w.id)).toContain(firstId);
    const letter = await get(probation, `${base()}/discharge/letter.txt`);
    expect(letter.statusCode).toBe(200);
    expect(letter.body).toContain('He has been discharged from the intervention.');
    expect(await timelineTitles()).toEqual(['Discharged from the intervention (unplanned: disengaged)']);
    const e = await evaluated();
    expect(e.dischargeStart).toBe(isoIn(-2));
    expect(e.dischargeKind).toBe('unplanned');
    expect(e.cohorts).toContain('declined_or_disengaged');
    expect(e.cohorts).not.toContain('completed_intervention');
    // still one standing discharge per case
    const twice = await api(psychologist, 'POST', `${apiBase()}/discharge`, discharge());
    expect(twice.statusCode).toBe(409);
  });

  it('refuses to withdraw the discharge of a case closed on it (a closed case is not reopened)', async () => {
    for (const user of [psychologist, probation, officer])
      expect((await post(user, `${base()}/discharge/agree`, {})).statusCode).toBe(303);
    const closed = await post(coordinator, `${base()}/discharge/close`, {
      voiceReason: 'No victim on this case has been reachable',
    });
    expect(closed.statusCode, textOf(closed.body)).toBe(303);
    expect((await get(psychologist, `${base()}/discharge`)).body).not.toContain('/discharge/withdraw');
    const r = await api(psychologist, 'POST', `${apiBase()}/discharge/withdrawal`, { reason: 'Wrong' });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('A closed case cannot be reopened, so its discharge cannot be withdrawn');
    const page = await get(psychologist, `${base()}/discharge/withdraw`);
    expect(page.statusCode).toBe(409);
    expect(textOf(page.body)).toContain('A closed case cannot be reopened');
    expect((await api(probation, 'GET', `${apiBase()}/discharge`)).json().discharge.kind).toBe('unplanned');
  });
});
