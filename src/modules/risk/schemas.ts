import { z } from 'zod';

export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;

const futureDate = z
  .string({ error: 'Enter the next review date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the next review date as a real date')
  .refine(
    (v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'Enter the next review date as a real date',
  )
  .refine(
    (v) => v >= new Date().toISOString().slice(0, 10),
    'The next review date must be today or in the future',
  );

export const riskPlanInput = z.strictObject({
  riskLevel: z.enum(RISK_LEVELS, 'Select the level of risk'),
  summary: z
    .string({ error: 'Enter the risk management plan' })
    .trim()
    .min(1, 'Enter the risk management plan')
    .max(20_000, 'The plan must be 20,000 characters or fewer'),
  nextReviewDate: futureDate,
});

export const riskPlanApi = z.object({
  id: z.string().uuid(),
  riskLevel: z.enum(RISK_LEVELS),
  summary: z.string(),
  nextReviewDate: z.string(),
  author: z.string(),
  createdAt: z.string(),
});
