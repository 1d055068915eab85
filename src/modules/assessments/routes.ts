import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { HttpProblem, NotFound, type FieldError } from '../../platform/http/problems.js';
import { formFields } from '../account/schemas.js';
import type { Definition, Section } from '../instruments/definition.js';
import { toQuestionnaireResponse } from '../instruments/fhir.js';
import {
  isRating,
  isRealDate,
  itemField,
  parseSectionForm,
  type PlanAction,
  type Problem,
} from './completion.js';
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

/**
 * Risk assessments on a case: start one with an instrument, answer it section by section over as
 * many sittings as it takes, add the typology, override, plan and review date, and complete it.
 * Completed assessments are locked; corrections are addenda. Pages and /api/v1 alike.
 */

const hide = { schema: { hide: true }, preValidation: requireUser };
const uuid = z.string().uuid();

function idsOf(request: FastifyRequest): { caseId: string; aid: string } {
  const p = request.params as { id?: string; aid?: string };
  const caseId = uuid.safeParse(p.id);
  const aid = uuid.safeParse(p.aid ?? '00000000-0000-0000-0000-000000000000');
  if (!caseId.success || !aid.success) throw new NotFound();
  return { caseId: caseId.data, aid: aid.data };
}

const ctxOf = (request: FastifyRequest, tx: Parameters<Parameters<FastifyRequest['inTx']>[0]>[0]) => ({
  tx,
  user: request.user!,
  actor: actorOf(request),
});

const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
const versionOf = (fields: Record<string, unknown>): number => {
  const n = Number(str(fields.version));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

/** The summary page's rows of plan: at least three, one empty row to add to, at most ten. */
const planRows = (n: number) => Math.min(10, Math.max(3, n + 1));

/** Where on which page each completion problem is put right. */
function problemHref(base: string, def: Definition, p: Problem): string {
  if (p.sectionId) {
    const section = def.sections.find((s) => s.id === p.sectionId);
    const itemId = p.field.startsWith('answers.') ? p.field.slice('answers.'.length) : null;
    const item = itemId ? section?.items.find((i) => i.id === itemId) : undefined;
    const anchor = item
      ? `${itemField(item.id)}${item.type === 'date' ? '-day' : ''}`
      : p.field.endsWith('.rationale')
        ? 'rationale'
        : 'rating';
    return `${base}/sections/${p.sectionId}#${anchor}`;
  }
  const plan = /^planActions\.(\d+)\.(action|owner)$/.exec(p.field);
  const anchor = plan
    ? `plan-${plan[1]}-${plan[2]}`
    : p.field === 'planActions'
      ? 'plan-0-action'
      : p.field === 'nextReviewDate'
        ? 'nextReviewDate-day'
        : p.field;
  return `${base}/summary#${anchor}`;
}

function sectionValues(section: Section, view: service.AssessmentView): Record<string, string> {
  const values: Record<string, string> = {};
  for (const item of section.items) {
    const v = view.answers[item.id];
    if (v === undefined || v === null) continue;
    const name = itemField(item.id);
    if (item.type === 'yes_no') values[name] = v === true ? 'yes' : 'no';
    else if (item.type === 'date' && typeof v === 'string') {
      const [y, m, d] = v.split('-');
      values[`${name}-day`] = String(Number(d));
      values[`${name}-month`] = String(Number(m));
      values[`${name}-year`] = y ?? '';
    } else values[name] = String(v);
  }
  const s = view.sections.find((x) => x.id === section.id);
  if (s?.rating) values.rating = s.rating;
  if (s?.rationale) values.rationale = s.rationale;
  return values;
}

function summaryValues(view: service.AssessmentView): Record<string, string> {
  const values: Record<string, string> = {
    coAssessor: view.coAssessor,
    typology: view.typology ?? '',
    overrideBand: view.overrideBand ?? '',
    overrideReason: view.overrideReason ?? '',
  };
  view.planActions.forEach((a, i) => {
    values[`plan-${i}-action`] = a.action;
    values[`plan-${i}-owner`] = a.owner;
  });
  if (view.nextReviewDate) {
    const [y, m, d] = view.nextReviewDate.split('-');
    values['nextReviewDate-day'] = String(Number(d));
    values['nextReviewDate-month'] = String(Number(m));
    values['nextReviewDate-year'] = y ?? '';
  }
  return values;
}

function pageErrors(errors: { field: string; message: string; href: string }[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: e.href })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  };
}

