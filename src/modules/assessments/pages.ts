import { summaryStepProblems } from './completion.js';
import { todayInLondon } from '../../platform/time.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { attemptForm, formFields } from '../../platform/http/forms.js';
import { NotFound } from '../../platform/errors.js';
import { parseSectionForm } from './completion.js';
import * as service from './service.js';
import {
  str,
  versionOf,
  planRows,
  problemHref,
  sectionValues,
  summaryValues,
  pageErrors,
  localErrors,
  readSummaryForm,
} from './forms.js';
import { hide, uuid, idsOf, ctxOf } from './context.js';

/** The assessment pages on a case: list, start, sections, summary, completion and addenda. */
export const assessmentPageRoutes: FastifyPluginAsync = async (app) => {
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
    const outcome = await attemptForm(() =>
      request.inTx((tx) =>
        service.startAssessment(ctxOf(request, tx), caseId, {
          instrumentVersionId: chosen.success ? chosen.data : undefined,
          coAssessor,
        }),
      ),
    );
    if (!outcome.ok)
      return newPage(request, reply.code(outcome.status), caseId, {
        values,
        errors: pageErrors(outcome.fieldErrors.map((e) => ({ ...e, href: '#instrumentVersionId' }))),
      });
    return reply.redirect(`/cases/${caseId}/assessments/${outcome.value}`, 303);
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
        // a plan action without its owner, or a past review date, is refused now, not at completion
        const step = summaryStepProblems(form.input, todayInLondon()).map((p) => ({
          ...p,
          field: p.field.replace(/^planActions\.(\d+)\.(action|owner)$/, 'plan-$1-$2'),
        }));
        if (step.length) return step;
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
    const outcome = await attemptForm(() =>
      request.inTx((tx) => service.addAddendum(ctxOf(request, tx), caseId, aid, body)),
    );
    if (!outcome.ok)
      return assessmentPage(request, reply.code(outcome.status), {
        values: { body },
        errors: outcome.errors,
      });
    return reply.redirect(`/cases/${caseId}/assessments/${aid}?saved=addendum#addenda`, 303);
  });
};
