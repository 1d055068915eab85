import { z } from 'zod';
import { correctionReasonFor, recordVersion } from '../../platform/corrections/index.js';
import { inRecordRange, outOfRangeMessage, todayInLondon } from '../../platform/time.js';

export const SHARING = ['verbatim', 'summarised', 'not_shared'] as const;
export const TOPICS = [
  'interventions',
  'order_conditions',
  'bail_licence_conditions',
  'own_safety',
  'other',
] as const;

export const voiceInput = z.strictObject({
  caseVictimId: z.string({ error: 'Select the victim' }).uuid('Select the victim'),
  body: z
    .string({ error: 'Enter what the victim said' })
    .trim()
    .min(1, 'Enter what the victim said')
    .max(20_000, 'The entry must be 20,000 characters or fewer'),
  // 'other' when not given, as entries recorded before topics existed
  topic: z.enum(TOPICS, 'Select what the victim’s views are about').default('other'),
  sharing: z.enum(SHARING, 'Select whether and how the victim agreed it may be shared'),
  recordedOn: z
    .string({ error: 'Enter the date the victim said this' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date the victim said this as a real date')
    .refine(
      (v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      'Enter the date the victim said this as a real date',
    )
    .refine((v) => v <= todayInLondon(), 'The date cannot be in the future')
    .refine((v) => inRecordRange(v), outOfRangeMessage('The date the victim said this')),
});

export type VoiceInput = z.infer<typeof voiceInput>;

export const voiceApi = z.object({
  id: z.string().uuid(),
  victim: z.string(),
  body: z.string(),
  topic: z.enum(TOPICS),
  sharing: z.enum(SHARING).describe('not_shared entries are returned only to the victim’s advocate'),
  recordedOn: z.string(),
  author: z.string(),
});

/** A correction through the API: every detail as it should now be, the reason and the version read. */
export const voiceAmendmentApi = z.strictObject({
  entry: voiceInput,
  reason: correctionReasonFor('voice entry'),
  version: recordVersion,
});
