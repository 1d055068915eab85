import type { DemoSeed } from '../../platform/demo-seed.js';
import { notify } from '../notifications/public.js';
import { londonLocalTime } from '../../platform/time.js';
import type { Attendance, Component, Mode } from './rules.js';
import { londonDate } from './service.js';

type DemoSession = {
  /** days from today: negative in the past */
  day: number;
  mode: Mode;
  place: string;
  component: Component;
  attendance: Attendance | null;
  /** the psychiatrist joins (a medication review) */
  withPsychiatrist?: boolean;
  note?: string;
};

/**
 * A course of individual therapy on Adrian Fenwick's case (convicted; probation on the team):
 * weekly sessions with the clinical psychologist, two "did not attend" in a row (the team was
 * told), staff time for each clinician, clinical notes, and two appointments still to come.
 */
const COURSE: DemoSession[] = [
  {
    day: -60,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'individual_therapy',
    attendance: 'attended',
    note: 'Engaged well; agreed the goals of therapy and a between-session thought record.',
  },
  {
    day: -53,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'psychoeducation',
    attendance: 'attended',
    note: 'Psychoeducation on the effects of stalking on victims. Quiet, but stayed with it.',
  },
  {
    day: -46,
    mode: 'probation_office',
    place: 'Southampton probation office',
    component: 'joint_work_probation',
    attendance: 'late',
    note: 'Joint session with his probation practitioner about the licence conditions. Arrived 20 minutes late.',
  },
  {
    day: -39,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'medication_review',
    attendance: 'attended',
    withPsychiatrist: true,
    note: 'Medication review with the psychiatrist: none indicated. Mood stable.',
  },
  { day: -32, mode: 'video', place: '', component: 'individual_therapy', attendance: 'cancelled_by_service' },
  {
    day: -25,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'individual_therapy',
    attendance: 'did_not_attend',
  },
  {
    day: -18,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'individual_therapy',
    attendance: 'did_not_attend',
  },
  {
    day: -11,
    mode: 'phone',
    place: '',
    component: 'individual_therapy',
    attendance: 'attended',
    note: 'Back in contact after two missed sessions: said he had been avoiding the work on the end of the relationship. Agreed to carry on.',
  },
  {
    day: -4,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'individual_therapy',
    attendance: 'attended',
    note: 'Relapse prevention: what he will do if he sees Laura in public.',
  },
  {
    day: 3,
    mode: 'clinic',
    place: 'Room 3, Ashdown Clinic',
    component: 'individual_therapy',
    attendance: null,
  },
  { day: 10, mode: 'video', place: '', component: 'individual_therapy', attendance: null },
];

const at10 = (day: number): Date => {
  const date = londonDate(new Date(Date.now() + day * 86_400_000));
  const local = londonLocalTime(date, '10:00');
  return local?.kind === 'exact' ? local.at : new Date(`${date}T10:00:00Z`);
};

export const demo: DemoSeed = {
  order: 45,
  async seed(ctx) {
    const c = ctx.caseOf('Fenwick');
    const psychologist = ctx.userId('clinical_psychologist');
    const psychiatrist = ctx.userId('forensic_psychiatrist');
    for (const s of COURSE) {
      const startsAt = at10(s.day);
      const tookPlace = s.attendance === 'attended' || s.attendance === 'late';
      const row = await ctx.tx
        .insertInto('intervention_session')
        .values({
          case_id: c.caseId,
          starts_at: startsAt,
          planned_minutes: 60,
          mode: s.mode,
          place: s.place,
          component: s.component,
          attendance: s.attendance,
          duration_minutes: tookPlace ? (s.attendance === 'late' ? 40 : 55) : null,
          attendance_recorded_by: s.attendance ? psychologist : null,
          attendance_recorded_at: s.attendance ? new Date(startsAt.getTime() + 3 * 3_600_000) : null,
          created_by: psychologist,
          version: s.attendance ? 2 : 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const clinicians = s.withPsychiatrist ? [psychologist, psychiatrist] : [psychologist];
      await ctx.tx
        .insertInto('intervention_session_clinician')
        .values(
          clinicians.map((userId) => ({
            session_id: row.id,
            case_id: c.caseId,
            user_id: userId,
            face_to_face_minutes:
              s.attendance === null ? null : tookPlace ? (s.attendance === 'late' ? 40 : 55) : 0,
            admin_minutes: s.attendance === null ? null : tookPlace ? 20 : 10,
          })),
        )
        .execute();
      if (s.note)
        await ctx.tx
          .insertInto('intervention_session_note')
          .values({ case_id: c.caseId, session_id: row.id, body: s.note, author_id: psychologist })
          .execute();
    }
    // the second "did not attend" in a row told the whole team
    const team = await ctx.tx
      .selectFrom('case_team')
      .select('user_id')
      .where('case_id', '=', c.caseId)
      .execute();
    await notify(
      ctx.tx,
      team.map((t) => ({
        userId: t.user_id,
        caseId: c.caseId,
        kind: 'consecutive_dna',
        message: `Case ${c.reference}: 2 sessions in a row were not attended.`,
        link: `/cases/${c.caseId}/sessions`,
        createdAt: new Date(at10(-18).getTime() + 3 * 3_600_000),
      })),
    );
  },
};
