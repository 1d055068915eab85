import { z } from 'zod';
import { inRecordRange, isRealDate, outOfRangeMessage, todayInLondon } from '../../platform/time.js';

const realDate = (what: string) =>
  z
    .string({ error: `Enter the date ${what}` })
    .trim()
    .min(1, `Enter the date ${what}`)
    .refine(isRealDate, `Enter the date ${what} as a real date`)
    .refine((v) => !isRealDate(v) || inRecordRange(v), outOfRangeMessage(`The date ${what}`));

const text = (name: string, max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** Advice given to the referring agency. */
export const consultationInput = z.strictObject({
  requestedBy: text('Who asked', 200, 'Enter who asked for the advice'),
  requestingAgency: text('The agency', 200, 'Enter the agency that asked'),
  requestedOn: realDate('the advice was asked for').refine(
    (v) => !isRealDate(v) || v <= todayInLondon(),
    'The date the advice was asked for cannot be in the future',
  ),
  question: text('The question', 10_000, 'Enter the question that was asked'),
  advice: text('The advice', 20_000, 'Enter the advice given'),
  recommendedActions: z
    .string()
    .trim()
    .max(10_000, 'The recommended actions must be 10,000 characters or fewer')
    .default(''),
  followUpOn: realDate('to follow up')
    .refine((v) => !isRealDate(v) || v >= todayInLondon(), 'The follow-up date must be today or later')
    .nullable()
    .default(null),
});
export type ConsultationInput = z.infer<typeof consultationInput>;

export const consultationApi = z.object({
  id: z.string().uuid(),
  requestedBy: z.string(),
  requestingAgency: z.string(),
  requestedOn: z.string(),
  question: z.string(),
  advice: z.string(),
  recommendedActions: z.string(),
  followUpOn: z.string().nullable(),
  author: z.string(),
  createdAt: z.string(),
});
