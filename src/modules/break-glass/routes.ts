import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BREAK_GLASS_HOURS, BREAK_GLASS_REASONS } from '../../platform/access/policy.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { fieldErrorsFrom, formErrors, formFields, submitForm } from '../../platform/http/forms.js';
import { breakGlassGranted, breakGlassInput, reviewInput } from './schemas.js';
import * as service from './service.js';
import { can } from '../../platform/access/policy.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

export const breakGlassRoutes: FastifyPluginAsync = async (app) => {
  const form = (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    if (!service.mayBreakGlass(request.user!)) throw new NotFound();
    return reply.page('break-glass/views/request.njk', {
      title: 'Break-glass access',
      nav: 'break-glass',
      reasons: BREAK_GLASS_REASONS,
      hours: BREAK_GLASS_HOURS,
      values: {},
      ...extra,
    });
  };

  app.get('/break-glass', hide, async (request, reply) => form(request, reply));

  app.post('/break-glass', hide, async (request, reply) => {
    const fields = formFields(request.body);
    const outcome = await submitForm(breakGlassInput, fields, (data) =>
      request.inTx((tx) => service.requestBreakGlass(tx, request.user!, actorOf(request), data)),
    );
    if (!outcome.ok)
      return form(request, reply.code(outcome.status), { values: fields, errors: outcome.errors });
    return reply.redirect(`/cases/${outcome.value.caseId}`, 303);
  });

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const grants = await request.inTx((tx) => service.reviewList(tx, request.user!, actorOf(request)));
    return reply.page('break-glass/views/review.njk', {
      title: can(request.user, 'coordinate_site') ? 'Break-glass review' : 'Your break-glass access',
      nav: 'break-glass',
      grants,
      reasons: BREAK_GLASS_REASONS,
      isCoordinator: can(request.user, 'coordinate_site'),
      now: new Date(),
      ...extra,
    });
  };

  app.get('/break-glass/review', hide, async (request, reply) => reviewPage(request, reply));

  app.post('/break-glass/:grantId/review', hide, async (request, reply) => {
    const id = z
      .string()
      .uuid()
      .safeParse((request.params as { grantId: string }).grantId);
    if (!id.success) throw new NotFound();
    const parsed = reviewInput.safeParse(formFields(request.body));
    if (!parsed.success)
      return reviewPage(request, reply.code(400), {
        errors: formErrors(fieldErrorsFrom(parsed.error).map((e) => ({ ...e, field: `note-${id.data}` }))),
      });
    await request.inTx((tx) =>
      service.review(tx, request.user!, actorOf(request), id.data, parsed.data.note),
    );
    return reply.redirect('/break-glass/review', 303);
  });

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/break-glass',
    {
      preValidation: requireUser,
      schema: {
        tags: ['break-glass'],
        summary: 'Open a case you are not on the team of (read-only, time-limited, audited, reviewed)',
        body: breakGlassInput,
        response: { 201: breakGlassGranted },
      },
    },
    async (request, reply) => {
      const granted = await request.inTx((tx) =>
        service.requestBreakGlass(tx, request.user!, actorOf(request), request.body),
      );
      return reply
        .code(201)
        .send({ caseId: granted.caseId, expiresAt: (granted.expiresAt ?? new Date()).toISOString() });
    },
  );
};
