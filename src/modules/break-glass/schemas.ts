import { z } from 'zod';
import { BREAK_GLASS_REASONS, type BreakGlassReason } from '../../platform/access/policy.js';

const reasonCodes = Object.keys(BREAK_GLASS_REASONS) as [BreakGlassReason, ...BreakGlassReason[]];

export const breakGlassInput = z.strictObject({
  reference: z
    .string({ error: 'Enter the case reference' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}-\d{6}$/, 'Enter the case reference, like HAM-000123'),
  reasonCode: z.enum(reasonCodes, 'Select why you need to open this case'),
  reasonText: z
    .string({ error: 'Explain why you need to open this case now' })
    .trim()
    .min(10, 'Explain why you need to open this case now, in at least 10 characters')
    .max(2000, 'The explanation must be 2,000 characters or fewer'),
});
export type BreakGlassInput = z.infer<typeof breakGlassInput>;

export const reviewInput = z.strictObject({
  note: z.string().trim().min(1, 'Enter what you found when you reviewed this access').max(2000),
});

export const breakGlassGranted = z.object({ caseId: z.string().uuid(), expiresAt: z.string() });
