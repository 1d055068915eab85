import { z } from 'zod';
import { correctionReasonFor, recordVersion } from '../../platform/corrections/index.js';
import { inRecordRange, outOfRangeMessage, todayInLondon } from '../../platform/time.js';

export const METHODS = [
  'phone',
  'in_person',
  'email',
  'letter',
  'text_message',
  'video_call',
  'other',
] as const;

export const METHOD_TEXT: Record<(typeof METHODS)[number], string> = {
  phone: 'Phone call',
  in_person: 'In person',
  email: 'Email',
  letter: 'Letter',
  text_message: 'Text message',
  video_call: 'Video call',
  other: 'Other',
};

const realDate = (what: string) =>
  z
    .string({ error: `Enter the date ${what}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the date ${what} as a real date`)
    .refine(
      (v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      `Enter the date ${what} as a real date`,
    )
    .refine((v) => v <= todayInLondon(), 'The date cannot be in the future')
    .refine((v) => inRecordRange(v), outOfRangeMessage(`The date ${what}`));

export const contactLogInput = z.strictObject({
  caseVictimId: z.string({ error: 'Select the victim' }).uuid('Select the victim'),
  contactedOn: realDate('of the contact'),
  method: z.enum(METHODS, 'Select how the contact was made'),
  contactWith: z
    .string({ error: 'Enter who the contact was with' })
    .trim()
    .min(1, 'Enter who the contact was with')
    .max(200, 'Who the contact was with must be 200 characters or fewer'),
  summary: z
    .string({ error: 'Enter a summary of the contact' })
    .trim()
    .min(1, 'Enter a summary of the contact')
    .max(10_000, 'The summary must be 10,000 characters or fewer'),
  victimUpdated: z.boolean({ error: 'Select whether the victim was updated on the case' }),
});
export type ContactLogInput = z.infer<typeof contactLogInput>;

export const contactLogApi = z.object({
  id: z.string().uuid(),
  caseVictimId: z.string().uuid(),
  victim: z.string(),
  contactedOn: z.string(),
  method: z.enum(METHODS),
  contactWith: z.string(),
  summary: z.string(),
  victimUpdated: z.boolean(),
  author: z.string(),
});

/** A correction through the API: every detail as it should now be, the reason and the version read. */
export const contactLogAmendmentApi = z.strictObject({
  entry: contactLogInput,
  reason: correctionReasonFor('contact log entry'),
  version: recordVersion,
});
