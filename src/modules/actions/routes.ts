import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, uuidParam } from '../../platform/case-context.js';
import { actorOf } from '../../platform/http/actor.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { formErrors, formFields, submitForm } from '../../platform/http/forms.js';
import { ACTIONS_COUNT_CAP, type ActionCursor, type ActionPosition, type ActionRow } from './repository.js';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, isOverdue } from './rules.js';
import {
  actionInput,
  actionListApi,
  actionPageApi,
  cursorParam,
  mineQuery,
  overdueQuery,
  myActionsApi,
  statusInput,
  toApi,
} from './schemas.js';
import * as service from './service.js';
import { registerActionWithdrawal } from './withdrawals.js';

const work = { capability: 'work_on_cases' } as const;
const hide = { schema: { hide: true }, preValidation: requireUser };

/** The action form's fields as the schema takes them (the due date from its three parts). */
export function actionFromForm(f: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    description: text(f.description) ?? '',
    ownerUserId: text(f.ownerUserId),
    ownerAgencyId: text(f.ownerAgencyId),
    dueOn: dateFromParts(f, 'dueOn'),
  };
}

/** Where in a list of actions a query asks for: after a row, before one, or from the top. */
const positionOf = (q: { after?: ActionCursor; before?: ActionCursor }): ActionPosition =>
  q.after ? { after: q.after } : q.before ? { before: q.before } : { first: true };

const withOverdue = (rows: readonly ActionRow[], today: string) =>
  rows.map((a) => ({ ...a, overdue: isOverdue(a, today) }));

const labels = {
  statusLabels: ACTION_STATUS_LABELS,
  statusItems: ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] })),
};

