import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../bench/synthetic.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

const DAY = 86_400_000;
/** A UK date ('YYYY-MM-DD') `days` from today. */
const isoIn = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * DAY));
const parts = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y!,
  };
};

describe.each(targets)('consultation and sessions on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychologist: TestUser;
  let therapist: TestUser;
  let probation: TestUser;
  let advocate: TestUser;
  let theCase: TestCase;
  let investigated: TestCase;
  const { get, post, api } = clientsFor(() => t);

  const scheduleForm = (days: number, overrides: Record<string, string | string[]> = {}) => ({
    ...parts('date', isoIn(days)),
    time: '10:30',
    plannedMinutes: '60',
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'individual_therapy',
    clinicianIds: [psychologist.id, therapist.id],
    ...overrides,
  });
  const sessionRows = () =>
    t.db.owner
      .selectFrom('intervention_session')
      .selectAll()
      .where('case_id', '=', theCase.caseId)
      .orderBy('starts_at')
      .execute();
  const notifications = () =>
    t.db.owner
      .selectFrom('notification')
      .select(['user_id', 'kind', 'message'])
      .where('case_id', '=', theCase.caseId)
      .where('kind', '=', 'consecutive_dna')
      .execute();

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    psychologist = await t.createUser({
      role: 'clinical_psychologist',
      sites: [site],
      displayName: 'Dr Pat Psychologist',
    });
    therapist = await t.createUser({
      role: 'occupational_therapist',
      sites: [site],
      displayName: 'Olu Therapist',
    });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pam Probation',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    const team = [psychologist.id, therapist.id, probation.id, advocate.id];
    theCase = await t.seedCase({ site, createdBy: probation.id, team });
    investigated = await t.seedCase({
      site,
      createdBy: probation.id,
      team,
      investigationStatus: 'under_investigation',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('schedules a session with two clinicians, and refuses bad input naming each field with nothing saved', async () => {
    const bad = await post(psychologist, `/cases/${theCase.caseId}/sessions/new`, {
      'date-day': '31',
      'date-month': '2',
      'date-year': '2026',
      time: '25:00',
      plannedMinutes: '0',
      place: '',
    });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter the date of the session as a real date');
    expect(text).toContain('Enter the time of the session as hours and minutes');
    expect(text).toContain('The planned length must be at least 1 minute');
    expect(text).toContain('Select where or how the session takes place');
    expect(bad.body).toContain('href="#time"');
    expect(await sessionRows()).toHaveLength(0);

    const ok = await post(psychologist, `/cases/${theCase.caseId}/sessions/new`, scheduleForm(7));
    expect(ok.statusCode).toBe(303);
    const rows = await sessionRows();
    expect(rows).toHaveLength(1);
    const clinicians = await t.db.owner
      .selectFrom('intervention_session_clinician')
      .select('user_id')
      .where('session_id', '=', rows[0]!.id)
      .execute();
    expect(clinicians.map((c) => c.user_id).sort()).toEqual([psychologist.id, therapist.id].sort());

    const page = await get(probation, `/cases/${theCase.caseId}/sessions`);
    expect(textOf(page.body)).toContain('Room 3, Ashdown Clinic');
    const overview = await get(probation, `/cases/${theCase.caseId}`);
    expect(textOf(overview.body)).toMatch(/Next appointment .* at 10:30am, clinic, Room 3, Ashdown Clinic/);
  });

  it('lets only the health team schedule: probation is refused and the advocate too', async () => {
    const refused = await post(probation, `/cases/${theCase.caseId}/sessions/new`, scheduleForm(8));
    expect(refused.statusCode).toBe(403);
    const viaApi = await api(advocate, 'POST', `/api/v1/cases/${theCase.caseId}/sessions`, {
      date: isoIn(8),
      time: '10:00',
      plannedMinutes: 60,
      mode: 'video',
      clinicianIds: [psychologist.id],
    });
    expect(viaApi.statusCode).toBe(403);
    expect(await sessionRows()).toHaveLength(1);
  });

  it('allows consultation only while the person is under police investigation', async () => {
    const page = await get(psychologist, `/cases/${investigated.caseId}/sessions/new`);
    expect(textOf(page.body)).toContain('under police investigation');
    expect(page.body).not.toContain('name="plannedMinutes"');
    const refused = await api(psychologist, 'POST', `/api/v1/cases/${investigated.caseId}/sessions`, {
      date: isoIn(3),
      time: '10:00',
      plannedMinutes: 60,
      mode: 'clinic',
      clinicianIds: [psychologist.id],
    });
    expect(refused.statusCode).toBe(409);
    expect(JSON.parse(refused.body).detail).toContain('consultation only');
    // the database refuses it too, whatever the service says
    await expect(
      t.db.app.transaction().execute(async (tx) => {
        await tx.executeQuery(
          (await import('kysely')).sql`select set_config('recolo.user_id', ${psychologist.id}, true)`.compile(
            tx,
          ),
        );
        await tx.executeQuery((await import('kysely')).sql`set local role recolo_app`.compile(tx));
        await tx
          .insertInto('intervention_session')
          .values({
            case_id: investigated.caseId,
            starts_at: new Date(),
            planned_minutes: 60,
            mode: 'clinic',
            created_by: psychologist.id,
          })
          .execute();
      }),
    ).rejects.toThrow(/row-level security/);

    const advice = await post(psychologist, `/cases/${investigated.caseId}/consultation`, {
      requestedBy: 'DC Sam Ashby, investigating officer',
      requestingAgency: 'Hampshire Police',
      ...parts('requestedOn', isoIn(-2)),
      question: 'How should we approach the interview?',
      advice: 'Open questions about the relationship.',
      recommendedActions: 'Consider bail conditions covering her workplace.',
      ...parts('followUpOn', isoIn(14)),
    });
    expect(advice.statusCode).toBe(303);
    const list = await get(probation, `/cases/${investigated.caseId}/consultation`);
    expect(textOf(list.body)).toContain('Open questions about the relationship.');
    const id = /consultation\/([0-9a-f-]{36})\/letter/.exec(list.body)![1]!;
    const letter = await get(probation, `/cases/${investigated.caseId}/consultation/${id}/letter.txt`);
    expect(letter.headers['content-disposition']).toMatch(/^attachment; filename="advice-/);
    expect(letter.body).toContain('To: DC Sam Ashby, investigating officer, Hampshire Police');
    expect(letter.body).toContain('\r\n');
    const disclosed = await t.db.owner
      .selectFrom('audit.event')
      .select('action')
      .where('case_id', '=', investigated.caseId)
      .where('action', '=', 'consultation.letter.disclosed')
      .execute();
    expect(disclosed).toHaveLength(1);

    const badAdvice = await post(psychologist, `/cases/${investigated.caseId}/consultation`, {
      requestedBy: '',
      requestingAgency: 'Police',
      ...parts('requestedOn', isoIn(3)),
      question: 'Q',
      advice: '',
    });
    expect(badAdvice.statusCode).toBe(400);
    expect(textOf(badAdvice.body)).toContain('Enter who asked for the advice');
    expect(textOf(badAdvice.body)).toContain('cannot be in the future');
    expect(textOf(badAdvice.body)).toContain('Enter the advice given');
    const probationAdvice = await post(probation, `/cases/${investigated.caseId}/consultation`, {
      requestedBy: 'Someone',
      requestingAgency: 'Police',
      ...parts('requestedOn', isoIn(0)),
      question: 'Q',
      advice: 'A',
    });
    expect(probationAdvice.statusCode).toBe(403);
  });

  it('refuses attendance in the future, records it after, with staff time, and tells the team after two DNAs in a row', async () => {
    const [future] = await sessionRows();
    const early = await post(psychologist, `/cases/${theCase.caseId}/sessions/${future!.id}/record`, {
      attendance: 'attended',
      durationMinutes: '50',
      'staff-0-faceToFace': '50',
      'staff-0-admin': '10',
      'staff-1-faceToFace': '50',
      'staff-1-admin': '10',
      expectedVersion: '1',
    });
    expect(early.statusCode).toBe(422);
    expect(textOf(early.body)).toContain('you cannot record it as attended in the future');
    expect((await sessionRows())[0]!.attendance).toBeNull();

    // three sessions in the past, scheduled through the API
    const ids: string[] = [];
    for (const days of [-21, -14, -7]) {
      const r = await api(psychologist, 'POST', `/api/v1/cases/${theCase.caseId}/sessions`, {
        date: isoIn(days),
        time: '10:00',
        plannedMinutes: 60,
        mode: days === -14 ? 'probation_office' : 'clinic',
        clinicianIds: [psychologist.id],
      });
      expect(r.statusCode).toBe(201);
      ids.push(JSON.parse(r.body).id);
    }
    // staff time: over 24 hours, and none when the session took place, are refused with field names
    const tooLong = await post(psychologist, `/cases/${theCase.caseId}/sessions/${ids[0]}/record`, {
      attendance: 'attended',
      durationMinutes: '55',
      'staff-0-faceToFace': '1440',
      'staff-0-admin': '0',
      expectedVersion: '1',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('href="#staff-0-faceToFace"');
    const missing = await post(psychologist, `/cases/${theCase.caseId}/sessions/${ids[0]}/record`, {
      attendance: 'attended',
      expectedVersion: '1',
    });
    expect(missing.statusCode).toBe(422);
    expect(textOf(missing.body)).toContain('Enter how long the session lasted');
    expect(textOf(missing.body)).toContain('Dr Pat Psychologist: enter the face-to-face minutes');

    const attended = await post(psychologist, `/cases/${theCase.caseId}/sessions/${ids[0]}/record`, {
      attendance: 'attended',
      durationMinutes: '55',
      'staff-0-faceToFace': '55',
      'staff-0-admin': '20',
      note: 'Talked about the end of the relationship; CLINICAL-SECRET',
      expectedVersion: '1',
    });
    expect(attended.statusCode).toBe(303);
    const dna1 = await post(psychologist, `/cases/${theCase.caseId}/sessions/${ids[1]}/record`, {
      attendance: 'did_not_attend',
      'staff-0-admin': '15',
      expectedVersion: '1',
    });
    expect(dna1.statusCode).toBe(303);
    expect(await notifications()).toHaveLength(0);
    const dna2 = await api(
      psychologist,
      'POST',
      `/api/v1/cases/${theCase.caseId}/sessions/${ids[2]}/attendance`,
      {
        attendance: 'did_not_attend',
        staffTime: [{ userId: psychologist.id, faceToFaceMinutes: 0, adminMinutes: 10 }],
        expectedVersion: 1,
      },
    );
    expect(dna2.statusCode).toBe(200);
    expect(JSON.parse(dna2.body).notified).toBe(4);
    const told = await notifications();
    expect(told.map((n) => n.user_id).sort()).toEqual(
      [psychologist.id, therapist.id, probation.id, advocate.id].sort(),
    );
    expect(told[0]!.message).toContain('2 sessions in a row were not attended');

    // a stale save is refused
    const stale = await api(
      psychologist,
      'POST',
      `/api/v1/cases/${theCase.caseId}/sessions/${ids[2]}/attendance`,
      {
        attendance: 'cancelled_by_person',
        expectedVersion: 1,
      },
    );
    expect(stale.statusCode).toBe(409);
  });

  it('shows probation the attendance and staff time but never the clinical note; the health team sees the note', async () => {
    const page = await get(probation, `/cases/${theCase.caseId}/sessions`);
    const text = textOf(page.body);
    expect(text).toContain('Attended');
    expect(text).toContain('Did not attend');
    expect(text).toContain('55 min face to face');
    expect(page.body).not.toContain('CLINICAL-SECRET');
    const viaApi = JSON.parse((await api(probation, 'GET', `/api/v1/cases/${theCase.caseId}/sessions`)).body);
    expect(viaApi.items.every((s: { clinicalNote: string | null }) => s.clinicalNote === null)).toBe(true);
    expect(viaApi.items.map((s: { attendance: string | null }) => s.attendance)).toContain('did_not_attend');
    const timeline = await get(probation, `/cases/${theCase.caseId}/timeline`);
    expect(textOf(timeline.body)).toContain('Session: did not attend');
    expect(timeline.body).not.toContain('CLINICAL-SECRET');

    const health = await get(psychologist, `/cases/${theCase.caseId}/sessions`);
    expect(health.body).toContain('CLINICAL-SECRET');
  });

  it('gives the clinician a diary and a calendar of their own appointments by case reference only', async () => {
    const diary = await get(psychologist, '/diary');
    expect(diary.statusCode).toBe(200);
    expect(textOf(diary.body)).toContain(theCase.reference);
    expect(textOf(diary.body)).toContain('Room 3, Ashdown Clinic');
    expect(await get(probation, '/diary').then((r) => r.statusCode)).toBe(404);

    const ics = await get(psychologist, '/diary/calendar.ics');
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.body).toContain(`SUMMARY:Recolo session – case ${theCase.reference}`);
    expect(ics.body).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect(ics.body).not.toContain('Subject');
    expect(ics.body).not.toContain('Sam');
    expect(ics.body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('the synthetic generator writes courses of sessions with attendance and staff time for the health team', async () => {
    const other = await t.seedSite();
    const clinician = await t.createUser({ role: 'forensic_psychologist', sites: [other] });
    const officer = await t.createUser({ role: 'investigating_officer', sites: [other] });
    const { ids } = await generateSyntheticCases(t.db, {
      siteId: other.id,
      count: 60,
      teamUserIds: [officer.id, clinician.id],
      onProgress: () => undefined,
    });
    const sessions = await t.db.owner
      .selectFrom('intervention_session')
      .select(['id', 'attendance', 'duration_minutes', 'starts_at'])
      .where('case_id', 'in', ids)
      .execute();
    expect(sessions.length).toBeGreaterThan(20);
    expect(sessions.some((s) => s.attendance === 'did_not_attend')).toBe(true);
    expect(sessions.every((s) => s.attendance === null || s.starts_at.getTime() <= Date.now())).toBe(true);
    const staff = await t.db.owner
      .selectFrom('intervention_session_clinician')
      .select(['user_id', 'face_to_face_minutes', 'admin_minutes'])
      .where('case_id', 'in', ids)
      .execute();
    expect(new Set(staff.map((s) => s.user_id))).toEqual(new Set([clinician.id]));
    expect(staff.some((s) => (s.face_to_face_minutes ?? 0) > 0)).toBe(true);
  });
});
