import { z } from 'zod';
import { inRecordRange, isRealDate, outOfRangeMessage, todayInLondon } from '../../platform/time.js';
import { COMPONENT_KEYS, GOAL_AREA_KEYS, STAGE_KEYS, UNPLANNED_REASON_KEYS } from './rules.js';

const realDate = (missing: string, invalid: string, label: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine(isRealDate, invalid)
    .refine((v) => !isRealDate(v) || inRecordRange(v), outOfRangeMessage(label));

const text = (missing: string, label: string, max: number) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);

const notFuture = (v: string) => !isRealDate(v) || v <= todayInLondon();

// ---- formulation ----------------------------------------------------------------------------------

export const formulationInput = z.strictObject({
  /** the template for a new version (absent: the version being revised keeps its template) */
  templateId: z.string().uuid('Select a formulation template').optional(),
  answers: z.record(z.string(), z.string().max(20_000, 'A section must be 20,000 characters or fewer')),
  typology: z.string().max(40).nullable().default(null),
  coAuthorIds: z.array(z.string().uuid()).max(10).default([]),
  /** the version you opened (0 when there is none yet) and its row version: a stale save is refused (409) */
  expectedVersion: z
    .number({ error: 'Give the version you are revising (0 for a first formulation)' })
    .int()
    .min(0),
  expectedRowVersion: z.number().int().min(0).default(0),
});
export type FormulationInput = z.infer<typeof formulationInput>;

export const signOffInput = z.strictObject({
  expectedVersion: z.number().int().min(1),
  expectedRowVersion: z.number().int().min(1),
});

export const summaryInput = z.strictObject({
  summary: text('Enter the summary to share with the team', 'The summary', 2_000),
});

const formulationVersionApi = z.object({
  id: z.string().uuid(),
  version: z.number().int(),
  rowVersion: z.number().int(),
  template: z.object({ id: z.string().uuid(), name: z.string() }),
  sections: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })),
  typology: z.string().nullable(),
  author: z.string(),
  coAuthors: z.array(z.string()),
  status: z.enum(['draft', 'signed_off']),
  signedOffBy: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  createdAt: z.string(),
});
export const formulationApi = z.object({
  current: formulationVersionApi.nullable(),
  history: z.array(formulationVersionApi),
  sharedSummaries: z.array(
    z.object({ id: z.string().uuid(), summary: z.string(), sharedBy: z.string(), createdAt: z.string() }),
  ),
});

// ---- plan -----------------------------------------------------------------------------------------------

export const planGoal = z.strictObject({
  area: z.enum(GOAL_AREA_KEYS, { error: 'Select the area of the goal' }),
  goal: text('Enter the goal', 'The goal', 1_000),
  measure: text('Enter how the goal is measured', 'The measure', 1_000),
});

export const planComponent = z.strictObject({
  component: z.enum(COMPONENT_KEYS, { error: 'Select the component' }),
  leadId: z.string({ error: 'Select the lead clinician' }).uuid('Select the lead clinician'),
  frequency: text('Enter how often', 'The frequency', 200),
  plannedSessions: z
    .number({ error: 'Enter the planned number of sessions as a whole number' })
    .int('Enter the planned number of sessions as a whole number')
    .min(1, 'The planned number of sessions must be at least 1')
    .max(200, 'The planned number of sessions must be 200 or fewer'),
});

export const planFields = {
  reviewDate: realDate(
    'Enter the date to review the plan',
    'Enter the review date as a real date',
    'The review date',
  ).refine((v) => !isRealDate(v) || v >= todayInLondon(), 'The review date cannot be in the past'),
  reviewNote: z.string().trim().max(4_000, 'The review note must be 4,000 characters or fewer').default(''),
  rationale: z.string().trim().max(20_000, 'The rationale must be 20,000 characters or fewer').default(''),
};

export const planInput = z.strictObject({
  goals: z.array(planGoal, { error: 'Add at least one goal' }).min(1, 'Add at least one goal').max(30),
  components: z
    .array(planComponent, { error: 'Add at least one planned component' })
    .min(1, 'Add at least one planned component')
    .max(30),
  reviewDate: planFields.reviewDate,
  reviewNote: planFields.reviewNote,
  /** the clinical reasoning (clinical compartment; health team only) */
  rationale: planFields.rationale,
  /** the version this plan revises, 0 for the first: a stale one is refused (409) */
  expectedVersion: z.number({ error: 'Give the version you are revising (0 for a first plan)' }).int().min(0),
});
export type PlanInput = z.infer<typeof planInput>;

