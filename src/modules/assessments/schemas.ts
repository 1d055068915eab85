import { z } from 'zod';
import { RATINGS } from '../instruments/definition.js';

export const caseParams = z.object({ id: z.string() });
export const assessmentParams = z.object({ id: z.string(), aid: z.string() });

const uuid = z.string().uuid();
const rating = z.enum(RATINGS);
const answerValue = z.union([z.boolean(), z.number(), z.string().max(20_000), z.null()]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD');

export const startInput = z.strictObject({
  instrumentVersionId: uuid,
  coAssessor: z.string().trim().max(200, 'The co-assessor must be 200 characters or fewer').optional(),
});

export const answersInput = z.strictObject({
  answers: z.record(z.string(), answerValue).describe('Answers keyed by item id; null clears an answer'),
  ratings: z
    .record(
      z.string(),
      z.strictObject({ rating: rating.optional(), rationale: z.string().max(20_000).optional() }),
    )
    .optional()
    .describe('Domain ratings keyed by rated section id; replaces the domain’s rating'),
  version: z.number().int().min(1),
});

export const planAction = z.strictObject({
  action: z.string().max(2000),
  owner: z.string().max(200),
});

export const completeInput = z.strictObject({
  typology: z.string().max(40).nullable().optional(),
  overrideBand: rating.nullable().optional(),
  overrideReason: z.string().max(20_000).nullable().optional(),
  planActions: z.array(planAction).max(20),
  nextReviewDate: isoDate,
  version: z.number().int().min(1),
});

export const addendumInput = z.strictObject({ body: z.string().max(20_000) });

const instrumentApi = z.object({
  versionId: uuid,
  code: z.string(),
  name: z.string(),
  tier: z.enum(['screening', 'spj']),
  version: z.number().int(),
  isTemplate: z.boolean(),
});

export const assessmentSummaryApi = z.object({
  id: uuid,
  status: z.enum(['draft', 'completed']),
  instrument: z.object({ name: z.string(), tier: z.enum(['screening', 'spj']), version: z.number().int() }),
  assessor: z.string(),
  coAssessor: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  computedBand: rating.nullable(),
  overrideBand: rating.nullable(),
  effectiveBand: rating.nullable(),
  nextReviewDate: z.string().nullable(),
});

export const assessmentApi = z.object({
  id: uuid,
  caseId: uuid,
  status: z.enum(['draft', 'completed']),
  version: z.number().int(),
  instrument: instrumentApi,
  assessor: z.string(),
  coAssessor: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  answers: z.record(z.string(), answerValue),
  ratings: z.array(
    z.object({
      domain: z.string(),
      title: z.string(),
      rating: rating.nullable(),
      rationale: z.string().nullable(),
      ratedBy: z.string().nullable(),
    }),
  ),
  sections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(['not_started', 'in_progress', 'completed']),
    }),
  ),
  typology: z.string().nullable(),
  score: z.number().nullable(),
  computedBand: rating.nullable(),
  overrideBand: rating.nullable(),
  overrideReason: z.string().nullable(),
  effectiveBand: rating.nullable(),
  fullAssessmentRecommended: z.boolean(),
  planActions: z.array(z.object({ action: z.string(), owner: z.string() })),
  nextReviewDate: z.string().nullable(),
  addenda: z.array(z.object({ id: uuid, body: z.string(), author: z.string(), createdAt: z.string() })),
});

export const completeResultApi = z.object({
  id: uuid,
  status: z.literal('completed'),
  fullAssessmentRecommended: z.boolean(),
  domainsRaisedToHigh: z.array(z.string()),
});
