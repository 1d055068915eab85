import { sql } from 'kysely';
import { rolesThatCan } from '../../platform/access/policy.js';
import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { Attendance } from './rules.js';

/** The health team on the case: the clinicians who may be present at a session. */
export function teamClinicians(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_team as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.display_name', 'u.role'])
    .where('t.case_id', '=', caseId)
    .where('u.role', 'in', rolesThatCan('deliver_interventions'))
    .where('u.active', '=', true)
    .orderBy('u.display_name')
    .execute();
}

export async function teamMemberIds(tx: Tx, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('case_team').select('user_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.user_id);
}

const sessionColumns = [
  's.id',
  's.case_id',
  's.starts_at',
  's.planned_minutes',
  's.mode',
  's.place',
  's.component',
  's.attendance',
  's.duration_minutes',
  's.attendance_recorded_at',
  's.version',
] as const;

/** The case's sessions standing (not withdrawn), soonest last (row-level security: core). */
export function listSessions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('intervention_session as s')
    .select(sessionColumns)
    .where('s.case_id', '=', caseId)
    .where('s.withdrawn_at', 'is', null)
    .orderBy('s.starts_at', 'desc')
    .orderBy('s.id')
    .execute();
}
export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

/** One standing session of the case (a withdrawn one is not found). */
export function findSession(tx: Tx, caseId: string, id: string) {
  return tx
    .selectFrom('intervention_session as s')
    .select(sessionColumns)
    .where('s.case_id', '=', caseId)
    .where('s.id', '=', id)
    .where('s.withdrawn_at', 'is', null)
    .executeTakeFirst();
}

/** The clinicians present at the case's standing sessions, with their staff time. */
export function listClinicians(tx: Tx, caseId: string) {
  return tx
    .selectFrom('intervention_session_clinician as c')
    .innerJoin('intervention_session as s', 's.id', 'c.session_id')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .select([
      'c.session_id',
      'c.user_id',
      'c.face_to_face_minutes',
      'c.admin_minutes',
      'u.display_name',
      'u.role',
    ])
    .where('c.case_id', '=', caseId)
    .where('s.withdrawn_at', 'is', null)
    .orderBy('u.display_name')
    .execute();
}
export type ClinicianRow = Awaited<ReturnType<typeof listClinicians>>[number];

/**
 * The clinical notes of the case's sessions (row-level security: clinical), those withdrawn as
 * entered in error too (`withdrawn_at`), for the pages to mark and the API to leave out.
 */
export function listNotes(tx: Tx, caseId: string) {
  return tx
    .selectFrom('intervention_session_note as n')
    .innerJoin('app_user as u', 'u.id', 'n.author_id')
    .select([
      'n.id',
      'n.session_id',
      'n.body',
      'n.created_at',
      'u.display_name as author',
      'n.version',
      'n.withdrawn_at',
    ])
    .where('n.case_id', '=', caseId)
    .orderBy('n.created_at')
    .execute();
}
export type NoteRow = Awaited<ReturnType<typeof listNotes>>[number];

/** A session note as its own page shows it (issue 11). */
export type SessionNoteRow = {
  id: string;
  sessionId: string;
  sessionStartsAt: Date;
  body: string;
  authorId: string;
  author: string;
  createdAt: Date;
  version: number;
  withdrawn: Withdrawal | null;
  /** its session withdrawn as entered in error (the note went with it), or null */
  sessionWithdrawn: Withdrawal | null;
};

/** One session note of the case, withdrawn or not; null when not there (or hidden by row-level security). */
export async function getSessionNote(tx: Tx, caseId: string, id: string): Promise<SessionNoteRow | null> {
  const r = await tx
    .selectFrom('intervention_session_note as n')
    .innerJoin('intervention_session as s', 's.id', 'n.session_id')
    .innerJoin('app_user as u', 'u.id', 'n.author_id')
    .leftJoin('app_user as w', 'w.id', 'n.withdrawn_by')
    .leftJoin('app_user as sw', 'sw.id', 's.withdrawn_by')
    .select([
      'n.id',
      'n.session_id',
      's.starts_at',
      's.withdrawn_at as session_withdrawn_at',
      'sw.display_name as session_withdrawn_by',
      's.withdrawn_reason as session_withdrawn_reason',
      'n.body',
      'n.author_id',
      'u.display_name as author',
      'n.created_at',
      'n.version',
      'n.withdrawn_at',
      'w.display_name as withdrawn_by_name',
      'n.withdrawn_reason',
    ])
    .where('n.case_id', '=', caseId)
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    sessionId: r.session_id,
    sessionStartsAt: r.starts_at,
    body: r.body,
    authorId: r.author_id,
    author: r.author,
    createdAt: r.created_at,
    version: r.version,
    withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by_name, r.withdrawn_reason),
    sessionWithdrawn: withdrawalOf(
      r.session_withdrawn_at,
      r.session_withdrawn_by,
      r.session_withdrawn_reason,
    ),
  };
}

