import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, uuidParam } from '../../platform/case-context.js';
import { actorOf } from '../../platform/http/actor.js';
import { attemptForm, formErrors, formFields, type FormFailure } from '../../platform/http/forms.js';
import { Invalid, type FieldError } from '../../platform/errors.js';
import {
  agreeToClose,
  closeAfterDischarge,
  dischargeFormContext,
  dischargeLetter,
  dischargePage,
  dischargeToApi,
  recordDischarge,
} from './discharge.js';
import { dischargeFromForm, formulationFromForm, planFromForm, scoreFromForm } from './forms.js';
import {
  editContext,
  formulationPage,
  formulationToApi,
  saveFormulation,
  shareSummary,
  signOffFormulation,
} from './formulation.js';
import { CHANGE_LABELS } from './reliable-change.js';
import { outcomesPage, recordScore, scoreFormContext } from './outcomes.js';
import { planEditContext, planPage, planToApi, savePlan, type PlanView } from './plan.js';
import { COMPONENTS, GOAL_AREAS, STAGES, UNPLANNED_REASONS } from './rules.js';
import {
  dischargeApi,
  dischargeInput,
  formulationApi,
  formulationInput,
  outcomesApi,
  planApi,
  planInput,
  scoreInput,
  signOffInput,
  summaryInput,
} from './schemas.js';
import { templateRoutes } from './template-routes.js';
import { registerDischargeWithdrawal, registerScoreWithdrawal } from './withdrawals.js';
import { attachment } from '../../platform/http/attachment.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

const dateParts = (prefix: string, iso: string | null | undefined): Record<string, string> => {
  if (!iso) return {};
  const [y = '', m = '', d = ''] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y,
  };
};

const errorsOf = (e: FieldError[] | FormFailure) => ('ok' in e ? e.errors : formErrors(e));
const statusOfFailure = (e: FieldError[] | FormFailure) => ('ok' in e ? e.status : 400);

function planValues(current: PlanView | null): Record<string, unknown> {
  if (!current) return {};
  const v: Record<string, unknown> = {
    ...dateParts('reviewDate', current.reviewDate),
    rationale: current.rationale ?? '',
  };
  for (const g of current.goals)
    Object.assign(v, { [`goal-${g.area}`]: g.goal, [`measure-${g.area}`]: g.measure });
  for (const c of current.components)
    Object.assign(v, {
      [`lead-${c.component}`]: c.leadId,
      [`frequency-${c.component}`]: c.frequency,
      [`sessions-${c.component}`]: String(c.plannedSessions),
    });
  return v;
}

