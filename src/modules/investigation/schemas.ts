import { z } from 'zod';
import { inRecordRange, isRealDate, outOfRangeMessage, todayInLondon } from '../../platform/time.js';
import { INVESTIGATION_STATUSES } from './rules.js';

export const investigationInput = z.strictObject({
  to: z.enum(INVESTIGATION_STATUSES, 'Select the new investigation status'),
  effectiveOn: z
    .string({ error: 'Enter the date the change took effect' })
    .regex(
      /^\d{4}-\d{2}-\d{2}$/,
      'The date the change took effect must be a real date, for example, 27 3 2026',
    )
    .refine(isRealDate, 'The date the change took effect must be a real date, for example, 27 3 2026')
    .refine((v) => v <= todayInLondon(), 'The date the change took effect must be today or in the past')
    .refine((v) => inRecordRange(v), outOfRangeMessage('The date the change took effect')),
  reason: z
    .string({ error: 'Enter what happened' })
    .trim()
    .min(1, 'Enter what happened, for example the charge and the court')
    .max(5000, 'What happened must be 5,000 characters or fewer'),
  /** the case's version when the form was opened: a change made since is refused, not overwritten */
  version: z.coerce
    .number({ error: 'The case version is missing: reload the page' })
    .int('The case version is missing: reload the page')
    .positive('The case version is missing: reload the page'),
});
export type InvestigationInput = z.infer<typeof investigationInput>;

export const investigationApi = z.object({
  id: z.string().uuid(),
  from: z.enum(INVESTIGATION_STATUSES),
  to: z.enum(INVESTIGATION_STATUSES),
  effectiveOn: z.string(),
  reason: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
