import { z } from 'zod';
import { inRecordRange, todayInLondon } from '../../platform/time.js';

export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;

const futureDate = z
  .string({ error: 'Enter the next review date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the next review date as a real date')
  .refine(
    (v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'Enter the next review date as a real date',
  )
  .refine((v) => v >= todayInLondon(), 'The next review date must be today or in the future')
  .refine((v) => inRecordRange(v), 'The next review date must be within the next 20 years');

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

const rating = z.enum(RISK_LEVELS);

/** GET /api/v1/cases/:id/risk: the case's current risk and how it came to be */
export const apiRiskOverview = z.object({
  current: z.array(
    z.object({
      domain: z.string(),
      label: z.string(),
      rating,
      ratedAt: z.string().describe('when the rating was made'),
      assessedOn: z.string().describe('the date its assessment was completed, YYYY-MM-DD'),
      assessmentId: z.string().uuid(),
      instrument: z.string(),
      assessor: z.string(),
    }),
  ),
  history: z.array(
    z.object({
      date: z.string().describe('YYYY-MM-DD'),
      domain: z.string(),
      label: z.string(),
      from: rating.nullable(),
      to: rating,
      by: z.string(),
      rationale: z.string(),
      assessmentId: z.string().uuid(),
    }),
  ),
  bands: z.object({
    screening: z
      .object({
        assessmentId: z.string().uuid(),
        instrument: z.string(),
        band: rating,
        overridden: z.boolean(),
      })
      .nullable(),
    spj: z
      .object({
        assessmentId: z.string().uuid(),
        instrument: z.string(),
        band: rating,
        overridden: z.boolean(),
      })
      .nullable(),
  }),
  nextReviewDate: z.string().nullable(),
  nextReviewOverdue: z.boolean(),
  fullAssessmentRecommended: z.boolean(),
});
