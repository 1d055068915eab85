import { notify } from '../notifications/public.js';
import {
  auditCase,
  canRead,
  requireRead,
  requireWrite,
  type CaseAccess,
} from '../../platform/access/case-access.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase, type OpenCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../../platform/errors.js';
import { londonLocalTime, longDateOf } from '../../platform/time.js';
import * as repo from './repository.js';
import {
  ATTENDANCE_TEXT,
  attendanceTimeProblem,
  DNA_ALERT_RUN,
  dnaRunLength,
  INVESTIGATION_MESSAGE,
  interventionAllowed,
  MAX_MINUTES,
  MODE_TEXT,
  tookPlace,
  type Attendance,
  type Component,
  type Mode,
} from './rules.js';
import type { AttendanceInput, ScheduleInput, SessionApi } from './schemas.js';

/**
 * Intervention sessions: the health team on the case schedules them and records what happened
 * (attendance, duration, each clinician's staff time, and a clinical note). Appointments and
 * attendance are core, for the whole team; the note is clinical. Every view and change audited.
 */

export const STALE_MESSAGE =
  'Someone else recorded this session after you opened it. What you entered has not been saved: check the session and record it again.';

/** The health team on the case: their role delivers interventions and they write its clinical compartment. */
export const mayDeliver = (user: SessionUser, access: CaseAccess): boolean =>
  can(user, 'deliver_interventions') && access.levels.clinical === 'write' && access.levels.core === 'write';

function requireDeliver(user: SessionUser, h: OpenCase, what: string): void {
  requireWrite(h.access, 'core', what);
  if (!mayDeliver(user, h.access))
    throw new Forbidden(
      `You cannot ${what}`,
      'Only the health team on the case records sessions and consultation.',
    );
}

export type SessionView = {
  id: string;
  startsAt: Date;
  plannedMinutes: number;
  mode: Mode;
  place: string;
  component: Component | null;
  attendance: Attendance | null;
  durationMinutes: number | null;
  version: number;
  upcoming: boolean;
  clinicians: {
    userId: string;
    name: string;
    role: string;
    faceToFaceMinutes: number | null;
    adminMinutes: number | null;
  }[];
  /** the session's clinical notes, each withdrawn (as entered in error) or not; null for those who may not read them */
  notes:
    | { id: string; body: string; author: string; createdAt: Date; version: number; withdrawn: boolean }[]
    | null;
};

function viewOf(
  s: repo.SessionRow,
  clinicians: repo.ClinicianRow[],
  notes: repo.NoteRow[] | null,
  now: Date,
): SessionView {
  return {
    id: s.id,
    startsAt: s.starts_at,
    plannedMinutes: s.planned_minutes,
    mode: s.mode as Mode,
    place: s.place,
    component: s.component as Component | null,
    attendance: s.attendance as Attendance | null,
    durationMinutes: s.duration_minutes,
    version: s.version,
    upcoming: s.attendance === null && s.starts_at.getTime() >= now.getTime(),
    clinicians: clinicians
      .filter((c) => c.session_id === s.id)
      .map((c) => ({
        userId: c.user_id,
        name: c.display_name,
        role: c.role,
        faceToFaceMinutes: c.face_to_face_minutes,
        adminMinutes: c.admin_minutes,
      })),
    notes: notes
      ? notes
          .filter((n) => n.session_id === s.id)
          .map((n) => ({
            id: n.id,
            body: n.body,
            author: n.author,
            createdAt: n.created_at,
            version: n.version,
            withdrawn: n.withdrawn_at !== null,
          }))
      : null,
  };
}

export const toApi = (s: SessionView): SessionApi => ({
  id: s.id,
  startsAt: s.startsAt.toISOString(),
  plannedMinutes: s.plannedMinutes,
  mode: s.mode,
  place: s.place,
  component: s.component,
  attendance: s.attendance,
  durationMinutes: s.durationMinutes,
  clinicians: s.clinicians.map((c) => ({
    userId: c.userId,
    name: c.name,
    role: c.role,
    faceToFaceMinutes: c.faceToFaceMinutes,
    adminMinutes: c.adminMinutes,
  })),
  version: s.version,
  // a note withdrawn as entered in error is left out
  clinicalNote: s.notes
    ? s.notes
        .filter((n) => !n.withdrawn)
        .map((n) => n.body)
        .join('\n\n') || null
    : null,
});