const localErrors = (errors: FieldError[]) => pageErrors(errors.map((e) => ({ ...e, href: `#${e.field}` })));

function readSummaryForm(
  def: Definition,
  fields: Record<string, unknown>,
): { input: service.SummaryInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  // a form without the field leaves the co-assessor as it was
  const coAssessor = fields.coAssessor === undefined ? undefined : str(fields.coAssessor).trim();
  if (coAssessor && coAssessor.length > 200)
    errors.push({ field: 'coAssessor', message: 'The co-assessor must be 200 characters or fewer' });
  const typology = str(fields.typology).trim() || null;
  if (typology && !def.typologies.some((t) => t.value === typology))
    errors.push({ field: 'typology', message: 'Select one of the typologies' });
  const band = str(fields.overrideBand).trim();
  if (band && !isRating(band))
    errors.push({ field: 'overrideBand', message: 'Select low, moderate or high, or no override' });
  const overrideReason = str(fields.overrideReason).replace(/\r\n/g, '\n').trim() || null;
  if (overrideReason && overrideReason.length > 20_000)
    errors.push({ field: 'overrideReason', message: 'The reason must be 20,000 characters or fewer' });
  // the database keeps no override without its reason, even in a draft
  if (isRating(band) && !overrideReason)
    errors.push({ field: 'overrideReason', message: 'Give the reason for overriding the computed band' });
  const planActions: PlanAction[] = [];
  for (let i = 0; i < 10; i += 1) {
    const action = str(fields[`plan-${i}-action`]).trim();
    const owner = str(fields[`plan-${i}-owner`]).trim();
    if (action.length > 2000)
      errors.push({
        field: `plan-${i}-action`,
        message: `Action ${i + 1} must be 2,000 characters or fewer`,
      });
    if (owner.length > 200)
      errors.push({
        field: `plan-${i}-owner`,
        message: `Who does action ${i + 1} must be 200 characters or fewer`,
      });
    planActions.push({ action, owner });
  }
  const parts = ['day', 'month', 'year'].map((k) => str(fields[`nextReviewDate-${k}`]).trim());
  let nextReviewDate: string | null = null;
  if (parts.some(Boolean)) {
    const [d, m, y] = parts as [string, string, string];
    const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d) || !isRealDate(iso))
      errors.push({ field: 'nextReviewDate', message: 'The next review date must be a real date' });
    else nextReviewDate = iso;
  }
  return {
    input: {
      coAssessor,
      typology,
      overrideBand: isRating(band) ? band : null,
      overrideReason,
      planActions,
      nextReviewDate,
    },
    errors,
  };
}

