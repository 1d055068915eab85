import { z } from 'zod';
import { inRecordRange, isRealDate, outOfRangeMessage } from '../../platform/time.js';
import { ATTENDANCE, COMPONENTS, MAX_MINUTES, MODES } from './rules.js';

const minutes = (what: string) =>
  z
    .number({ error: `Enter ${what} in minutes` })
    .int(`Enter ${what} as a whole number of minutes`)
    .min(1, `${what[0]!.toUpperCase()}${what.slice(1)} must be at least 1 minute`)
    .max(MAX_MINUTES, `${what[0]!.toUpperCase()}${what.slice(1)} must be under 24 hours`);

/** A session to schedule; the date and time are as the clock in the UK shows them. */
export const scheduleInput = z.strictObject({
  date: z
    .string({ error: 'Enter the date of the session' })
    .trim()
    .min(1, 'Enter the date of the session')
    .refine(isRealDate, 'Enter the date of the session as a real date')
    .refine((v) => !isRealDate(v) || inRecordRange(v), outOfRangeMessage('The date of the session')),
  time: z
    .string({ error: 'Enter the time of the session' })
    .trim()
    .min(1, 'Enter the time of the session')
    .regex(
      /^([01]?\d|2[0-3])[:.][0-5]\d$/,
      'Enter the time of the session as hours and minutes, for example 14:30',
    ),
  plannedMinutes: minutes('the planned length'),
  mode: z.enum(MODES, 'Select where or how the session takes place'),
  place: z.string().trim().max(200, 'The place must be 200 characters or fewer').default(''),
  component: z.enum(COMPONENTS, 'Select a planned component, or none').nullable().default(null),
  clinicianIds: z
    .array(z.string().uuid('Select the clinicians present'), { error: 'Select the clinicians present' })
    .min(1, 'Select at least one clinician who will be present')
    .max(10, 'Select at most 10 clinicians'),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;

export const staffTimeInput = z.strictObject({
  userId: z.string().uuid(),
  faceToFaceMinutes: z
    .number({ error: 'Enter the face-to-face minutes' })
    .int('Enter the face-to-face minutes as a whole number')
    .min(0, 'Face-to-face minutes cannot be negative')
    .max(MAX_MINUTES, 'Face-to-face time must be under 24 hours'),
  adminMinutes: z
    .number({ error: 'Enter the preparation and admin minutes' })
    .int('Enter the preparation and admin minutes as a whole number')
    .min(0, 'Preparation and admin minutes cannot be negative')
    .max(MAX_MINUTES, 'Preparation and admin time must be under 24 hours'),
});

/** What happened at a session, after the event. */
export const attendanceInput = z.strictObject({
  attendance: z.enum(ATTENDANCE, 'Select whether the person attended'),
  durationMinutes: minutes('how long the session lasted').nullable().default(null),
  staffTime: z.array(staffTimeInput).max(10).default([]),
  /** the session's clinical note: the health team only ever sees it */
  note: z.string().trim().max(20_000, 'The clinical note must be 20,000 characters or fewer').default(''),
  /** the version of the session being recorded: a stale one is refused (409) */
  expectedVersion: z.number({ error: 'Give the version you are recording' }).int().min(1),
});
export type AttendanceInput = z.infer<typeof attendanceInput>;

const clinicianApi = z.object({
  userId: z.string().uuid(),
  name: z.string(),
  role: z.string(),
  faceToFaceMinutes: z.number().int().nullable(),
  adminMinutes: z.number().int().nullable(),
});

export const sessionApi = z.object({
  id: z.string().uuid(),
  startsAt: z.string(),
  plannedMinutes: z.number().int(),
  mode: z.enum(MODES),
  place: z.string(),
  component: z.enum(COMPONENTS).nullable(),
  attendance: z.enum(ATTENDANCE).nullable(),
  durationMinutes: z.number().int().nullable(),
  clinicians: z.array(clinicianApi),
  version: z.number().int(),
  /** the clinical note: only for those who read the clinical compartment; null for everyone else */
  clinicalNote: z.string().nullable(),
});
export type SessionApi = z.infer<typeof sessionApi>;

export const sessionsApi = z.object({ items: z.array(sessionApi) });

export const diaryApi = z.object({
  items: z.array(
    z.object({
      sessionId: z.string().uuid(),
      caseId: z.string().uuid(),
      caseReference: z.string(),
      startsAt: z.string(),
      plannedMinutes: z.number().int(),
      mode: z.enum(MODES),
      place: z.string(),
      attendance: z.enum(ATTENDANCE).nullable(),
    }),
  ),
});