async function sessionsOf(tx: Tx, caseId: string, access: CaseAccess, now: Date) {
  const showNotes = canRead(access, 'clinical');
  const [rows, clinicians, notes] = await Promise.all([
    repo.listSessions(tx, caseId),
    repo.listClinicians(tx, caseId),
    showNotes ? repo.listNotes(tx, caseId) : Promise.resolve(null),
  ]);
  return { sessions: rows.map((s) => viewOf(s, clinicians, notes, now)), showNotes };
}

/** The case's sessions for anyone who reads core; the clinical notes only for the health team. Audited. */
export async function sessionsPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, channel: string) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const now = new Date();
  const { sessions, showNotes } = await sessionsOf(tx, caseId, h.access, now);
  await auditCase(tx, actor, h.access, {
    action: 'intervention_session.list',
    recordType: 'intervention_session',
    details: { count: sessions.length, notesShown: showNotes, channel },
  });
  const upcoming = sessions.filter((s) => s.upcoming).reverse();
  const past = sessions.filter((s) => !s.upcoming);
  return {
    h,
    upcoming,
    past,
    all: sessions,
    // withdrawn as entered in error: listed apart, with when, by whom and why
    withdrawn: await repo.listWithdrawnSessions(tx, caseId),
    showNotes,
    canDeliver: mayDeliver(user, h.access),
    interventionAllowed: interventionAllowed(h.case.investigation_status),
    staffMinutes: sessions.reduce(
      (n, s) => n + s.clinicians.reduce((m, c) => m + (c.faceToFaceMinutes ?? 0) + (c.adminMinutes ?? 0), 0),
      0,
    ),
  };
}

/** The form to schedule a session: the health team on the case, while intervention is allowed. */
export async function scheduleContext(tx: Tx, user: SessionUser, caseId: string) {
  const h = await openCase(tx, user, caseId);
  requireDeliver(user, h, 'schedule a session');
  const clinicians = await repo.teamClinicians(tx, caseId);
  return { h, clinicians, allowed: interventionAllowed(h.case.investigation_status) };
}

/** The instant a UK date and time name, or the field error to show. */
export function startOf(date: string, time: string): { at: Date } | FieldError {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  const hhmm = m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : time;
  const local = londonLocalTime(date, hhmm);
  if (!local)
    return {
      field: 'time',
      message: 'Enter the time of the session as hours and minutes, for example 14:30',
    };
  if (local.kind === 'skipped')
    return {
      field: 'time',
      message: `${hhmm} on ${longDateOf(date)} did not happen in the UK: the clocks went forward. Enter another time`,
    };
  if (local.kind === 'repeated')
    return {
      field: 'time',
      message: `${hhmm} on ${longDateOf(date)} happened twice in the UK: the clocks went back. Enter a time outside 1am to 2am`,
    };
  return { at: local.at };
}

export async function schedule(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: ScheduleInput,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireDeliver(user, h, 'schedule a session');
  if (!interventionAllowed(h.case.investigation_status))
    throw new Conflict('Intervention sessions cannot be recorded on this case', INVESTIGATION_MESSAGE);
  const problems: FieldError[] = [];
  const start = startOf(input.date, input.time);
  if ('field' in start) problems.push(start);
  const team = new Set((await repo.teamClinicians(tx, caseId)).map((c) => c.id));
  const clinicianIds = [...new Set(input.clinicianIds)];
  if (clinicianIds.some((id) => !team.has(id)))
    problems.push({ field: 'clinicianIds', message: 'Select clinicians from the health team on this case' });
  if (problems.length || 'field' in start) throw new Invalid('The session is not valid', problems);
  const id = await repo.insertSession(tx, {
    caseId,
    startsAt: start.at,
    plannedMinutes: input.plannedMinutes,
    mode: input.mode,
    place: input.place,
    component: input.component,
    createdBy: user.id,
    clinicianIds,
  });
  await auditCase(tx, actor, h.access, {
    action: 'intervention_session.scheduled',
    recordType: 'intervention_session',
    recordId: id,
    details: { clinicians: clinicianIds.length, mode: input.mode },
  });
  return id;
}

