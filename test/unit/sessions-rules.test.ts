import { describe, expect, it } from 'vitest';
import { calendar, foldLine, icsText, icsTime } from '../../src/modules/sessions/ics.js';
import {
  attendanceTimeProblem,
  dnaRunLength,
  interventionAllowed,
  type Attendance,
} from '../../src/modules/sessions/rules.js';
import { attendanceFromForm } from '../../src/modules/sessions/routes.js';
import { attendanceProblems, startOf, type SessionView } from '../../src/modules/sessions/service.js';

const day = (n: number) => new Date(Date.UTC(2026, 2, n, 10));
const course = (...outcomes: (Attendance | null)[]) =>
  outcomes.map((attendance, i) => ({ id: `s${i + 1}`, startsAt: day(i + 1), attendance }));

describe('consecutive "did not attend"', () => {
  it('counts the run the session belongs to, in the order the sessions were due', () => {
    const s = course('attended', 'did_not_attend', 'did_not_attend');
    expect(dnaRunLength(s, 's2')).toBe(2);
    expect(dnaRunLength(s, 's3')).toBe(2);
    expect(dnaRunLength(s, 's1')).toBe(0);
  });

  it('is broken by attendance (on time or late) but not by a cancellation or a session not yet recorded', () => {
    expect(dnaRunLength(course('did_not_attend', 'attended', 'did_not_attend'), 's3')).toBe(1);
    expect(dnaRunLength(course('did_not_attend', 'late', 'did_not_attend'), 's3')).toBe(1);
    expect(dnaRunLength(course('did_not_attend', 'cancelled_by_service', 'did_not_attend'), 's3')).toBe(2);
    expect(dnaRunLength(course('did_not_attend', 'cancelled_by_person', 'did_not_attend'), 's1')).toBe(2);
    expect(dnaRunLength(course('did_not_attend', null, 'did_not_attend'), 's3')).toBe(2);
    expect(dnaRunLength(course('did_not_attend', 'did_not_attend', 'did_not_attend'), 's3')).toBe(3);
  });

  it('finds a run when an earlier session is recorded after a later one', () => {
    const s = [
      { id: 'late-recorded', startsAt: day(5), attendance: 'did_not_attend' as const },
      { id: 'first', startsAt: day(12), attendance: 'did_not_attend' as const },
    ];
    expect(dnaRunLength(s, 'late-recorded')).toBe(2);
  });
});

describe('the rules of recording a session', () => {
  const now = new Date(Date.UTC(2026, 2, 10, 12));
  const session = (startsAt: Date, clinicians = 1): SessionView => ({
    id: 's',
    startsAt,
    plannedMinutes: 60,
    mode: 'clinic',
    place: '',
    component: null,
    attendance: null,
    durationMinutes: null,
    version: 1,
    upcoming: false,
    clinicians: Array.from({ length: clinicians }, (_, i) => ({
      userId: `u${i}`,
      name: `Clinician ${i}`,
      role: 'clinical_psychologist',
      faceToFaceMinutes: null,
      adminMinutes: null,
    })),
    notes: null,
  });
  const input = (over: Partial<Parameters<typeof attendanceProblems>[1]> = {}) => ({
    attendance: 'attended' as Attendance,
    durationMinutes: 50,
    staffTime: [{ userId: 'u0', faceToFaceMinutes: 50, adminMinutes: 10 }],
    note: '',
    expectedVersion: 1,
    ...over,
  });

  it('never records a session as attended (or missed) in the future; a cancellation may be', () => {
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect(attendanceTimeProblem('attended', tomorrow, now)).toMatch(/attended in the future/);
    expect(attendanceTimeProblem('late', tomorrow, now)).toMatch(/attended in the future/);
    expect(attendanceTimeProblem('did_not_attend', tomorrow, now)).toMatch(/has not happened yet/);
    expect(attendanceTimeProblem('cancelled_by_person', tomorrow, now)).toBeNull();
    expect(attendanceTimeProblem('attended', now, now)).toBeNull();
  });

  it('allows intervention except while the person is under police investigation', () => {
    expect(interventionAllowed('under_investigation')).toBe(false);
    for (const s of ['charged', 'convicted', 'no_further_action']) expect(interventionAllowed(s)).toBe(true);
  });

  it('needs the duration and each clinician’s positive staff time when the session took place', () => {
    const past = session(day(1), 2);
    expect(attendanceProblems(past, input(), now)).toEqual([
      { field: 'staff-1-faceToFace', message: 'Clinician 1: enter the face-to-face minutes' },
    ]);
    expect(
      attendanceProblems(session(day(1)), input({ durationMinutes: null }), now).map((p) => p.field),
    ).toEqual(['durationMinutes']);
    expect(
      attendanceProblems(
        session(day(1)),
        input({ staffTime: [{ userId: 'u0', faceToFaceMinutes: 0, adminMinutes: 0 }] }),
        now,
      ),
    ).toEqual([
      { field: 'staff-0-faceToFace', message: 'Clinician 0: staff time must be more than 0 minutes' },
    ]);
    expect(attendanceProblems(session(day(1)), input(), now)).toEqual([]);
  });

  it('keeps a session’s staff time under 24 hours in total, and no face-to-face time when it did not take place', () => {
    const big = input({
      staffTime: [
        { userId: 'u0', faceToFaceMinutes: 700, adminMinutes: 100 },
        { userId: 'u1', faceToFaceMinutes: 600, adminMinutes: 40 },
      ],
    });
    expect(attendanceProblems(session(day(1), 2), big, now)).toEqual([
      { field: 'staff-0-faceToFace', message: 'Staff time for one session must be under 24 hours in total' },
    ]);
    const dna = input({
      attendance: 'did_not_attend',
      durationMinutes: null,
      staffTime: [{ userId: 'u0', faceToFaceMinutes: 30, adminMinutes: 10 }],
    });
    expect(attendanceProblems(session(day(1)), dna, now)[0]!.message).toMatch(/no face-to-face time/);
    expect(
      attendanceProblems(
        session(day(1)),
        input({ attendance: 'did_not_attend', durationMinutes: null, staffTime: [] }),
        now,
      ),
    ).toEqual([]);
    expect(
      attendanceProblems(
        session(day(1)),
        input({ staffTime: [{ userId: 'stranger', faceToFaceMinutes: 5, adminMinutes: 0 }] }),
        now,
      )[0]!.field,
    ).toBe('staffTime');
  });

  it('reads the session’s time as UK time, and refuses times the clocks skipped or repeated', () => {
    expect(startOf('2026-07-01', '10:30')).toEqual({ at: new Date('2026-07-01T09:30:00Z') });
    expect(startOf('2026-01-05', '9.05')).toEqual({ at: new Date('2026-01-05T09:05:00Z') });
    expect(startOf('2026-03-29', '01:30')).toMatchObject({
      field: 'time',
      message: expect.stringMatching(/did not happen/),
    });
    expect(startOf('2026-10-25', '01:30')).toMatchObject({
      field: 'time',
      message: expect.stringMatching(/happened twice/),
    });
  });
});

