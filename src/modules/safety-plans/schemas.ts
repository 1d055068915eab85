import { z } from 'zod';
import { RATINGS } from '../instruments/definition.js';
import { inRecordRange, isRealDate, outOfRangeMessage, todayInLondon } from '../../platform/time.js';

/** Today's date where the programme works, as 'YYYY-MM-DD'. */
export const today = (): string => todayInLondon();

const realDate = (missing: string, invalid: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine(isRealDate, invalid)
    .refine((v) => !isRealDate(v) || inRecordRange(v), outOfRangeMessage('The date'));

export const MAX_FORM_ACTIONS = 6;

export const planAction = z.strictObject({
  action: z
    .string({ error: 'Enter the action' })
    .trim()
    .min(1, 'Enter the action')
    .max(1_000, 'The action must be 1,000 characters or fewer'),
  owner: z
    .string({ error: 'Enter who owns the action' })
    .trim()
    .min(1, 'Enter who owns the action')
    .max(200, 'The owner must be 200 characters or fewer'),
  reviewOn: realDate('Enter the date to review the action', 'Enter the action’s review date as a real date'),
});

export const planFields = {
  summary: z
    .string({ error: 'Enter a summary of the safety plan' })
    .trim()
    .min(1, 'Enter a summary of the safety plan')
    .max(10_000, 'The summary must be 10,000 characters or fewer'),
  reviewDate: realDate(
    'Enter the date to review the whole plan',
    'Enter the plan’s review date as a real date',
  ).refine((v) => !isRealDate(v) || v >= today(), 'The review date cannot be in the past'),
};

/** A new version of a victim's plan, as the API takes it. */
export const planInput = z.strictObject({
  summary: planFields.summary,
  actions: z
    .array(planAction, { error: 'Add at least one action' })
    .min(1, 'Add at least one action')
    .max(50, 'A plan can have at most 50 actions'),
  reviewDate: planFields.reviewDate,
  /** the version this plan revises, 0 for a victim's first plan: a stale one is refused (409) */
  expectedVersion: z.number({ error: 'Give the version you are revising (0 for a first plan)' }).int().min(0),
});
export type PlanInput = z.infer<typeof planInput>;

const planVersionApi = z.object({
  id: z.string().uuid(),
  version: z.number().int(),
  summary: z.string(),
  actions: z.array(z.object({ action: z.string(), owner: z.string(), reviewOn: z.string() })),
  reviewDate: z.string(),
  author: z.string(),
  createdAt: z.string(),
  riskAssessment: z
    .object({
      id: z.string().uuid(),
      completedAt: z.string().nullable(),
      effectiveBand: z.enum(RATINGS).nullable(),
    })
    .nullable(),
});
export type PlanVersionApi = z.infer<typeof planVersionApi>;

export const plansApi = z.object({
  victims: z.array(
    z.object({
      caseVictimId: z.string().uuid(),
      victim: z.string(),
      current: planVersionApi.nullable(),
      history: z.array(planVersionApi),
    }),
  ),
  withdrawnVictims: z
    .array(
      z.object({
        caseVictimId: z.string().uuid(),
        victim: z.string(),
        withdrawn: z.object({ at: z.string().datetime(), by: z.string(), reason: z.string() }),
        versions: z.array(planVersionApi).describe('every version of their plan, newest first'),
      }),
    )
    .describe(
      'victims withdrawn as entered in error who had a safety plan: kept, apart, never a current plan',
    ),
});