/** One session, for the health team recording what happened at it. */
export async function recordContext(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  sessionId: string,
) {
  const h = await openCase(tx, user, caseId);
  requireDeliver(user, h, 'record a session');
  const row = await repo.findSession(tx, caseId, sessionId);
  if (!row) throw new NotFound();
  const [clinicians, notes] = await Promise.all([
    repo.listClinicians(tx, caseId),
    repo.listNotes(tx, caseId),
  ]);
  const session = viewOf(row, clinicians, notes, new Date());
  await auditCase(tx, actor, h.access, {
    action: 'intervention_session.view',
    recordType: 'intervention_session',
    recordId: sessionId,
    details: { notes: session.notes?.length ?? 0 },
  });
  return { h, session, allowed: interventionAllowed(h.case.investigation_status) };
}

/** The form's name for a clinician's staff time field (by their place in the session's list). */
export const staffField = (i: number, part: 'faceToFace' | 'admin') => `staff-${i}-${part}`;

/** The rules of recording a session, as field errors (nothing is saved when there are any). */
export function attendanceProblems(
  session: SessionView,
  input: AttendanceInput,
  now: Date = new Date(),
): FieldError[] {
  const problems: FieldError[] = [];
  const timeProblem = attendanceTimeProblem(input.attendance, session.startsAt, now);
  if (timeProblem) problems.push({ field: 'attendance', message: timeProblem });
  const happened = tookPlace(input.attendance);
  if (happened && input.durationMinutes === null)
    problems.push({ field: 'durationMinutes', message: 'Enter how long the session lasted, in minutes' });
  const byUser = new Map(input.staffTime.map((s) => [s.userId, s]));
  if (input.staffTime.some((s) => !session.clinicians.some((c) => c.userId === s.userId)))
    problems.push({
      field: 'staffTime',
      message: 'Staff time can only be recorded for the clinicians at the session',
    });
  let total = 0;
  session.clinicians.forEach((c, i) => {
    const t = byUser.get(c.userId);
    if (!t) {
      if (happened)
        problems.push({
          field: staffField(i, 'faceToFace'),
          message: `${c.name}: enter the face-to-face minutes`,
        });
      return;
    }
    if (!happened && t.faceToFaceMinutes > 0)
      problems.push({
        field: staffField(i, 'faceToFace'),
        message: `${c.name}: there is no face-to-face time when the session did not take place`,
      });
    else if (t.faceToFaceMinutes + t.adminMinutes <= 0)
      problems.push({
        field: staffField(i, 'faceToFace'),
        message: `${c.name}: staff time must be more than 0 minutes`,
      });
    total += t.faceToFaceMinutes + t.adminMinutes;
  });
  if (total > MAX_MINUTES && !problems.some((p) => p.field.startsWith('staff-')))
    problems.push({
      field: staffField(0, 'faceToFace'),
      message: 'Staff time for one session must be under 24 hours in total',
    });
  return problems;
}

export type RecordResult = { saved: true; notified: number } | { saved: false; currentVersion: number };