export const actionRoutes: FastifyPluginAsync = async (app) => {
  const casePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx((tx) =>
      service.casePage(tx, request.user!, actorOf(request), caseId, 'page'),
    );
    const q = request.query as Record<string, unknown>;
    return reply.page('actions/views/case.njk', {
      title: `Actions – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'actions',
      caseHeader: view.header,
      actions: withOverdue(view.actions, view.today),
      withdrawn: view.withdrawn,
      canWrite: view.canWrite,
      owners: view.owners,
      agencies: view.agencies,
      saved: typeof q.saved === 'string' ? q.saved : '',
      values: {},
      ...labels,
      ...extra,
    });
  };

  app.get('/cases/:id/actions', hide, async (request, reply) => casePage(request, reply));

  app.post('/cases/:id/actions', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const values = formFields(request.body);
    const outcome = await submitForm(actionInput, actionFromForm(values), (data) =>
      request.inTx((tx) => service.addCaseAction(tx, request.user!, actorOf(request), caseId, data, 'page')),
    );
    if (!outcome.ok) return casePage(request, reply.code(outcome.status), { values, errors: outcome.errors });
    return reply.redirect(`/cases/${caseId}/actions?saved=added`, 303);
  });

  app.post('/cases/:id/actions/:actionId', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const actionId = uuidParam(request, 'actionId');
    const values = formFields(request.body);
    const outcome = await submitForm(statusInput, values, (data) =>
      request.inTx((tx) =>
        service.changeStatus(tx, request.user!, actorOf(request), caseId, actionId, data, 'page'),
      ),
    );
    if (!outcome.ok) {
      // each action has its own small form: the errors point at its fields
      const renamed = outcome.fieldErrors.map((e) => ({
        field: `${e.field === 'reason' ? 'reason' : 'status'}-${actionId}`,
        message: e.message,
      }));
      return casePage(request, reply.code(outcome.status), {
        statusValues: { ...values, actionId },
        errors: formErrors(renamed),
      });
    }
    return reply.redirect(`/cases/${caseId}/actions?saved=status`, 303);
  });

  app.get('/actions', { ...hide, config: work }, async (request, reply) => {
    // a query the list cannot follow (an old or altered link) starts it again from the top
    const parsed = mineQuery.safeParse(request.query);
    const q = parsed.success ? parsed.data : { show: 'open' as const, after: undefined, before: undefined };
    const view = await request.inTx((tx) =>
      service.myActions(tx, request.user!, actorOf(request), 'page', q.show, positionOf(q)),
    );
    return reply.page('actions/views/mine.njk', {
      title: 'My actions',
      nav: 'actions',
      show: view.shown,
      actions: withOverdue(view.rows, view.today),
      total: view.total,
      totalCapped: view.totalCapped,
      countCap: ACTIONS_COUNT_CAP.toLocaleString('en-GB'),
      next: view.hasNext ? cursorParam(view.last) : null,
      previous: view.hasPrevious ? cursorParam(view.first) : null,
      ...labels,
    });
  });

  app.get('/actions/overdue', { ...hide, config: work }, async (request, reply) => {
    const parsed = overdueQuery.safeParse(request.query);
    const q = parsed.success ? parsed.data : {};
    const view = await request.inTx((tx) =>
      service.overdueActions(tx, request.user!, actorOf(request), 'page', positionOf(q)),
    );
    return reply.page('actions/views/overdue.njk', {
      title: 'Overdue actions',
      nav: 'actions',
      actions: view.rows,
      today: view.today,
      total: view.total,
      totalCapped: view.totalCapped,
      countCap: ACTIONS_COUNT_CAP.toLocaleString('en-GB'),
      next: view.hasNext ? cursorParam(view.last) : null,
      previous: view.hasPrevious ? cursorParam(view.first) : null,
      ...labels,
    });
  });

  registerActionWithdrawal(app);

  // --- API --------------------------------------------------------------------------------------
  const api = app.withTypeProvider<ZodTypeProvider>();
  const caseParams = z.object({ id: z.string() });
  const actionParams = z.object({ id: z.string(), actionId: z.string() });

  api.get(
    '/api/v1/cases/:id/actions',
    {
      preValidation: requireUser,
      schema: {
        tags: ['actions'],
        summary: 'The actions on a case, from meetings and from the case itself',
        params: caseParams,
        response: { 200: actionListApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.casePage(tx, request.user!, actorOf(request), caseIdOf(request), 'api'),
      );
      return { items: view.actions.map((a) => toApi(a, view.today)) };
    },
  );

  api.post(
    '/api/v1/cases/:id/actions',
    {
      preValidation: requireUser,
      schema: {
        tags: ['actions'],
        summary: 'Add an action to a case',
        description:
          'One owner: ownerUserId (a person on the case team or the site’s coordinator) or ownerAgencyId (an ' +
          'agency at the site). dueOn is YYYY-MM-DD, today or later. The owner is notified in the app.',
        params: caseParams,
        body: actionInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await request.inTx((tx) =>
        service.addCaseAction(tx, request.user!, actorOf(request), caseIdOf(request), request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/cases/:id/actions/:actionId/status',
    {
      preValidation: requireUser,
      schema: {
        tags: ['actions'],
        summary: 'Mark an action done, not done (with the reason) or open again',
        description: 'Give the version you read; a stale version is refused (409).',
        params: actionParams,
        body: statusInput,
        response: { 204: z.undefined().describe('Saved') },
      },
    },
    async (request, reply) => {
      const actionId = uuidParam(request, 'actionId');
      await request.inTx((tx) =>
        service.changeStatus(
          tx,
          request.user!,
          actorOf(request),
          caseIdOf(request),
          actionId,
          request.body,
          'api',
        ),
      );
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/v1/actions',
    {
      preValidation: requireUser,
      config: work,
      schema: {
        tags: ['actions'],
        summary: 'My actions: those I own, or my agency owns, 50 at a time',
        description:
          'Open actions soonest due first (`show=open`, the default), or those done or not done latest due first (`show=closed`); follow `next` and `previous` for the other pages.',
        querystring: mineQuery,
        response: { 200: myActionsApi },
      },
    },
    async (request) => {
      const q = request.query;
      const view = await request.inTx((tx) =>
        service.myActions(tx, request.user!, actorOf(request), 'api', q.show, positionOf(q)),
      );
      return {
        items: view.rows.map((a) => toApi(a, view.today)),
        show: view.shown,
        total: view.total,
        totalCapped: view.totalCapped,
        next: view.hasNext ? cursorParam(view.last) : null,
        previous: view.hasPrevious ? cursorParam(view.first) : null,
      };
    },
  );

  api.get(
    '/api/v1/actions/overdue',
    {
      preValidation: requireUser,
      config: work,
      schema: {
        tags: ['actions'],
        summary: 'Open actions past their due date at my sites, on the cases I may see, 50 at a time',
        description: 'Longest overdue first; follow `next` and `previous` for the other pages.',
        querystring: overdueQuery,
        response: { 200: actionPageApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.overdueActions(tx, request.user!, actorOf(request), 'api', positionOf(request.query)),
      );
      return {
        items: view.rows.map((a) => toApi(a, view.today)),
        total: view.total,
        totalCapped: view.totalCapped,
        next: view.hasNext ? cursorParam(view.last) : null,
        previous: view.hasPrevious ? cursorParam(view.first) : null,
      };
    },
  );
};
