import { z } from 'zod';
import { inRecordRange, isRealDate, outOfRangeMessage, todayInLondon } from '../../platform/time.js';

/** How the evaluation classifies an offence (charges and new offending alike). */
export const CLASSIFICATIONS = [
  'pha_s2a',
  'pha_s4a',
  'pha_s2',
  'pha_s4',
  'breach_of_order',
  'other_violence',
  'other',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const CLASSIFICATION_TEXT: Record<Classification, string> = {
  pha_s2a: 'Stalking (PHA 1997 s2A)',
  pha_s4a: 'Stalking involving fear of violence or serious alarm or distress (PHA 1997 s4A)',
  pha_s2: 'Harassment (PHA 1997 s2)',
  pha_s4: 'Putting people in fear of violence (PHA 1997 s4)',
  breach_of_order: 'Breach of an order',
  other_violence: 'Other violence',
  other: 'Other offence',
};
/** Stalking or harassment of any section: what "re-offended" counts for the evaluation. */
export const STALKING_OR_HARASSMENT: readonly Classification[] = ['pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4'];

export const OUTCOMES = ['convicted', 'acquitted', 'discontinued', 'no_further_action'] as const;
export const OUTCOME_TEXT: Record<(typeof OUTCOMES)[number], string> = {
  convicted: 'Convicted',
  acquitted: 'Acquitted',
  discontinued: 'Discontinued',
  no_further_action: 'No further action',
};

export const SENTENCE_KINDS = [
  'immediate_custody',
  'suspended_sentence',
  'community_order',
  'fine',
  'conditional_discharge',
  'absolute_discharge',
  'other',
] as const;
export type SentenceKind = (typeof SENTENCE_KINDS)[number];
export const SENTENCE_TEXT: Record<SentenceKind, string> = {
  immediate_custody: 'Immediate custody',
  suspended_sentence: 'Suspended sentence',
  community_order: 'Community order',
  fine: 'Fine',
  conditional_discharge: 'Conditional discharge',
  absolute_discharge: 'Absolute discharge',
  other: 'Other sentence',
};
/** the sentences that have a length (in months) */
export const SENTENCES_WITH_LENGTH: readonly SentenceKind[] = [
  'immediate_custody',
  'suspended_sentence',
  'community_order',
];

export const EVENT_KINDS = ['arrest', 'charge', 'caution', 'conviction'] as const;
export const EVENT_TEXT: Record<(typeof EVENT_KINDS)[number], string> = {
  arrest: 'Arrest',
  charge: 'Charge',
  caution: 'Caution',
  conviction: 'Conviction',
};

export const SOURCE_AGENCIES = ['police', 'probation', 'health', 'victim_service', 'court', 'other'] as const;
export const SOURCE_TEXT: Record<(typeof SOURCE_AGENCIES)[number], string> = {
  police: 'Police',
  probation: 'Probation',
  health: 'Health team',
  victim_service: 'Victim service',
  court: 'Court',
  other: 'Other',
};

/** A date that has happened: real, in the record range, not after today (UK). */
export const pastDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine((v) => isRealDate(v), `Enter ${label} as a real date`)
    .refine((v) => !isRealDate(v) || v <= todayInLondon(), `${capital(label)} cannot be in the future`)
    .refine((v) => !isRealDate(v) || inRecordRange(v), outOfRangeMessage(capital(label)));

/** A planned or past date: real and in the record range (at most 20 years ahead). */
export const anyDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine((v) => isRealDate(v), `Enter ${label} as a real date`)
    .refine((v) => !isRealDate(v) || inRecordRange(v), outOfRangeMessage(capital(label)));

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const chargeInput = z.strictObject({
  classification: z.enum(CLASSIFICATIONS, 'Select the kind of offence'),
  wording: z
    .string({ error: 'Enter the charge' })
    .trim()
    .min(1, 'Enter the charge')
    .max(2000, 'The charge must be 2,000 characters or fewer'),
  chargedOn: pastDate('the date of the charge'),
  court: z.string().trim().max(200, 'The court must be 200 characters or fewer').default(''),
});
export type ChargeInput = z.infer<typeof chargeInput>;

export const outcomeInput = z.strictObject({
  chargeId: z.string({ error: 'Select the charge' }).uuid('Select the charge'),
  outcome: z.enum(OUTCOMES, 'Select the outcome'),
  outcomeOn: pastDate('the date of the outcome'),
  sentenceKind: z.enum(SENTENCE_KINDS, 'Select the sentence').optional(),
  sentenceMonths: z
    .number({ error: 'Enter the length of the sentence in whole months' })
    .int('Enter the length of the sentence in whole months')
    .min(1, 'The length of the sentence must be at least 1 month')
    .max(600, 'The length of the sentence must be 600 months or fewer')
    .optional(),
  notes: z.string().trim().max(5000, 'The notes must be 5,000 characters or fewer').default(''),
});
export type OutcomeInput = z.infer<typeof outcomeInput>;

export const newOffenceInput = z.strictObject({
  eventKind: z.enum(EVENT_KINDS, 'Select what happened: arrest, charge, caution or conviction'),
  classification: z.enum(CLASSIFICATIONS, 'Select the kind of offence'),
  offenceOn: pastDate('the date of the offence'),
  knownOn: pastDate('the date it became known'),
  sourceAgency: z.enum(SOURCE_AGENCIES, 'Select the agency it came from'),
  details: z.string().trim().max(5000, 'The details must be 5,000 characters or fewer').default(''),
});
export type NewOffenceInput = z.infer<typeof newOffenceInput>;

export const chargeApi = z.object({
  id: z.string().uuid(),
  classification: z.enum(CLASSIFICATIONS),
  wording: z.string(),
  chargedOn: z.string(),
  court: z.string(),
  recordedBy: z.string(),
  outcomes: z
    .array(
      z.object({
        id: z.string().uuid(),
        outcome: z.enum(OUTCOMES),
        outcomeOn: z.string(),
        sentenceKind: z.enum(SENTENCE_KINDS).nullable(),
        sentenceMonths: z.number().int().nullable(),
      }),
    )
    .describe('every outcome of the charge, oldest first; the last is the one in force'),
});

export const outcomeApi = z.object({
  id: z.string().uuid(),
  chargeId: z.string().uuid(),
  charge: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  outcome: z.enum(OUTCOMES),
  outcomeOn: z.string(),
  sentenceKind: z.enum(SENTENCE_KINDS).nullable(),
  sentenceMonths: z.number().int().nullable(),
  notes: z.string(),
  recordedBy: z.string(),
});

export const newOffenceApi = z.object({
  id: z.string().uuid(),
  eventKind: z.enum(EVENT_KINDS),
  classification: z.enum(CLASSIFICATIONS),
  offenceOn: z.string(),
  knownOn: z.string(),
  sourceAgency: z.enum(SOURCE_AGENCIES),
  details: z.string(),
  recordedBy: z.string(),
});