export async function recordSession(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  sessionId: string,
  input: AttendanceInput,
): Promise<RecordResult> {
  const h = await openCase(tx, user, caseId);
  requireDeliver(user, h, 'record a session');
  if (!interventionAllowed(h.case.investigation_status))
    throw new Conflict('Intervention sessions cannot be recorded on this case', INVESTIGATION_MESSAGE);
  const row = await repo.findSession(tx, caseId, sessionId);
  if (!row) throw new NotFound();
  const clinicians = await repo.listClinicians(tx, caseId);
  const session = viewOf(row, clinicians, null, new Date());
  const problems = attendanceProblems(session, input);
  if (problems.length) throw new Invalid('The session record is not valid', problems);
  if (row.version !== input.expectedVersion) return { saved: false, currentVersion: row.version };
  const ok = await repo.recordAttendance(tx, {
    caseId,
    id: sessionId,
    expectedVersion: input.expectedVersion,
    attendance: input.attendance,
    durationMinutes: tookPlace(input.attendance) ? input.durationMinutes : null,
    recordedBy: user.id,
  });
  if (!ok)
    return { saved: false, currentVersion: (await repo.findSession(tx, caseId, sessionId))?.version ?? 0 };
  const byUser = new Map(input.staffTime.map((s) => [s.userId, s]));
  for (const c of session.clinicians) {
    const t = byUser.get(c.userId);
    await repo.setStaffTime(
      tx,
      sessionId,
      c.userId,
      t ? t.faceToFaceMinutes : null,
      t ? t.adminMinutes : null,
    );
  }
  const noteId = input.note
    ? await repo.insertNote(tx, { caseId, sessionId, body: input.note, authorId: user.id })
    : null;

  // two consecutive "did not attend": the whole case team hears of it, in this transaction
  let notified = 0;
  if (input.attendance === 'did_not_attend' && row.attendance !== 'did_not_attend') {
    const all = (await repo.listSessions(tx, caseId)).map((s) => ({
      id: s.id,
      startsAt: s.starts_at,
      attendance: s.attendance as Attendance | null,
    }));
    const run = dnaRunLength(all, sessionId);
    if (run >= DNA_ALERT_RUN) {
      const team = await repo.teamMemberIds(tx, caseId);
      await notify(
        tx,
        team.map((userId) => ({
          userId,
          caseId,
          kind: 'consecutive_dna',
          message: `Case ${h.case.reference}: ${run} sessions in a row were not attended (the latest on ${longDateOf(londonDate(row.starts_at))}).`,
          link: `/cases/${caseId}/sessions`,
        })),
      );
      notified = team.length;
    }
  }
  await auditCase(tx, actor, h.access, {
    action: 'intervention_session.recorded',
    recordType: 'intervention_session',
    recordId: sessionId,
    details: {
      attendance: input.attendance,
      label: ATTENDANCE_TEXT[input.attendance],
      staffTimeRecorded: byUser.size,
      noteId,
      notified,
    },
  });
  return { saved: true, notified };
}

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** 'YYYY-MM-DD' of the instant in the UK. */
export const londonDate = (d: Date): string => londonDay.format(d);

/** The next appointment on the case, for the overview (core; nothing clinical). */
export async function nextAppointment(tx: Tx, caseId: string) {
  const s = await repo.nextSession(tx, caseId, new Date());
  return s
    ? {
        id: s.id,
        startsAt: s.starts_at,
        plannedMinutes: s.planned_minutes,
        mode: s.mode as Mode,
        modeText: MODE_TEXT[s.mode as Mode],
        place: s.place,
      }
    : null;
}

/** How far ahead the diary looks back: the last fortnight, to record what happened. */
export const DIARY_LOOKBACK_DAYS = 14;
export const DIARY_LIMIT = 200;

/** The user's caseload and diary: their cases and their appointments across them. Audited (no case content beyond references). */
export async function diary(tx: Tx, user: SessionUser, actor: Actor, channel: string) {
  if (!can(user, 'work_on_cases')) throw new NotFound();
  const now = new Date();
  const from = new Date(now.getTime() - DIARY_LOOKBACK_DAYS * 86_400_000);
  const [sessions, caseload] = await Promise.all([
    repo.diaryOf(tx, user.id, from, DIARY_LIMIT),
    repo.caseloadOf(tx, user.id, now),
  ]);
  await recordAudit(tx, actor, {
    action: 'diary.view',
    recordType: 'intervention_session',
    reason: 'own diary',
    details: { sessions: sessions.length, cases: caseload.length, channel },
  });
  return {
    upcoming: sessions.filter((s) => s.starts_at.getTime() >= now.getTime()),
    toRecord: sessions.filter((s) => s.starts_at.getTime() < now.getTime() && s.attendance === null),
    caseload,
  };
}

/** The user's own appointments from a month back, for the calendar export. */
export async function calendarSessions(tx: Tx, user: SessionUser, actor: Actor) {
  if (!can(user, 'work_on_cases')) throw new NotFound();
  const from = new Date(Date.now() - 31 * 86_400_000);
  const sessions = await repo.diaryOf(tx, user.id, from, 1000, { withdrawnToo: true });
  await recordAudit(tx, actor, {
    action: 'diary.calendar_export',
    recordType: 'intervention_session',
    reason: 'own diary',
    details: { sessions: sessions.length },
  });
  return sessions;
}
