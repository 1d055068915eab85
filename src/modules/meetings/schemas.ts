import { z } from 'zod';
import { withdrawnApi } from '../../platform/corrections/index.js';
import { isRealDate } from '../../platform/time.js';
import { actionApi, actionInput } from '../actions/public.js';
import { AGENCY_KINDS, ATTENDANCE, DECISIONS, MEETING_STATUSES, RECURRENCES, RISK_LEVELS } from './rules.js';

const id = (message: string) => z.string({ error: message }).uuid(message);
const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().uuid(message).optional());
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional();

export const scheduleInput = z.strictObject({
  siteId: id('Choose the site'),
  date: z
    .string({ error: 'Enter the date of the meeting' })
    .refine(isRealDate, 'Enter the date of the meeting as a real date, like 2026-03-04'),
  time: z
    .string({ error: 'Enter the time of the meeting' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time of the meeting in the 24-hour clock, like 14:30'),
  recurrence: z.enum(RECURRENCES, 'Select whether the meeting repeats'),
  location: optionalText('The place', 200),
  minuteTakerId: optionalId('Choose the minute-taker from the list'),
  invitedAgencyIds: z.array(id('Choose agencies from the list')).default([]),
  invitedUserIds: z.array(id('Choose people from the list')).default([]),
});

export const quorumInput = z.strictObject({
  siteId: id('Choose the site'),
  quorumKinds: z.array(z.enum(AGENCY_KINDS, 'Choose agencies from the list')).default([]),
});

export const agendaInput = z.strictObject({
  caseId: optionalId('Choose a case from the suggestions'),
  reference: optionalText('The reference', 20),
  reason: optionalText('The reason', 500),
});

export const moveInput = z.strictObject({ direction: z.enum(['up', 'down'], 'Choose up or down') });

export const attendanceInput = z.strictObject({
  version: z.coerce.number().int().min(1),
  entries: z.array(
    z.strictObject({
      userId: id('Choose a person'),
      attendance: z.enum(ATTENDANCE, 'Select present, apologies or deputy'),
      deputyId: optionalId('Choose the deputy from the list'),
    }),
  ),
});

export const approveInput = z.strictObject({ version: z.coerce.number().int().min(1) });

export const minutesInput = z.strictObject({
  version: z.coerce.number().int().min(1),
  discussion: optionalText('The discussion', 20_000),
  voiceReason: optionalText('The reason', 2_000),
  agreedRisk: z
    .enum(RISK_LEVELS, 'Select the agreed risk level')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  riskRationale: optionalText('The rationale', 5_000),
  decision: z
    .enum(DECISIONS, 'Select the decision')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const addendumInput = z.strictObject({
  body: z
    .string({ error: 'Enter the addendum' })
    .trim()
    .min(1, 'Enter the addendum')
    .max(5_000, 'The addendum must be 5,000 characters or fewer'),
});

export { actionInput };

const participantApi = z.object({
  userId: z.string().uuid(),
  name: z.string(),
  agency: z.string().nullable(),
  attendance: z.enum(ATTENDANCE).nullable(),
  deputyId: z.string().uuid().nullable(),
  deputy: z.string().nullable(),
});

export const meetingApi = z.object({
  id: z.string().uuid(),
  siteId: z.string().uuid(),
  site: z.string(),
  seriesId: z.string().uuid().nullable(),
  recurrence: z.enum(RECURRENCES),
  startsAt: z.string(),
  location: z.string(),
  chair: z.string(),
  minuteTaker: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  version: z.number().int(),
});

export const itemApi = z.object({
  id: z.string().uuid(),
  caseId: z.string().uuid(),
  reference: z.string(),
  position: z.number().int(),
  reason: z.string(),
  discussion: z.string(),
  victimVoice: z.object({ id: z.string().uuid(), body: z.string(), recordedOn: z.string() }).nullable(),
  voiceReason: z.string(),
  agreedRisk: z.enum(RISK_LEVELS).nullable(),
  riskRationale: z.string(),
  decision: z.enum(DECISIONS).nullable(),
  version: z.number().int(),
  addenda: z.array(z.object({ id: z.string().uuid(), body: z.string(), by: z.string(), at: z.string() })),
  actions: z.array(actionApi),
  withdrawn: withdrawnApi,
});

export const meetingDetailApi = meetingApi.extend({
  invitedAgencies: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
  participants: z.array(participantApi),
  quorumRule: z.array(z.enum(AGENCY_KINDS)),
  quorate: z.boolean(),
  missingForQuorum: z.array(z.enum(AGENCY_KINDS)),
  items: z.array(itemApi),
  suggestions: z.array(
    z.object({ caseId: z.string().uuid(), reference: z.string(), reasons: z.array(z.string()) }),
  ),
});
