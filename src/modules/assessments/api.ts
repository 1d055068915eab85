import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { fhirResponse } from '../../platform/http/openapi.js';
import { toQuestionnaireResponse } from '../instruments/fhir.js';
import { isRating } from './completion.js';
import {
  addendumInput,
  answersInput,
  assessmentApi,
  assessmentParams,
  assessmentSummaryApi,
  caseParams,
  completeInput,
  completeResultApi,
  startInput,
} from './schemas.js';
import * as service from './service.js';
import { idsOf, ctxOf } from './context.js';

/** The assessment API under /api/v1, with FHIR QuestionnaireResponse export. */
export const assessmentApiRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];

  api.get(
    '/api/v1/cases/:id/assessments',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Risk assessments on a case',
        params: caseParams,
        response: { 200: z.object({ items: z.array(assessmentSummaryApi) }) },
      },
    },
    async (request) => {
      const { caseId } = idsOf(request);
      const data = await request.inTx((tx) => service.listForCase(ctxOf(request, tx), caseId, 'api'));
      return {
        items: data.rows.map((r) => {
          const computed = isRating(r.computed_band) ? r.computed_band : null;
          const override = isRating(r.override_band) ? r.override_band : null;
          return {
            id: r.id,
            status: r.status,
            instrument: { name: r.instrument_name, tier: r.instrument_tier, version: r.instrument_version },
            assessor: r.assessor,
            coAssessor: r.co_assessor,
            startedAt: (r.started_at as Date).toISOString(),
            completedAt: r.completed_at ? (r.completed_at as Date).toISOString() : null,
            computedBand: computed,
            overrideBand: override,
            effectiveBand: r.status === 'completed' ? (override ?? computed) : null,
            nextReviewDate: r.next_review_date,
          };
        }),
      };
    },
  );

  api.post(
    '/api/v1/cases/:id/assessments',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Start a risk assessment (a draft) with an instrument version',
        params: caseParams,
        body: startInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const { caseId } = idsOf(request);
      const id = await request.inTx((tx) =>
        service.startAssessment(ctxOf(request, tx), caseId, {
          instrumentVersionId: request.body.instrumentVersionId,
          coAssessor: request.body.coAssessor ?? '',
        }),
      );
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/cases/:id/assessments/:aid',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'One risk assessment, with its answers, ratings, plan and addenda',
        params: assessmentParams,
        response: { 200: assessmentApi },
      },
    },
    async (request) => {
      const { caseId, aid } = idsOf(request);
      const data = await request.inTx((tx) => service.viewAssessment(ctxOf(request, tx), caseId, aid, 'api'));
      const v = data.view;
      return {
        id: v.id,
        caseId: v.caseId,
        status: v.status,
        version: v.version,
        instrument: {
          versionId: v.instrument.versionId,
          code: v.instrument.code,
          name: v.instrument.name,
          tier: v.instrument.tier,
          version: v.instrument.version,
          isTemplate: v.instrument.isTemplate,
        },
        assessor: v.assessor,
        coAssessor: v.coAssessor,
        startedAt: v.startedAt.toISOString(),
        completedAt: v.completedAt ? v.completedAt.toISOString() : null,
        completedBy: v.completedBy,
        answers: v.answers,
        ratings: v.sections
          .filter((s) => s.rated)
          .map((s) => ({
            domain: s.id,
            title: s.title,
            rating: s.rating,
            rationale: s.rationale,
            ratedBy: s.ratedBy,
          })),
        sections: v.sections.map((s) => ({ id: s.id, title: s.title, status: s.status })),
        typology: v.typology,
        score: v.score,
        computedBand: v.computedBand,
        overrideBand: v.overrideBand,
        overrideReason: v.overrideReason,
        effectiveBand: v.effectiveBand,
        fullAssessmentRecommended: v.status === 'completed' && v.fullAssessmentRecommended,
        planActions: v.planActions,
        nextReviewDate: v.nextReviewDate,
        addenda: data.addenda.map((d) => ({
          id: d.id,
          body: d.body,
          author: d.author,
          createdAt: (d.created_at as Date).toISOString(),
        })),
      };
    },
  );

  api.put(
    '/api/v1/cases/:id/assessments/:aid/answers',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Save answers and domain ratings on a draft (partial answers allowed)',
        description: 'Answers are merged into the draft; null clears one. 409 when `version` is stale.',
        params: assessmentParams,
        body: answersInput,
        response: { 200: z.object({ id: z.string().uuid(), version: z.number().int() }) },
      },
    },
    async (request) => {
      const { caseId, aid } = idsOf(request);
      const version = await request.inTx((tx) =>
        service.saveAnswers(ctxOf(request, tx), caseId, aid, request.body),
      );
      return { id: aid, version };
    },
  );

  api.post(
    '/api/v1/cases/:id/assessments/:aid/complete',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Complete and lock a draft',
        description:
          'Refused with 422 and every problem listed when required items are unanswered, a domain has no rating or rationale, an override has no reason, the plan has no action with an owner, or the review date is missing or past.',
        params: assessmentParams,
        body: completeInput,
        response: { 200: completeResultApi },
      },
    },
    async (request) => {
      const { caseId, aid } = idsOf(request);
      const b = request.body;
      const outcome = await request.inTx((tx) =>
        service.completeAssessment(ctxOf(request, tx), caseId, aid, {
          version: b.version,
          summary: {
            typology: b.typology ?? null,
            overrideBand: b.overrideBand ?? null,
            overrideReason: b.overrideReason?.trim() || null,
            planActions: b.planActions,
            nextReviewDate: b.nextReviewDate,
          },
        }),
      );
      if (!outcome.ok) throw new service.CompletionRefused(outcome.problems);
      return {
        id: aid,
        status: 'completed' as const,
        fullAssessmentRecommended: outcome.fullAssessmentRecommended,
        domainsRaisedToHigh: outcome.raised,
      };
    },
  );

  api.get(
    '/api/v1/cases/:id/assessments/:aid/fhir',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary:
          'The assessment as a FHIR R4 QuestionnaireResponse (no person named: its subject is the case)',
        params: assessmentParams,
        response: {
          200: fhirResponse(
            'A FHIR R4 QuestionnaireResponse',
            z.object({ resourceType: z.literal('QuestionnaireResponse') }).passthrough(),
          ),
        },
      },
    },
    async (request, reply) => {
      const { caseId, aid } = idsOf(request);
      const resource = await request.inTx(async (tx) => {
        const e = await service.loadForExport(ctxOf(request, tx), caseId, aid);
        const v = e.view;
        return toQuestionnaireResponse(e.instrument.definition, {
          id: v.id,
          caseReference: e.h.case.reference,
          status: v.status,
          answers: e.answers,
          typology: v.typology,
          completedAt: v.completedAt,
          assessorName: v.assessor,
          ratings: v.sections.flatMap((s) =>
            s.rating && s.rationale ? [{ domain: s.id, rating: s.rating, rationale: s.rationale }] : [],
          ),
          computedBand: v.computedBand,
          overrideBand: v.overrideBand,
          overrideReason: v.overrideReason,
        });
      });
      return reply.type('application/fhir+json').send(resource);
    },
  );

  api.post(
    '/api/v1/cases/:id/assessments/:aid/addenda',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Add an addendum to a completed assessment',
        params: assessmentParams,
        body: addendumInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const { caseId, aid } = idsOf(request);
      const id = await request.inTx((tx) =>
        service.addAddendum(ctxOf(request, tx), caseId, aid, request.body.body),
      );
      return reply.code(201).send({ id });
    },
  );
};
