import { z } from 'zod';

const emptyToUndefined = z.literal('').transform(() => undefined);

export const reviewsQuery = z.object({
  site: z.string().uuid().optional().or(emptyToUndefined),
  scope: z.enum(['mine', 'site']).optional().or(emptyToUndefined),
});

export const apiReviewItem = z.object({
  caseId: z.string().uuid(),
  reference: z.string(),
  site: z.string(),
  caseStatus: z.string(),
  state: z
    .enum(['overdue', 'due', 'no_assessment'])
    .describe('overdue: the review date has passed; due: within 14 days; no_assessment: none completed yet'),
  nextReviewDate: z.string().nullable(),
  latestAssessmentId: z.string().uuid().nullable(),
});

export const apiReviewList = z.object({
  items: z.array(apiReviewItem),
  /** the last date counted as due: today plus 14 days */
  dueBy: z.string(),
  /** more reviews are due than the list holds (the soonest REVIEW_LIST_LIMIT are listed) */
  more: z.boolean(),
  /** MAPPA reviews due within 14 days or overdue on open cases (the MAPPA record in force) */
  mappa: z.array(
    z.object({
      caseId: z.string().uuid(),
      reference: z.string(),
      site: z.string(),
      caseStatus: z.string(),
      state: z.enum(['overdue', 'due']),
      category: z.number().int(),
      level: z.number().int(),
      nextReviewDate: z.string(),
    }),
  ),
  /** more MAPPA reviews are due than the list holds */
  mappaMore: z.boolean(),
});

export const apiReviewsQuery = z
  .object({
    site: z.string().uuid().optional().describe('only this one of your sites'),
    scope: z
      .enum(['mine', 'site'])
      .optional()
      .describe('a site coordinator: their own case teams, or the whole site'),
  })
  .strict();