describe('the .ics calendar', () => {
  const ev = {
    uid: 'abc@recolo',
    start: new Date('2026-07-01T09:30:00Z'),
    minutes: 90,
    summary: 'Recolo session – case HAM-000004',
    location: 'Clinic, Room 3; Ashdown',
    description: 'Case HAM-000004. Open Recolo for the details.',
    sequence: 1,
    cancelled: false,
  };

  it('writes a VCALENDAR with CRLF line ends, UTC times, a UID and a DTSTAMP per event', () => {
    const text = calendar(
      'Recolo appointments',
      [ev, { ...ev, uid: 'def@recolo', cancelled: true }],
      new Date('2026-06-01T08:00:00.123Z'),
    );
    const lines = text.split('\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('UID:abc@recolo');
    expect(lines.filter((l) => l === 'DTSTAMP:20260601T080000Z')).toHaveLength(2);
    expect(lines).toContain('DTSTART:20260701T093000Z');
    expect(lines).toContain('DTEND:20260701T110000Z');
    expect(lines).toContain('LOCATION:Clinic\\, Room 3\\; Ashdown');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });

  it('folds long lines at 75 octets without splitting a character, and escapes text', () => {
    const long = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(long);
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    expect(icsTime(new Date('2026-03-04T14:05:09.999Z'))).toBe('20260304T140509Z');
  });
});

describe('the record form', () => {
  const clinicians = [
    { userId: '00000000-0000-4000-8000-000000000001', name: 'Dr A' },
    { userId: '00000000-0000-4000-8000-000000000002', name: 'Ms B' },
  ];

  it('skips a clinician whose row is left blank and reads the others as whole minutes', () => {
    const form = attendanceFromForm(
      { attendance: 'did_not_attend', 'staff-0-faceToFace': '', 'staff-0-admin': '15', expectedVersion: '3' },
      clinicians,
    );
    expect(form.errors).toEqual([]);
    expect(form.input).toMatchObject({
      attendance: 'did_not_attend',
      durationMinutes: null,
      expectedVersion: 3,
      staffTime: [{ userId: clinicians[0]!.userId, faceToFaceMinutes: 0, adminMinutes: 15 }],
    });
  });

  it('names the field of every bad entry', () => {
    const form = attendanceFromForm(
      {
        attendance: 'attended',
        durationMinutes: 'an hour',
        'staff-1-faceToFace': '-5',
        'staff-1-admin': '1.5',
        expectedVersion: '1',
      },
      clinicians,
    );
    expect(form.input).toBeUndefined();
    expect(form.errors.map((e) => e.field)).toEqual([
      'durationMinutes',
      'staff-1-faceToFace',
      'staff-1-admin',
    ]);
    expect(attendanceFromForm({ expectedVersion: '1' }, clinicians).errors).toEqual([
      { field: 'attendance', message: 'Select whether the person attended' },
    ]);
  });
});
