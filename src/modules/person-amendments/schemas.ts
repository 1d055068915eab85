import { z } from 'zod';
import { personSchema } from '../referrals/public.js';

export const amendReason = z
  .string({ error: 'Enter why the details are being corrected' })
  .trim()
  .min(1, 'Enter why the details are being corrected')
  .max(2000, 'The reason must be 2,000 characters or fewer');

const version = z.coerce
  .number({ error: 'The version is missing: reload the page' })
  .int('The version is missing: reload the page')
  .positive('The version is missing: reload the page');

/** An amendment through the API: every detail as it should now be, the reason, and the version read. */
export const amendPersonApi = personSchema.extend({ reason: amendReason, version });
export type AmendPersonInput = z.infer<typeof amendPersonApi>;

const change = z.object({ from: z.unknown(), to: z.unknown() });

export const amendmentApi = z.object({
  id: z.string().uuid(),
  versionAfter: z.number().int(),
  changes: z.record(z.string(), change),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});