/** Saves a correction's text as the next version, only if the note is still at `version` and standing. */
export async function updateSessionNote(tx: Tx, id: string, version: number, body: string): Promise<boolean> {
  const done = await tx
    .updateTable('intervention_session_note')
    .set({ body, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    // nor its session (the note went with it)
    .where(
      sql<boolean>`not exists (select 1 from intervention_session s
                     where s.id = intervention_session_note.session_id and s.withdrawn_at is not null)`,
    )
    .returning('id')
    .executeTakeFirst();
  return Boolean(done);
}

export async function insertSession(
  tx: Tx,
  s: {
    caseId: string;
    startsAt: Date;
    plannedMinutes: number;
    mode: string;
    place: string;
    component: string | null;
    createdBy: string;
    clinicianIds: readonly string[];
  },
): Promise<string> {
  const row = await tx
    .insertInto('intervention_session')
    .values({
      case_id: s.caseId,
      starts_at: s.startsAt,
      planned_minutes: s.plannedMinutes,
      mode: s.mode,
      place: s.place,
      component: s.component,
      created_by: s.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('intervention_session_clinician')
    .values(
      s.clinicianIds.map((userId) => ({
        session_id: row.id,
        case_id: s.caseId,
        user_id: userId,
        face_to_face_minutes: null,
        admin_minutes: null,
      })),
    )
    .execute();
  return row.id;
}

/** Records the outcome if the session is still at `expectedVersion`; false when it has moved on. */
export async function recordAttendance(
  tx: Tx,
  r: {
    caseId: string;
    id: string;
    expectedVersion: number;
    attendance: Attendance;
    durationMinutes: number | null;
    recordedBy: string;
  },
): Promise<boolean> {
  const result = await tx
    .updateTable('intervention_session')
    .set({
      attendance: r.attendance,
      duration_minutes: r.durationMinutes,
      attendance_recorded_by: r.recordedBy,
      attendance_recorded_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
    })
    .where('case_id', '=', r.caseId)
    .where('id', '=', r.id)
    .where('version', '=', r.expectedVersion)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setStaffTime(
  tx: Tx,
  sessionId: string,
  userId: string,
  faceToFace: number | null,
  admin: number | null,
): Promise<void> {
  await tx
    .updateTable('intervention_session_clinician')
    .set({ face_to_face_minutes: faceToFace, admin_minutes: admin })
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .execute();
}

export async function insertNote(
  tx: Tx,
  n: { caseId: string; sessionId: string; body: string; authorId: string },
): Promise<string> {
  const row = await tx
    .insertInto('intervention_session_note')
    .values({ case_id: n.caseId, session_id: n.sessionId, body: n.body, author_id: n.authorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The case's next appointment not yet recorded or cancelled, from now (core). */
export function nextSession(tx: Tx, caseId: string, now: Date) {
  return tx
    .selectFrom('intervention_session as s')
    .select(['s.id', 's.starts_at', 's.planned_minutes', 's.mode', 's.place'])
    .where('s.case_id', '=', caseId)
    .where('s.starts_at', '>=', now)
    .where('s.attendance', 'is', null)
    .where('s.withdrawn_at', 'is', null)
    .orderBy('s.starts_at')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The user's own appointments across their cases, from `from` on (row-level security shows only the
 * cases they may see), soonest first, at most `limit`.
 */
export function diaryOf(
  tx: Tx,
  userId: string,
  from: Date,
  limit: number,
  options: { withdrawnToo?: boolean } = {},
) {
  let q = tx
    .selectFrom('intervention_session_clinician as c')
    .innerJoin('intervention_session as s', 's.id', 'c.session_id')
    .innerJoin('cases as k', 'k.id', 's.case_id')
    .select([
      's.id',
      's.case_id',
      'k.reference',
      's.starts_at',
      's.planned_minutes',
      's.mode',
      's.place',
      's.attendance',
      's.version',
      's.withdrawn_at',
    ])
    .where('c.user_id', '=', userId)
    .where('s.starts_at', '>=', from);
  // the calendar file sends a withdrawn session as cancelled, so a calendar that holds it drops it
  if (!options.withdrawnToo) q = q.where('s.withdrawn_at', 'is', null);
  return q.orderBy('s.starts_at').orderBy('s.id').limit(limit).execute();
}
export type DiaryRow = Awaited<ReturnType<typeof diaryOf>>[number];

/** The user's caseload: the open cases they are on the team of, with each one's next appointment. */
export function caseloadOf(tx: Tx, userId: string, now: Date) {
  return tx
    .selectFrom('case_team as t')
    .innerJoin('cases as k', 'k.id', 't.case_id')
    .select([
      'k.id',
      'k.reference',
      'k.status',
      'k.accepted_mode',
      'k.investigation_status',
      (eb) =>
        eb
          .selectFrom('intervention_session as s')
          .select((e) => e.fn.min('s.starts_at').as('next'))
          .whereRef('s.case_id', '=', 'k.id')
          .where('s.starts_at', '>=', now)
          .where('s.attendance', 'is', null)
          .where('s.withdrawn_at', 'is', null)
          .as('next_session_at'),
    ])
    .where('t.user_id', '=', userId)
    .where('k.status', 'not in', ['closed', 'declined'])
    .orderBy('k.reference')
    .limit(500)
    .execute();
}

/**
 * The case's sessions withdrawn as entered in error, newest withdrawal first: when the session
 * was, its attendance, and when, by whom and why it was withdrawn.
 */
export function listWithdrawnSessions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('intervention_session as s')
    .innerJoin('app_user as u', 'u.id', 's.withdrawn_by')
    .select([
      's.id',
      's.starts_at',
      's.attendance',
      's.withdrawn_at',
      'u.display_name as withdrawn_by',
      's.withdrawn_reason',
    ])
    .where('s.case_id', '=', caseId)
    .where('s.withdrawn_at', 'is not', null)
    .orderBy('s.withdrawn_at', 'desc')
    .execute();
}