export const assessmentRoutes: FastifyPluginAsync = async (app) => {
  // pages -------------------------------------------------------------------------------------
  app.get('/cases/:id/assessments', hide, async (request, reply) => {
    const { caseId } = idsOf(request);
    const data = await request.inTx((tx) => service.listForCase(ctxOf(request, tx), caseId, 'page'));
    return reply.page('assessments/views/list.njk', {
      title: `Risk assessments – case ${data.h.case.reference}`,
      nav: 'cases',
      caseTab: 'risk',
      caseHeader: data.h.header,
      backLink: `/cases/${caseId}/risk`,
      assessments: data.rows,
      canWrite: data.canWrite,
    });
  });

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    extra: Record<string, unknown> = {},
  ) => {
    const data = await request.inTx((tx) => service.startChoices(ctxOf(request, tx), caseId));
    return reply.page('assessments/views/new.njk', {
      title: `Start a risk assessment – case ${data.h.case.reference}`,
      nav: 'cases',
      caseTab: 'risk',
      caseHeader: data.h.header,
      backLink: `/cases/${caseId}/assessments`,
      instruments: data.instruments,
      values: {},
      ...extra,
    });
  };

  app.get('/cases/:id/assessments/new', hide, async (request, reply) =>
    newPage(request, reply, idsOf(request).caseId),
  );

  app.post('/cases/:id/assessments/new', hide, async (request, reply) => {
    const { caseId } = idsOf(request);
    const fields = formFields(request.body);
    const coAssessor = str(fields.coAssessor);
    const values = { instrumentVersionId: str(fields.instrumentVersionId), coAssessor };
    if (coAssessor.trim().length > 200)
      return newPage(request, reply.code(400), caseId, {
        values,
        errors: localErrors([
          { field: 'coAssessor', message: 'The co-assessor must be 200 characters or fewer' },
        ]),
      });
    const chosen = uuid.safeParse(values.instrumentVersionId);
    try {
      const id = await request.inTx((tx) =>
        service.startAssessment(ctxOf(request, tx), caseId, {
          instrumentVersionId: chosen.success ? chosen.data : undefined,
          coAssessor,
        }),
      );
      return reply.redirect(`/cases/${caseId}/assessments/${id}`, 303);
    } catch (error) {
      if (error instanceof HttpProblem && error.fieldErrors)
        return newPage(request, reply.code(error.status), caseId, {
          values,
          errors: pageErrors(error.fieldErrors.map((e) => ({ ...e, href: '#instrumentVersionId' }))),
        });
      throw error;
    }
  });

  const assessmentPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId, aid } = idsOf(request);
    const data = await request.inTx((tx) => service.viewAssessment(ctxOf(request, tx), caseId, aid, 'page'));
    const q = request.query as Record<string, unknown>;
    return reply.page('assessments/views/assessment.njk', {
      title: `${data.view.instrument.name} – case ${data.h.case.reference}`,
      nav: 'cases',
      caseTab: 'risk',
      caseHeader: data.h.header,
      backLink: `/cases/${caseId}/assessments`,
      a: data.view,
      addenda: data.addenda,
      assessmentBase: `/cases/${caseId}/assessments/${aid}`,
      saved: typeof q.saved === 'string' ? q.saved : null,
      values: {},
      ...extra,
    });
  };

  app.get('/cases/:id/assessments/:aid', hide, async (request, reply) => assessmentPage(request, reply));

  const sectionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: unknown; version?: number } = {},
  ) => {
    const { caseId, aid } = idsOf(request);
    const sectionId = (request.params as { sectionId: string }).sectionId;
    const data = await request.inTx((tx) => service.viewSection(ctxOf(request, tx), caseId, aid, sectionId));
    const index = data.view.sections.findIndex((s) => s.id === sectionId);
    return reply.page('assessments/views/section.njk', {
      title: `${data.section.title} – ${data.view.instrument.name} – case ${data.h.case.reference}`,
      nav: 'cases',
      caseTab: 'risk',
      caseHeader: data.h.header,
      backLink: `/cases/${caseId}/assessments/${aid}`,
      a: data.view,
      section: data.section,
      sectionNumber: index + 1,
      assessmentBase: `/cases/${caseId}/assessments/${aid}`,
      values: extra.values ?? sectionValues(data.section, data.view),
      version: extra.version ?? data.view.version,
      errors: extra.errors,
    });
  };

  app.get('/cases/:id/assessments/:aid/sections/:sectionId', hide, async (request, reply) =>
    sectionPage(request, reply),
  );

  app.post('/cases/:id/assessments/:aid/sections/:sectionId', hide, async (request, reply) => {
    const { caseId, aid } = idsOf(request);
    const sectionId = (request.params as { sectionId: string }).sectionId;
    const fields = formFields(request.body);
    const version = versionOf(fields);
    try {
      const problems = await request.inTx(async (tx) => {
        const ctx = ctxOf(request, tx);
        const section = (await service.definitionFor(ctx, caseId, aid)).sections.find(
          (x) => x.id === sectionId,
        );
        if (!section) throw new NotFound();
        const form = parseSectionForm(section, fields);
        if (form.problems.length) return form.problems;
        await service.saveSection(ctx, caseId, aid, section, {
          answers: form.answers,
          rating: form.rating,
          version,
        });
        return [];
      });
      if (problems.length)
        return sectionPage(request, reply.code(400), {
          values: fields,
          version,
          errors: pageErrors(problems.map((p) => ({ ...p, href: `#${p.field}` }))),
        });
    } catch (error) {
      if (error instanceof service.StaleAssessment)
        return sectionPage(request, reply.code(409), {
          values: fields,
          version: error.currentVersion,
          errors: pageErrors([{ field: 'version', message: error.detail!, href: '#section-form' }]),
        });
      throw error;
    }
    return reply.redirect(`/cases/${caseId}/assessments/${aid}?saved=${encodeURIComponent(sectionId)}`, 303);
  });

  const summaryPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: unknown; version?: number } = {},
  ) => {
    const { caseId, aid } = idsOf(request);
    const data = await request.inTx((tx) => service.viewSummary(ctxOf(request, tx), caseId, aid));
    const values = extra.values ?? summaryValues(data.view);
    const filled = Array.from({ length: 10 }, (_, i) => i).filter(
      (i) => str(values[`plan-${i}-action`]) || str(values[`plan-${i}-owner`]),
    );
    return reply.page('assessments/views/summary.njk', {
      title: `Typology, override and plan – ${data.view.instrument.name} – case ${data.h.case.reference}`,
      nav: 'cases',
      caseTab: 'risk',
      caseHeader: data.h.header,
      backLink: `/cases/${caseId}/assessments/${aid}`,
      a: data.view,
      assessmentBase: `/cases/${caseId}/assessments/${aid}`,
      values,
      planRows: planRows(filled.length ? Math.max(...filled) + 1 : 0),
      version: extra.version ?? data.view.version,
      errors: extra.errors,
    });
  };

  app.get('/cases/:id/assessments/:aid/summary', hide, async (request, reply) => summaryPage(request, reply));

  app.post('/cases/:id/assessments/:aid/summary', hide, async (request, reply) => {
    const { caseId, aid } = idsOf(request);
    const fields = formFields(request.body);
    const version = versionOf(fields);
    try {
      const errors = await request.inTx(async (tx) => {
        const ctx = ctxOf(request, tx);
        const form = readSummaryForm(await service.definitionFor(ctx, caseId, aid), fields);
        if (form.errors.length) return form.errors;
        await service.saveSummary(ctx, caseId, aid, { ...form.input, version });
        return [];
      });
      if (errors.length)
        return summaryPage(request, reply.code(400), {
          values: fields,
          version,
          errors: pageErrors(
            errors.map((e) => ({
              ...e,
              href: `#${e.field === 'nextReviewDate' ? 'nextReviewDate-day' : e.field}`,
            })),
          ),
        });
    } catch (error) {
      if (error instanceof service.StaleAssessment)
        return summaryPage(request, reply.code(409), {
          values: fields,
          version: error.currentVersion,
          errors: pageErrors([{ field: 'version', message: error.detail!, href: '#summary-form' }]),
        });
      throw error;
    }
    return reply.redirect(`/cases/${caseId}/assessments/${aid}?saved=summary`, 303);
  });

  app.post('/cases/:id/assessments/:aid/complete', hide, async (request, reply) => {
    const { caseId, aid } = idsOf(request);
    const version = versionOf(formFields(request.body));
    const base = `/cases/${caseId}/assessments/${aid}`;
    try {
      const outcome = await request.inTx((tx) =>
        service.completeAssessment(ctxOf(request, tx), caseId, aid, { version }),
      );
      if (!outcome.ok) {
        const def = outcome.definition;
        return assessmentPage(request, reply.code(422), {
          errors: pageErrors(outcome.problems.map((p) => ({ ...p, href: problemHref(base, def, p) }))),
        });
      }
    } catch (error) {
      if (error instanceof service.StaleAssessment)
        return assessmentPage(request, reply.code(409), {
          errors: pageErrors([{ field: 'version', message: error.detail!, href: '#complete' }]),
        });
      throw error;
    }
    return reply.redirect(`${base}?saved=completed`, 303);
  });

  app.post('/cases/:id/assessments/:aid/addenda', hide, async (request, reply) => {
    const { caseId, aid } = idsOf(request);
    const body = str(formFields(request.body).body);
    try {
      await request.inTx((tx) => service.addAddendum(ctxOf(request, tx), caseId, aid, body));
    } catch (error) {
      if (error instanceof HttpProblem && error.fieldErrors)
        return assessmentPage(request, reply.code(error.status), {
          values: { body },
          errors: localErrors(error.fieldErrors),
        });
      throw error;
    }
    return reply.redirect(`/cases/${caseId}/assessments/${aid}?saved=addendum#addenda`, 303);
  });

  // API ---------------------------------------------------------------------------------------
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
        response: { 200: z.object({ resourceType: z.literal('QuestionnaireResponse') }).passthrough() },
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
