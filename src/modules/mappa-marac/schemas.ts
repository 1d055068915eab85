import { z } from 'zod';
import { anyDate, pastDate } from '../offending/schemas.js';

export const MAPPA_CATEGORY_TEXT = {
  1: 'Category 1: registered sexual offender',
  2: 'Category 2: violent offender (12 months’ custody or more, or a hospital order)',
  3: 'Category 3: other dangerous offender',
} as const;
export const MAPPA_LEVEL_TEXT = {
  1: 'Level 1: ordinary agency management',
  2: 'Level 2: active multi-agency management',
  3: 'Level 3: active multi-agency management, senior oversight',
} as const;

export const LEAD_AGENCIES = ['police', 'probation', 'prison', 'health', 'other'] as const;
export const LEAD_AGENCY_TEXT: Record<(typeof LEAD_AGENCIES)[number], string> = {
  police: 'Police',
  probation: 'Probation',
  prison: 'Prison service',
  health: 'Health',
  other: 'Other',
};

export const REFERRING_AGENCIES = ['police', 'probation', 'health', 'victim_service', 'other'] as const;
export const REFERRING_AGENCY_TEXT: Record<(typeof REFERRING_AGENCIES)[number], string> = {
  police: 'Police',
  probation: 'Probation',
  health: 'Health team',
  victim_service: 'Victim service (the advocate)',
  other: 'Other',
};

const oneToThree = (what: string) =>
  z
    .number({ error: `Select the MAPPA ${what}` })
    .int(`Select the MAPPA ${what}`)
    .min(1, `Select the MAPPA ${what}`)
    .max(3, `Select the MAPPA ${what}`);

export const mappaInput = z.strictObject({
  category: oneToThree('category'),
  level: oneToThree('level'),
  startsOn: anyDate('the date MAPPA management starts'),
  endsOn: anyDate('the date MAPPA management ends').optional(),
  leadAgency: z.enum(LEAD_AGENCIES, 'Select the lead agency'),
  nextReviewOn: anyDate('the next review date').optional(),
  notes: z.string().trim().max(5000, 'The notes must be 5,000 characters or fewer').default(''),
});
export type MappaInput = z.infer<typeof mappaInput>;

export const maracReferralInput = z.strictObject({
  referredOn: pastDate('the date of the MARAC referral'),
  referringAgency: z.enum(REFERRING_AGENCIES, 'Select the agency that referred'),
  reason: z
    .string({ error: 'Enter why the case was referred to MARAC' })
    .trim()
    .min(1, 'Enter why the case was referred to MARAC')
    .max(5000, 'The reason must be 5,000 characters or fewer'),
});
export type MaracReferralInput = z.infer<typeof maracReferralInput>;

export const maracMeetingInput = z.strictObject({
  referralId: z.string({ error: 'Select the MARAC referral' }).uuid('Select the MARAC referral'),
  meetingOn: pastDate('the date of the meeting'),
  outcome: z
    .string({ error: 'Enter the outcome of the meeting' })
    .trim()
    .min(1, 'Enter the outcome of the meeting')
    .max(5000, 'The outcome must be 5,000 characters or fewer'),
});
export type MaracMeetingInput = z.infer<typeof maracMeetingInput>;

export const mappaApi = z.object({
  id: z.string().uuid(),
  category: z.number().int().min(1).max(3),
  level: z.number().int().min(1).max(3),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  leadAgency: z.enum(LEAD_AGENCIES),
  nextReviewOn: z.string().nullable(),
  notes: z.string(),
  current: z.boolean().describe('the latest record: the category and level in force'),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const maracReferralApi = z.object({
  id: z.string().uuid(),
  referredOn: z.string(),
  referringAgency: z.enum(REFERRING_AGENCIES),
  reason: z.string(),
  recordedBy: z.string(),
  meetings: z.array(z.object({ id: z.string().uuid(), meetingOn: z.string(), outcome: z.string() })),
});

export const maracMeetingApi = z.object({
  id: z.string().uuid(),
  referralId: z.string().uuid(),
  referredOn: z.string(),
  meetingOn: z.string(),
  outcome: z.string(),
  recordedBy: z.string(),
});