const planVersionApi = z.object({
  id: z.string().uuid(),
  version: z.number().int(),
  goals: z.array(z.object({ area: z.string(), goal: z.string(), measure: z.string() })),
  components: z.array(
    z.object({
      component: z.string(),
      leadId: z.string(),
      lead: z.string(),
      frequency: z.string(),
      plannedSessions: z.number().int(),
    }),
  ),
  reviewDate: z.string(),
  reviewNote: z.string(),
  riskAssessmentId: z.string().uuid(),
  author: z.string(),
  createdAt: z.string(),
  /** only for those who may read the clinical compartment; null otherwise or when none */
  rationale: z.string().nullable(),
});
export const planApi = z.object({
  current: planVersionApi.nullable(),
  history: z.array(planVersionApi),
  sharedFormulationSummary: z.string().nullable(),
});

// ---- outcome measures --------------------------------------------------------------------------------

export const scoreInput = z.strictObject({
  templateId: z.string({ error: 'Select the measure' }).uuid('Select the measure'),
  stage: z.enum(STAGE_KEYS, { error: 'Select when the measure was taken' }),
  administeredOn: realDate(
    'Enter the date the measure was taken',
    'Enter the date as a real date',
    'The date',
  ).refine(notFuture, 'The date the measure was taken cannot be in the future'),
  answers: z.record(z.string(), z.number({ error: 'Answer every item' })),
  notes: z.string().trim().max(4_000, 'The notes must be 4,000 characters or fewer').default(''),
});
export type ScoreInput = z.infer<typeof scoreInput>;

const changeApi = z.object({
  from: z.object({ stage: z.string(), administeredOn: z.string(), score: z.number() }),
  to: z.object({ stage: z.string(), administeredOn: z.string(), score: z.number() }),
  rci: z.number(),
  sDiff: z.number(),
  criterion: z.number(),
  reliable: z.boolean(),
  category: z.enum(['recovered', 'improved', 'no_reliable_change', 'deteriorated']),
});
export const outcomesApi = z.object({
  measures: z.array(
    z.object({
      templateId: z.string().uuid(),
      code: z.string(),
      name: z.string(),
      template: z.boolean(),
      scores: z.array(
        z.object({
          id: z.string().uuid(),
          stage: z.enum(STAGE_KEYS),
          administeredOn: z.string(),
          score: z.number(),
          band: z.string().nullable(),
          notes: z.string(),
          author: z.string(),
        }),
      ),
      change: changeApi.nullable(),
    }),
  ),
});

// ---- discharge ------------------------------------------------------------------------------------------

export const dischargeInput = z.strictObject({
  kind: z.enum(['planned', 'unplanned'], { error: 'Select whether the discharge was planned or unplanned' }),
  unplannedReason: z
    .enum(UNPLANNED_REASON_KEYS, { error: 'Select why the discharge was unplanned' })
    .nullable()
    .default(null),
  reason: text('Enter the reason for the discharge', 'The reason', 4_000),
  dischargedOn: realDate(
    'Enter the date of discharge',
    'Enter the date of discharge as a real date',
    'The date of discharge',
  ).refine(notFuture, 'The date of discharge cannot be in the future'),
  letterTo: text('Enter who the letter is to', 'Who the letter is to', 300),
  letter: text('Enter the letter to the referring agency', 'The letter', 20_000),
  summary: text('Enter the discharge summary', 'The discharge summary', 20_000),
});
export type DischargeInput = z.infer<typeof dischargeInput>;

export const dischargeApi = z.object({
  discharge: z
    .object({
      id: z.string().uuid(),
      kind: z.enum(['planned', 'unplanned']),
      unplannedReason: z.string().nullable(),
      reason: z.string(),
      dischargedOn: z.string(),
      letterTo: z.string(),
      letter: z.string(),
      recordedBy: z.string(),
      /** only for those who may read the clinical compartment */
      summary: z.string().nullable(),
      agreements: z.array(z.object({ agency: z.string(), agreedBy: z.string(), agreedAt: z.string() })),
      stillToAgree: z.array(z.string()),
    })
    .nullable()
    .describe('the discharge standing; null when none (or only withdrawn ones)'),
  withdrawn: z
    .array(
      z.object({
        id: z.string().uuid(),
        kind: z.enum(['planned', 'unplanned']),
        unplannedReason: z.string().nullable(),
        reason: z.string(),
        dischargedOn: z.string(),
        letterTo: z.string(),
        recordedBy: z.string(),
        /** only for those who may read the clinical compartment */
        summary: z.string().nullable(),
        withdrawn: z
          .object({ at: z.string().datetime(), by: z.string(), reason: z.string() })
          .describe('when, by whom and why it was withdrawn as entered in error'),
      }),
    )
    .describe('discharges withdrawn as entered in error, newest withdrawal first'),
});

export const templateApi = z.object({
  id: z.string().uuid(),
  kind: z.enum(['formulation', 'outcome_measure']),
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  template: z.boolean(),
  current: z.boolean(),
});
