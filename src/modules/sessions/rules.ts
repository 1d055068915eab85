/**
 * The rules of intervention sessions (issue 14, items 4 and 7), as pure functions: the service
 * applies them before anything is written, and row-level security repeats the ones the database
 * can see (no session under police investigation, no attendance in the future).
 */

export const MODES = ['clinic', 'prison', 'probation_office', 'video', 'phone'] as const;
export type Mode = (typeof MODES)[number];
export const MODE_TEXT: Record<Mode, string> = {
  clinic: 'Clinic',
  prison: 'Prison',
  probation_office: 'Probation office',
  video: 'Video call',
  phone: 'Phone call',
};

export const ATTENDANCE = [
  'attended',
  'late',
  'did_not_attend',
  'cancelled_by_person',
  'cancelled_by_service',
] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_TEXT: Record<Attendance, string> = {
  attended: 'Attended',
  late: 'Attended late',
  did_not_attend: 'Did not attend',
  cancelled_by_person: 'Cancelled by the person',
  cancelled_by_service: 'Cancelled by the service',
};

/** The planned components a session may belong to (the intervention plan's own words). */
export const COMPONENTS = [
  'individual_therapy',
  'psychoeducation',
  'occupational_therapy',
  'medication_review',
  'joint_work_probation',
  'spo_positive_requirement',
] as const;
export type Component = (typeof COMPONENTS)[number];
export const COMPONENT_TEXT: Record<Component, string> = {
  individual_therapy: 'Individual psychological therapy',
  psychoeducation: 'Psychoeducation',
  occupational_therapy: 'Occupational therapy',
  medication_review: 'Medication review',
  joint_work_probation: 'Joint work with probation',
  spo_positive_requirement: 'Work linked to a stalking protection order positive requirement',
};

/** A session took place (the person came, on time or late): it has a duration and staff time. */
export const tookPlace = (a: Attendance | null): boolean => a === 'attended' || a === 'late';

/** A cancellation: neither attendance nor a missed appointment. */
export const isCancellation = (a: Attendance | null): boolean =>
  a === 'cancelled_by_person' || a === 'cancelled_by_service';

/** The most minutes a session, or anyone's staff time on it, may take: under 24 hours. */
export const MAX_MINUTES = 24 * 60 - 1;

/** While the person is under police investigation the health team may give consultation only. */
export const INVESTIGATION_MESSAGE =
  'The person is under police investigation: the health team may give consultation only, not intervention sessions';

export function interventionAllowed(investigationStatus: string): boolean {
  return investigationStatus !== 'under_investigation';
}

/**
 * Whether this outcome may be recorded for a session starting at `startsAt`: attendance (or a
 * missed appointment) only once the session's time has come; a cancellation at any time.
 */
export function attendanceTimeProblem(
  attendance: Attendance,
  startsAt: Date,
  now: Date = new Date(),
): string | null {
  if (isCancellation(attendance)) return null;
  if (startsAt.getTime() > now.getTime())
    return attendance === 'did_not_attend'
      ? 'The session has not happened yet: you cannot record that the person did not attend'
      : 'The session has not happened yet: you cannot record it as attended in the future';
  return null;
}

/**
 * The run of consecutive "did not attend" that the session `id` ends or belongs to, in the order
 * the sessions were due. Cancellations (by the person or the service) neither break a run nor add
 * to it; sessions whose outcome is not yet recorded are left out. 0 when the session is not a DNA.
 */
export function dnaRunLength(
  sessions: readonly { id: string; startsAt: Date; attendance: Attendance | null }[],
  id: string,
): number {
  const outcomes = sessions
    .filter((s) => s.attendance !== null && !isCancellation(s.attendance))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  const at = outcomes.findIndex((s) => s.id === id);
  if (at < 0 || outcomes[at]!.attendance !== 'did_not_attend') return 0;
  let from = at;
  while (from > 0 && outcomes[from - 1]!.attendance === 'did_not_attend') from -= 1;
  let to = at;
  while (to < outcomes.length - 1 && outcomes[to + 1]!.attendance === 'did_not_attend') to += 1;
  return to - from + 1;
}

/** Two or more consecutive "did not attend": the case team is told. */
export const DNA_ALERT_RUN = 2;