/** The intervention: formulation, intervention plan, outcome measures and discharge. */
export const treatmentRoutes: FastifyPluginAsync = async (app) => {
  await app.register(templateRoutes);
  // an outcome measure score entered in error is withdrawn through the shared confirmation page (issue 11)
  registerScoreWithdrawal(app);
  registerDischargeWithdrawal(app);

  // ---- formulation -----------------------------------------------------------------------------
  app.get('/cases/:id/formulation', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) =>
      formulationPage(tx, request.user!, actorOf(request), caseId, 'web'),
    );
    const q = request.query as { saved?: string };
    return reply.page('treatment/views/formulation.njk', {
      title: `Formulation – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'formulation',
      caseHeader: view.h.header,
      ...view,
      saved: q.saved ?? null,
    });
  });

  const formulationEditPage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof editContext>>,
    values: Record<string, unknown>,
    errors?: FieldError[] | FormFailure,
  ) =>
    reply.code(errors ? statusOfFailure(errors) : 200).page('treatment/views/formulation-edit.njk', {
      title: `${ctx.current && !ctx.current.signedOff ? 'Edit the draft formulation' : 'Write the formulation'} – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'formulation',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/formulation`,
      ...ctx,
      values,
      ...(errors ? { errors: errorsOf(errors) } : {}),
    });

  app.get('/cases/:id/formulation/edit', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const ctx = await request.inTx((tx) => editContext(tx, request.user!, actorOf(request), caseId, true));
    const values: Record<string, unknown> = {
      expectedVersion: ctx.current?.version ?? 0,
      expectedRowVersion: ctx.current?.rowVersion ?? 0,
      templateId: ctx.templateId ?? '',
      typology: ctx.current?.typology ?? '',
      coAuthorIds: ctx.current?.coAuthorIds ?? [],
    };
    for (const s of ctx.current?.sections ?? []) values[`answers-${s.id}`] = s.text;
    return formulationEditPage(reply, ctx, values);
  });

  app.post('/cases/:id/formulation/edit', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const fields = formFields(request.body, ['coAuthorIds']);
    const form = formulationFromForm(fields);
    const outcome = await request.inTx(async (tx) => {
      const done = form.input
        ? await attemptForm(() => saveFormulation(tx, request.user!, actorOf(request), caseId, form.input), {
            field: 'formulation-form',
          })
        : null;
      if (done?.ok) return { ok: true as const };
      const ctx = await editContext(tx, request.user!, actorOf(request), caseId, false);
      return { ok: false as const, ctx, errors: done && !done.ok ? done : form.errors };
    });
    if (outcome.ok) return reply.redirect(`/cases/${caseId}/formulation?saved=draft`, 303);
    return formulationEditPage(reply, outcome.ctx, fields, outcome.errors);
  });

  const formulationWithErrors = async (
    reply: FastifyReply,
    request: FastifyRequest,
    caseId: string,
    errors: FormFailure,
    values: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) =>
      formulationPage(tx, request.user!, actorOf(request), caseId, 'web'),
    );
    return reply.code(errors.status).page('treatment/views/formulation.njk', {
      title: `Formulation – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'formulation',
      caseHeader: view.h.header,
      ...view,
      values,
      errors: errors.errors,
    });
  };

  app.post('/cases/:id/formulation/sign-off', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const f = formFields(request.body);
    const done = await request.inTx((tx) =>
      attemptForm(
        () =>
          signOffFormulation(tx, request.user!, actorOf(request), caseId, {
            expectedVersion: Number(f.expectedVersion),
            expectedRowVersion: Number(f.expectedRowVersion),
          }),
        { field: 'sign-off' },
      ),
    );
    if (done.ok) return reply.redirect(`/cases/${caseId}/formulation?saved=signed`, 303);
    return formulationWithErrors(reply, request, caseId, done);
  });

  app.post('/cases/:id/formulation/summary', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const f = formFields(request.body);
    const parsed = summaryInput.safeParse({ summary: typeof f.summary === 'string' ? f.summary : '' });
    const done = await request.inTx((tx) =>
      attemptForm(
        async () => {
          if (!parsed.success) {
            throw new Invalid('The summary has not been shared', [
              { field: 'summary', message: parsed.error.issues[0]!.message },
            ]);
          }
          await shareSummary(tx, request.user!, actorOf(request), caseId, parsed.data.summary);
        },
        { field: 'summary' },
      ),
    );
    if (done.ok) return reply.redirect(`/cases/${caseId}/formulation?saved=summary`, 303);
    return formulationWithErrors(reply, request, caseId, done, f);
  });

  // ---- intervention plan ------------------------------------------------------------------------------
  app.get('/cases/:id/intervention-plan', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) => planPage(tx, request.user!, actorOf(request), caseId, 'web'));
    const q = request.query as { saved?: string };
    return reply.page('treatment/views/plan.njk', {
      title: `Intervention plan – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'intervention-plan',
      caseHeader: view.h.header,
      ...view,
      saved: q.saved === '1',
    });
  });

  const planEditPage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof planEditContext>>,
    values: Record<string, unknown>,
    expectedVersion: number,
    errors?: FieldError[] | FormFailure,
  ) =>
    reply.code(errors ? statusOfFailure(errors) : 200).page('treatment/views/plan-edit.njk', {
      title: `${ctx.current ? 'Review' : 'Write'} the intervention plan – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'intervention-plan',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/intervention-plan`,
      ...ctx,
      values,
      expectedVersion,
      goalAreas: Object.entries(GOAL_AREAS).map(([value, label]) => ({ value, label })),
      components: Object.entries(COMPONENTS).map(([value, label]) => ({ value, label })),
      ...(errors ? { errors: errorsOf(errors) } : {}),
    });

  app.get('/cases/:id/intervention-plan/edit', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const ctx = await request.inTx((tx) =>
      planEditContext(tx, request.user!, actorOf(request), caseId, true),
    );
    return planEditPage(reply, ctx, planValues(ctx.current), ctx.current?.version ?? 0);
  });

  app.post('/cases/:id/intervention-plan/edit', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const fields = formFields(request.body);
    const form = planFromForm(fields);
    const outcome = await request.inTx(async (tx) => {
      const done = form.input
        ? await attemptForm(() => savePlan(tx, request.user!, actorOf(request), caseId, form.input), {
            field: 'plan-form',
          })
        : null;
      if (done?.ok) return { ok: true as const };
      const ctx = await planEditContext(tx, request.user!, actorOf(request), caseId, false);
      return { ok: false as const, ctx, errors: done && !done.ok ? done : form.errors };
    });
    if (outcome.ok) return reply.redirect(`/cases/${caseId}/intervention-plan?saved=1`, 303);
    const expected = Number(fields.expectedVersion);
    return planEditPage(
      reply,
      outcome.ctx,
      fields,
      Number.isInteger(expected) ? expected : 0,
      outcome.errors,
    );
  });

  // ---- outcome measures -----------------------------------------------------------------------------------
  app.get('/cases/:id/outcome-measures', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) => outcomesPage(tx, request.user!, actorOf(request), caseId, 'web'));
    const q = request.query as { saved?: string };
    return reply.page('treatment/views/outcomes.njk', {
      title: `Outcome measures – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'outcome-measures',
      caseHeader: view.h.header,
      ...view,
      changeLabels: CHANGE_LABELS,
      saved: q.saved === '1',
    });
  });

  const scorePage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof scoreFormContext>>,
    values: Record<string, unknown>,
    errors?: FieldError[] | FormFailure,
  ) =>
    reply.code(errors ? statusOfFailure(errors) : 200).page('treatment/views/score.njk', {
      title: `Record ${ctx.name} – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'outcome-measures',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/outcome-measures`,
      ...ctx,
      items: ctx.measure.instrument.sections.flatMap((s) => s.items),
      stages: Object.entries(STAGES).map(([value, text]) => ({ value, text })),
      values,
      ...(errors ? { errors: errorsOf(errors) } : {}),
    });

  app.get('/cases/:id/outcome-measures/:templateId/new', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const templateId = uuidParam(request, 'templateId');
    const ctx = await request.inTx((tx) => scoreFormContext(tx, request.user!, caseId, templateId));
    return scorePage(reply, ctx, {});
  });

  app.post('/cases/:id/outcome-measures/:templateId/new', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const templateId = uuidParam(request, 'templateId');
    const fields = formFields(request.body);
    const outcome = await request.inTx(async (tx) => {
      const ctx = await scoreFormContext(tx, request.user!, caseId, templateId);
      const form = scoreFromForm(
        { ...fields, templateId },
        ctx.measure.instrument.sections.flatMap((s) => s.items.map((i) => i.id)),
      );
      const done = form.input
        ? await attemptForm(() => recordScore(tx, request.user!, actorOf(request), caseId, form.input))
        : null;
      if (done?.ok) return { ok: true as const };
      return { ok: false as const, ctx, errors: done && !done.ok ? done : form.errors };
    });
    if (outcome.ok) return reply.redirect(`/cases/${caseId}/outcome-measures?saved=1`, 303);
    return scorePage(reply, outcome.ctx, fields, outcome.errors);
  });

  // ---- discharge -----------------------------------------------------------------------------------------------
  const dischargeView = async (
    reply: FastifyReply,
    request: FastifyRequest,
    caseId: string,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) =>
      dischargePage(tx, request.user!, actorOf(request), caseId, 'web'),
    );
    return reply.page('treatment/views/discharge.njk', {
      title: `Discharge – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'discharge',
      caseHeader: view.h.header,
      ...view,
      ...extra,
    });
  };

  app.get('/cases/:id/discharge', hide, async (request, reply) => {
    const q = request.query as { saved?: string };
    return dischargeView(reply, request, caseIdOf(request), { saved: q.saved ?? null });
  });

  const dischargeFormPage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof dischargeFormContext>>,
    values: Record<string, unknown>,
    errors?: FieldError[] | FormFailure,
  ) =>
    reply.code(errors ? statusOfFailure(errors) : 200).page('treatment/views/discharge-new.njk', {
      title: `Discharge from the intervention – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'discharge',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/discharge`,
      values,
      unplannedReasons: Object.entries(UNPLANNED_REASONS).map(([value, text]) => ({ value, text })),
      ...(errors ? { errors: errorsOf(errors) } : {}),
    });

  app.get('/cases/:id/discharge/new', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const ctx = await request.inTx((tx) => dischargeFormContext(tx, request.user!, caseId));
    return dischargeFormPage(reply, ctx, {});
  });

  app.post('/cases/:id/discharge/new', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const fields = formFields(request.body);
    const form = dischargeFromForm(fields);
    const outcome = await request.inTx(async (tx) => {
      const ctx = await dischargeFormContext(tx, request.user!, caseId);
      const done = form.input
        ? await attemptForm(() => recordDischarge(tx, request.user!, actorOf(request), caseId, form.input), {
            field: 'kind',
          })
        : null;
      if (done?.ok) return { ok: true as const };
      return { ok: false as const, ctx, errors: done && !done.ok ? done : form.errors };
    });
    if (outcome.ok) return reply.redirect(`/cases/${caseId}/discharge?saved=recorded`, 303);
    return dischargeFormPage(reply, outcome.ctx, fields, outcome.errors);
  });

  app.get('/cases/:id/discharge/letter', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) =>
      dischargeLetter(tx, request.user!, actorOf(request), caseId, 'page'),
    );
    return reply.page('treatment/views/letter.njk', {
      title: `Discharge letter – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: 'discharge',
      caseHeader: view.h.header,
      backLink: `/cases/${view.h.header.id}/discharge`,
      discharge: view.discharge,
    });
  });

  app.get('/cases/:id/discharge/letter.txt', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) =>
      dischargeLetter(tx, request.user!, actorOf(request), caseId, 'text'),
    );
    const d = view.discharge;
    const body = [
      `Case ${view.h.case.reference}`,
      `To: ${d.letter_to}`,
      `Discharged on: ${d.discharged_on}`,
      '',
      d.letter,
      '',
      `${d.recorded_by}`,
      '',
    ].join('\r\n');
    return attachment(
      reply,
      'text/plain; charset=utf-8',
      `discharge-letter-${view.h.case.reference}.txt`,
    ).send(body);
  });

  app.post('/cases/:id/discharge/agree', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const done = await request.inTx((tx) =>
      attemptForm(() => agreeToClose(tx, request.user!, actorOf(request), caseId), { field: 'agree' }),
    );
    if (done.ok) return reply.redirect(`/cases/${caseId}/discharge?saved=agreed`, 303);
    return dischargeView(reply.code(done.status), request, caseId, { errors: done.errors });
  });

  app.post('/cases/:id/discharge/close', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const f = formFields(request.body);
    const voiceReason = typeof f.voiceReason === 'string' ? f.voiceReason : '';
    const done = await request.inTx((tx) =>
      attemptForm(() => closeAfterDischarge(tx, request.user!, actorOf(request), caseId, voiceReason), {
        field: 'close',
      }),
    );
    if (done.ok) return reply.redirect(`/cases/${caseId}/discharge?saved=closed`, 303);
    return dischargeView(reply.code(done.status), request, caseId, { errors: done.errors, values: f });
  });

  // ---- API ---------------------------------------------------------------------------------------------------------
  const api = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string() });
  const tags = ['intervention'];

  api.get(
    '/api/v1/cases/:id/formulation',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary:
          'The formulation: the current version, earlier versions and the summaries shared with the team',
        params,
        response: { 200: formulationApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        formulationPage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return {
        current: view.current ? formulationToApi(view.current) : null,
        history: view.history.map(formulationToApi),
        sharedSummaries: view.summaries.map((s) => ({
          id: s.id,
          summary: s.summary,
          sharedBy: s.shared_by,
          createdAt: s.created_at.toISOString(),
        })),
      };
    },
  );
  api.post(
    '/api/v1/cases/:id/formulation',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Save the formulation: updates the current draft, or starts a new version after sign-off',
        description:
          'expectedVersion and expectedRowVersion are those you read; 409 when someone else saved since.',
        params,
        body: formulationInput,
        response: {
          200: z.object({ id: z.string().uuid(), version: z.number().int(), rowVersion: z.number().int() }),
        },
      },
    },
    async (request) =>
      request.inTx((tx) =>
        saveFormulation(tx, request.user!, actorOf(request), caseIdOf(request), request.body),
      ),
  );
  api.post(
    '/api/v1/cases/:id/formulation/sign-off',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Sign off the current draft (it is then locked)',
        params,
        body: signOffInput,
        response: { 204: z.undefined().describe('Saved') },
      },
    },
    async (request, reply) => {
      await request.inTx((tx) =>
        signOffFormulation(tx, request.user!, actorOf(request), caseIdOf(request), request.body),
      );
      return reply.code(204).send();
    },
  );
  api.post(
    '/api/v1/cases/:id/formulation/summary',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Share a short non-clinical summary of the signed-off formulation with the team',
        params,
        body: summaryInput,
        response: { 204: z.undefined().describe('Saved') },
      },
    },
    async (request, reply) => {
      await request.inTx((tx) =>
        shareSummary(tx, request.user!, actorOf(request), caseIdOf(request), request.body.summary),
      );
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/v1/cases/:id/intervention-plan',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary:
          'The intervention plan: the current version and earlier ones (the rationale for the health team only)',
        params,
        response: { 200: planApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        planPage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return {
        current: view.current ? planToApi(view.current) : null,
        history: view.history.map(planToApi),
        sharedFormulationSummary: view.summary?.summary ?? null,
      };
    },
  );
  api.post(
    '/api/v1/cases/:id/intervention-plan',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Save a reviewed intervention plan as a new version',
        description:
          'Refused (400) without a completed risk assessment on the case; 409 when expectedVersion is not the latest.',
        params,
        body: planInput,
        response: { 201: z.object({ id: z.string().uuid(), version: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const r = await request.inTx((tx) =>
        savePlan(tx, request.user!, actorOf(request), caseIdOf(request), request.body),
      );
      return reply.code(201).send(r);
    },
  );

  api.get(
    '/api/v1/cases/:id/outcome-measures',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Outcome measure scores with the reliable change from the first pre-intervention score',
        params,
        response: { 200: outcomesApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        outcomesPage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return {
        measures: view.measures.map((m) => ({
          templateId: m.templateId,
          code: m.code,
          name: m.name,
          template: m.template,
          scores: m.scores.map((s) => ({
            id: s.id,
            stage: s.stage,
            administeredOn: s.administeredOn,
            score: s.score,
            band: s.band,
            notes: s.notes,
            author: s.author,
          })),
          change:
            m.baseline && m.latest?.change
              ? {
                  from: {
                    stage: m.baseline.stage,
                    administeredOn: m.baseline.administeredOn,
                    score: m.baseline.score,
                  },
                  to: {
                    stage: m.latest.stage,
                    administeredOn: m.latest.administeredOn,
                    score: m.latest.score,
                  },
                  rci: m.latest.change.rci,
                  sDiff: m.latest.change.sDiff,
                  criterion: m.latest.change.criterion,
                  reliable: m.latest.change.reliable,
                  category: m.latest.change.category,
                }
              : null,
        })),
      };
    },
  );
  api.post(
    '/api/v1/cases/:id/outcome-measures',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Record one administration of an outcome measure',
        params,
        body: scoreInput,
        response: { 201: z.object({ id: z.string().uuid(), score: z.number() }) },
      },
    },
    async (request, reply) => {
      const r = await request.inTx((tx) =>
        recordScore(tx, request.user!, actorOf(request), caseIdOf(request), request.body),
      );
      return reply.code(201).send(r);
    },
  );

  api.get(
    '/api/v1/cases/:id/discharge',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary:
          'The discharge standing, its letter and the agencies’ agreement to close, and the discharges withdrawn as entered in error (the summaries for the health team only)',
        params,
        response: { 200: dischargeApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        dischargePage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return dischargeToApi(view.discharge, view.withdrawn);
    },
  );
  api.post(
    '/api/v1/cases/:id/discharge',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Record the discharge from the intervention',
        params,
        body: dischargeInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await request.inTx((tx) =>
        recordDischarge(tx, request.user!, actorOf(request), caseIdOf(request), request.body),
      );
      return reply.code(201).send({ id });
    },
  );
  api.post(
    '/api/v1/cases/:id/discharge/agreements',
    {
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Your agency agrees to close the case',
        params,
        body: z.strictObject({}),
        response: { 204: z.undefined().describe('Saved') },
      },
    },
    async (request, reply) => {
      await request.inTx((tx) => agreeToClose(tx, request.user!, actorOf(request), caseIdOf(request)));
      return reply.code(204).send();
    },
  );
};
