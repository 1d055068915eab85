import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerCaseRecords } from '../../platform/case-records.js';
import { NotFound, type FieldError } from '../../platform/errors.js';
import { actorOf } from '../../platform/http/actor.js';
import {
  attemptForm,
  fieldErrorsFrom,
  formErrors,
  formFields,
  type FormFailure,
} from '../../platform/http/forms.js';
import { withdrawalApiOf } from '../../platform/corrections/index.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { formatDate } from '../../platform/views/format.js';
import {
  BREACH_CHECKBOXES,
  breachFromForm,
  conditionErrorsToSlots,
  EVENT_CHECKBOXES,
  eventFromForm,
  notificationFromForm,
  notifiedFromForm,
  ORDER_CHECKBOXES,
  ORDER_CONDITION_SLOTS,
  orderFromForm,
  VARIATION_CONDITION_SLOTS,
} from './forms.js';
import type { BreachRow, ConditionRow, EventRow } from './repository.js';
import { insertProtectedContact, protectedContacts } from './repository.js';
import {
  ACTION_LABELS,
  ACTIONS,
  EVENT_LABELS,
  hasNotificationRequirements,
  hasPositiveRequirements,
  LATER_EVENT_KINDS,
  NOTIFICATION_PERIOD_DAYS,
  ORDER_KIND_LABELS,
  ORDER_KIND_SHORT,
  ORDER_KINDS,
  SOURCE_LABELS,
  SOURCES,
  TRIGGER_LABELS,
} from './rules.js';
import {
  breachApi,
  breachInput,
  eventApi,
  eventInput,
  notificationInput,
  notifiedInput,
  orderApi,
  orderDetailApi,
  orderInput,
  orderQuery,
} from './schemas.js';
import * as service from './service.js';
import {
  registerBreachWithdrawal,
  registerOrderPartWithdrawals,
  registerOrderWithdrawal,
} from './withdrawals.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

function ids(request: FastifyRequest) {
  return {
    caseId: caseIdOf(request),
    orderId: optionalUuidParam(request, 'orderId') ?? '',
    notificationId: optionalUuidParam(request, 'notificationId') ?? '',
  };
}

const labels = {
  kindLabels: ORDER_KIND_LABELS,
  kindShort: ORDER_KIND_SHORT,
  eventLabels: EVENT_LABELS,
  sourceLabels: SOURCE_LABELS,
  actionLabels: ACTION_LABELS,
  triggerLabels: TRIGGER_LABELS,
  kindItems: ORDER_KINDS.map((k) => ({ value: k, text: ORDER_KIND_LABELS[k] })),
  eventItems: LATER_EVENT_KINDS.map((k) => ({ value: k, text: EVENT_LABELS[k] })),
  sourceItems: SOURCES.map((s) => ({ value: s, text: SOURCE_LABELS[s] })),
  actionItems: ACTIONS.map((a) => ({ value: a, text: ACTION_LABELS[a] })),
  periodDays: NOTIFICATION_PERIOD_DAYS,
};

const orderToApi = (
  o: Awaited<ReturnType<typeof service.listPage>>['orders'][number],
): z.infer<typeof orderApi> => ({
  id: o.id,
  kind: o.kind,
  issuingBody: o.issuingBody,
  reference: o.reference,
  madeOn: o.madeOn,
  servedOn: o.servedOn,
  startsOn: o.startsOn,
  endsOn: o.currentEndsOn,
  untilFurtherOrder: o.currentUntilFurtherOrder,
  inForce: o.inForce,
  supervisingPractitioner: o.supervisingPractitioner,
  notes: o.notes,
});

const eventToApi = (e: EventRow): z.infer<typeof eventApi> => ({
  id: e.id,
  kind: e.kind,
  occurredOn: e.occurredOn,
  newEndsOn: e.newEndsOn,
  newUntilFurtherOrder: e.newUntilFurtherOrder,
  removedConditionIds: [...e.removedConditionIds],
  victimView: e.victimView,
  victimVoiceId: e.victimVoiceId,
  notes: e.notes,
  recordedBy: e.createdBy,
});

const breachToApi = (b: BreachRow): z.infer<typeof breachApi> => ({
  id: b.id,
  orderId: b.orderId,
  conditionId: b.conditionId,
  condition: b.conditionText,
  failureToNotify: b.failureToNotify,
  occurredOn: b.occurredOn,
  cameToLight: b.cameToLight,
  incidentIds: b.incidentIds,
  action: b.action,
  outcome: b.outcome,
  description: b.description,
  recordedBy: b.createdBy,
});

/** Validates a form's input with a schema; field errors from the schema or the service, renamed to the form's rows. */
async function submit<T, R>(
  schema: z.ZodType<T>,
  input: unknown,
  slotOf: { field: string; slots: number[] } | null,
  work: (data: T) => Promise<R>,
): Promise<{ ok: true; value: R } | FormFailure> {
  const rename = (errors: FieldError[]) =>
    slotOf ? conditionErrorsToSlots(errors, slotOf.field, slotOf.slots) : errors;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = rename(fieldErrorsFrom(parsed.error));
    return { ok: false, status: 400, errors: formErrors(fieldErrors), fieldErrors };
  }
  const outcome = await attemptForm(() => work(parsed.data));
  if (outcome.ok) return outcome;
  const fieldErrors = rename(outcome.fieldErrors);
  return { ...outcome, fieldErrors, errors: formErrors(fieldErrors) };
}

/** A date asked for with ?on=, or undefined when absent or not a date (the page says so). */
function onDate(request: FastifyRequest): { on?: string; problem?: string } {
  const q = request.query as Record<string, unknown>;
  const typed = dateFromParts(q, 'on') ?? (typeof q.on === 'string' && q.on ? q.on : undefined);
  if (!typed) return {};
  const parsed = orderQuery.safeParse({ on: typed });
  return parsed.success && parsed.data.on
    ? { on: parsed.data.on }
    : { problem: 'Enter a real date, like 4 3 2026' };
}

export const orderRoutes: FastifyPluginAsync = async (app) => {
  // other protected people (not victims on the case): their details sit with the victim's contact
  registerCaseRecords(app, {
    slug: 'protected-people',
    compartment: 'victim_contact',
    recordType: 'order_protected_contact',
    title: 'Other protected people',
    template: 'orders/views/protected-people.njk',
    writeVerb: 'record another protected person',
    input: z.strictObject({
      name: z
        .string({ error: 'Enter the person’s name' })
        .trim()
        .min(1, 'Enter the person’s name')
        .max(200, 'The name must be 200 characters or fewer'),
      relationship: z.string().trim().max(200, 'The relationship must be 200 characters or fewer').optional(),
      contactDetails: z
        .string()
        .trim()
        .max(2_000, 'The contact details must be 2,000 characters or fewer')
        .optional(),
    }),
    apiItem: z.object({
      id: z.string().uuid(),
      name: z.string(),
      relationship: z.string(),
      contactDetails: z.string(),
    }),
    list: (tx, caseId) => protectedContacts(tx, caseId),
    insert: (tx, caseId, user, input) => insertProtectedContact(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      name: r.name,
      relationship: r.relationship,
      contactDetails: r.contact_details,
    }),
  });

  // --- pages ----------------------------------------------------------------------------------

  app.get('/cases/:id/orders', hide, async (request, reply) => {
    const { caseId } = ids(request);
    const view = await request.inTx((tx) =>
      service.listPage(tx, request.user!, actorOf(request), caseId, 'page'),
    );
    return reply.page('orders/views/list.njk', {
      title: `Orders – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'orders',
      caseHeader: view.header,
      orders: view.orders,
      breaches: view.breaches,
      withdrawnRecords: view.withdrawn.map((o) => ({
        href: `/cases/${caseId}/orders/${o.id}`,
        text: `${ORDER_KIND_SHORT[o.kind]}, made ${formatDate(o.madeOn)}`,
        at: o.withdrawn!.at,
      })),
      canWrite: view.canWrite,
      canSeeProtected: view.access.levels.victim_contact !== 'none',
      ...labels,
    });
  });

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) => service.newOrderPage(tx, request.user!, caseId));
    return reply.page('orders/views/new.njk', {
      title: `Add an order – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'orders',
      caseHeader: view.header,
      victims: view.victims,
      contacts: view.contacts,
      canAddContacts: view.access.levels.victim_contact === 'write',
      slots: [...Array(ORDER_CONDITION_SLOTS).keys()],
      values: {},
      ...labels,
      ...extra,
    });
  };

  app.get('/cases/:id/orders/new', hide, async (request, reply) =>
    newPage(request, reply, ids(request).caseId),
  );

  // "Change" on the check-your-answers page: the form again with what was typed
  app.post('/cases/:id/orders/new', hide, async (request, reply) =>
    newPage(request, reply, ids(request).caseId, { values: formFields(request.body, ORDER_CHECKBOXES) }),
  );

  // check your answers: nothing is saved yet
  app.post('/cases/:id/orders/check', hide, async (request, reply) => {
    const { caseId } = ids(request);
    const values = formFields(request.body, ORDER_CHECKBOXES);
    const { input, slotOf } = orderFromForm(values);
    const outcome = await submit(orderInput, input, { field: 'conditions', slots: slotOf }, (data) =>
      request.inTx(async (tx) => ({ data, view: await service.checkOrder(tx, request.user!, caseId, data) })),
    );
    if (!outcome.ok)
      return newPage(request, reply.code(outcome.status), caseId, { values, errors: outcome.errors });
    const { data, view } = outcome.value;
    const victimName = new Map(view.victims.map((v) => [v.id, v.name]));
    const contactName = new Map(view.contacts.map((c) => [c.id, c.name]));
    return reply.page('orders/views/check.njk', {
      title: `Check the order – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'orders',
      caseHeader: view.header,
      order: data,
      protectedNames: [
        ...data.protectedCaseVictimIds.map((id) => victimName.get(id) ?? ''),
        ...data.protectedContactIds.map((id) => contactName.get(id) ?? ''),
      ],
      hidden: Object.entries(values).flatMap(([name, v]) =>
        (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string').map((value) => ({ name, value })),
      ),
      ...labels,
    });
  });

  app.post('/cases/:id/orders', hide, async (request, reply) => {
    const { caseId } = ids(request);
    const values = formFields(request.body, ORDER_CHECKBOXES);
    const { input, slotOf } = orderFromForm(values);
    const outcome = await submit(orderInput, input, { field: 'conditions', slots: slotOf }, (data) =>
      request.inTx((tx) => service.addOrder(tx, request.user!, actorOf(request), caseId, data, 'page')),
    );
    if (!outcome.ok)
      return newPage(request, reply.code(outcome.status), caseId, { values, errors: outcome.errors });
    return reply.redirect(`/cases/${caseId}/orders/${outcome.value}?added=order`, 303);
  });

  const detailPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId, orderId } = ids(request);
    const asked = onDate(request);
    const view = await request.inTx((tx) =>
      service.openOrder(tx, request.user!, actorOf(request), caseId, orderId, asked.on, 'page'),
    );
    const conditionText = new Map(view.conditions.map((c) => [c.id, c.text]));
    const q = request.query as Record<string, unknown>;
    return reply.page('orders/views/detail.njk', {
      title: `${ORDER_KIND_SHORT[view.order.kind]} – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'orders',
      caseHeader: view.header,
      order: view.order,
      on: view.on,
      today: view.today,
      onProblem: asked.problem,
      onParts: {
        day: Number(view.on.slice(8)),
        month: Number(view.on.slice(5, 7)),
        year: view.on.slice(0, 4),
      },
      inForce: view.inForce,
      conditions: view.conditions,
      events: view.events.map((e) => ({
        ...e,
        removedTexts: e.removedConditionIds.map((id) => conditionText.get(id) ?? 'A condition'),
        addedTexts: view.conditions.filter((c) => c.addedEventId === e.id).map((c) => c.text),
      })),
      protectedPeople: view.protectedPeople,
      notifications: view.notifications,
      breaches: view.breaches,
      withdrawnBreaches: view.withdrawnBreaches,
      withdrawnConditions: view.withdrawnConditions,
      withdrawnEvents: view.withdrawnEvents,
      withdrawn: view.order.withdrawn,
      what: 'order',
      hasNotifications: hasNotificationRequirements(view.order.kind),
      canWrite: view.canWrite,
      added: typeof q.added === 'string' ? q.added : '',
      values: {},
      ...labels,
      ...extra,
    });
  };

  app.get('/cases/:id/orders/:orderId', hide, async (request, reply) => detailPage(request, reply));

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    which: 'event' | 'breach',
    extra: Record<string, unknown> = {},
  ) => {
    const { caseId, orderId } = ids(request);
    const view = await request.inTx((tx) =>
      service.orderFormPage(
        tx,
        request.user!,
        caseId,
        orderId,
        which === 'event' ? 'record a change to an order' : 'record a breach',
      ),
    );
    const q = request.query as Record<string, unknown>;
    const inForce = new Set(view.inForce.map((c) => c.id));
    return reply.page(which === 'event' ? 'orders/views/event.njk' : 'orders/views/breach.njk', {
      title: `${which === 'event' ? 'Record a change to' : 'Record a breach of'} the ${ORDER_KIND_SHORT[view.order.kind].toLowerCase()} – case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'orders',
      caseHeader: view.header,
      order: view.order,
      conditions: view.conditions.map((c: ConditionRow) => ({ ...c, inForceToday: inForce.has(c.id) })),
      incidents: view.incidents,
      voice: view.voice,
      slots: [...Array(VARIATION_CONDITION_SLOTS).keys()],
      positiveAllowed: hasPositiveRequirements(view.order.kind),
      hasNotifications: hasNotificationRequirements(view.order.kind),
      values: { kind: typeof q.kind === 'string' ? q.kind : '' },
      ...labels,
      ...extra,
    });
  };

  app.get('/cases/:id/orders/:orderId/events/new', hide, async (request, reply) =>
    formPage(request, reply, 'event'),
  );
  app.post('/cases/:id/orders/:orderId/events', hide, async (request, reply) => {
    const { caseId, orderId } = ids(request);
    const values = formFields(request.body, EVENT_CHECKBOXES);
    const { input, slotOf } = eventFromForm(values);
    const outcome = await submit(eventInput, input, { field: 'addConditions', slots: slotOf }, (data) =>
      request.inTx((tx) =>
        service.addEvent(tx, request.user!, actorOf(request), caseId, orderId, data, 'page'),
      ),
    );
    if (!outcome.ok)
      return formPage(request, reply.code(outcome.status), 'event', { values, errors: outcome.errors });
    return reply.redirect(`/cases/${caseId}/orders/${orderId}?added=event`, 303);
  });

  app.get('/cases/:id/orders/:orderId/breaches/new', hide, async (request, reply) =>
    formPage(request, reply, 'breach'),
  );
  app.post('/cases/:id/orders/:orderId/breaches', hide, async (request, reply) => {
    const { caseId, orderId } = ids(request);
    const values = formFields(request.body, BREACH_CHECKBOXES);
    const outcome = await submit(breachInput, breachFromForm(values), null, (data) =>
      request.inTx((tx) =>
        service.addBreach(tx, request.user!, actorOf(request), caseId, orderId, data, 'page'),
      ),
    );
    if (!outcome.ok)
      return formPage(request, reply.code(outcome.status), 'breach', { values, errors: outcome.errors });
    return reply.redirect(`/cases/${caseId}/orders/${orderId}?added=breach`, 303);
  });

  app.post('/cases/:id/orders/:orderId/notifications', hide, async (request, reply) => {
    const { caseId, orderId } = ids(request);
    const values = formFields(request.body);
    const outcome = await submit(notificationInput, notificationFromForm(values), null, (data) =>
      request.inTx((tx) =>
        service.addNotificationRequirement(
          tx,
          request.user!,
          actorOf(request),
          caseId,
          orderId,
          data,
          'page',
        ),
      ),
    );
    if (!outcome.ok)
      return detailPage(request, reply.code(outcome.status), {
        changeValues: values,
        changeErrors: outcome.errors,
      });
    return reply.redirect(`/cases/${caseId}/orders/${orderId}?added=notification`, 303);
  });

  app.post(
    '/cases/:id/orders/:orderId/notifications/:notificationId/notified',
    hide,
    async (request, reply) => {
      const { caseId, orderId, notificationId } = ids(request);
      const values = formFields(request.body);
      const outcome = await submit(notifiedInput, notifiedFromForm(values), null, (data) =>
        request.inTx((tx) =>
          service.recordNotified(
            tx,
            request.user!,
            actorOf(request),
            caseId,
            orderId,
            notificationId,
            data,
            'page',
          ),
        ),
      );
      if (!outcome.ok)
        return detailPage(request, reply.code(outcome.status), {
          notifiedFor: notificationId,
          notifiedValues: values,
          notifiedErrors: outcome.errors,
        });
      return reply.redirect(`/cases/${caseId}/orders/${orderId}?added=notified`, 303);
    },
  );

  // --- API ------------------------------------------------------------------------------------

  const api = app.withTypeProvider<ZodTypeProvider>();
  const caseParams = z.object({ id: z.string() });
  const orderParams = z.object({ id: z.string(), orderId: z.string() });
  const created = { 201: z.object({ id: z.string().uuid() }) };

  api.get(
    '/api/v1/cases/:id/orders',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'The orders on a case (restraining orders, SPOs, bail, licence, community orders)',
        params: caseParams,
        response: { 200: z.object({ items: z.array(orderApi) }) },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.listPage(tx, request.user!, actorOf(request), ids(request).caseId, 'api'),
      );
      return { items: view.orders.map(orderToApi) };
    },
  );

  api.post(
    '/api/v1/cases/:id/orders',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'Record an order with its conditions and the people it protects',
        description:
          'Dates are YYYY-MM-DD. Give endsOn or untilFurtherOrder. Positive requirements only on spo and ' +
          'interim_spo. Protected people are victims on the case (protectedCaseVictimIds) or others recorded ' +
          'under /protected-people (protectedContactIds). An SPO gets its notification requirement.',
        params: caseParams,
        body: orderInput,
        response: created,
      },
    },
    async (request, reply) => {
      const id = await request.inTx((tx) =>
        service.addOrder(tx, request.user!, actorOf(request), ids(request).caseId, request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/cases/:id/orders/:orderId',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary:
          'One order: its lifecycle, conditions (and those in force on a date), protected people, notifications and breaches',
        params: orderParams,
        querystring: orderQuery,
        response: { 200: orderDetailApi },
      },
    },
    async (request) => {
      const { caseId, orderId } = ids(request);
      const view = await request.inTx((tx) =>
        service.openOrder(tx, request.user!, actorOf(request), caseId, orderId, request.query.on, 'api'),
      );
      return {
        ...orderToApi(view.order),
        on: view.on,
        conditionsInForce: view.inForceIds,
        conditions: view.conditions.map((c) => ({
          id: c.id,
          kind: c.kind,
          text: c.text,
          interventionRef: c.interventionRef,
          addedEventId: c.addedEventId,
          removedOn: c.removedOn,
        })),
        events: view.events.map(eventToApi),
        protectedPeople: view.protectedPeople.map((p) => ({
          caseVictimId: p.caseVictimId,
          protectedContactId: p.protectedContactId,
          name: p.name,
          victimWithdrawn: p.victimWithdrawn,
        })),
        notifications: view.notifications.map((n) => ({
          id: n.id,
          trigger: n.trigger,
          triggerOn: n.triggerOn,
          dueOn: n.dueOn,
          notifiedOn: n.notifiedOn,
          overdue: n.overdue,
          notes: n.notes,
        })),
        breaches: view.breaches.map(breachToApi),
        withdrawn: withdrawalApiOf(view.order.withdrawn),
      };
    },
  );

  api.post(
    '/api/v1/cases/:id/orders/:orderId/events',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'Record what happened to an order: served, varied, renewed, discharged, expired or appealed',
        description:
          'A variation lists the conditions it adds (addConditions) and removes (removeConditionIds, in force on ' +
          'occurredOn), with the victim’s view on the change (victimView, and/or victimVoiceId). Nothing is overwritten.',
        params: orderParams,
        body: eventInput,
        response: created,
      },
    },
    async (request, reply) => {
      const { caseId, orderId } = ids(request);
      const id = await request.inTx((tx) =>
        service.addEvent(tx, request.user!, actorOf(request), caseId, orderId, request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/cases/:id/orders/:orderId/breaches',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'Record a breach of an order: the condition broken (in force that day) or failure to notify',
        description: 'The case team is notified in the app.',
        params: orderParams,
        body: breachInput,
        response: created,
      },
    },
    async (request, reply) => {
      const { caseId, orderId } = ids(request);
      const id = await request.inTx((tx) =>
        service.addBreach(tx, request.user!, actorOf(request), caseId, orderId, request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/cases/:id/breaches',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'The breaches of all orders on a case, most recent first',
        params: caseParams,
        response: { 200: z.object({ items: z.array(breachApi) }) },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        service.listPage(tx, request.user!, actorOf(request), ids(request).caseId, 'api'),
      );
      return { items: view.breaches.map(breachToApi) };
    },
  );

  api.post(
    '/api/v1/cases/:id/orders/:orderId/notifications',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'Record a change of name or home address of an SPO’s subject: a notification falls due',
        description: `Due within the period of ${NOTIFICATION_PERIOD_DAYS} calendar days beginning with triggerOn.`,
        params: orderParams,
        body: notificationInput,
        response: created,
      },
    },
    async (request, reply) => {
      const { caseId, orderId } = ids(request);
      const id = await request.inTx((tx) =>
        service.addNotificationRequirement(
          tx,
          request.user!,
          actorOf(request),
          caseId,
          orderId,
          request.body,
          'api',
        ),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/cases/:id/orders/:orderId/notifications/:notificationId/notified',
    {
      preValidation: requireUser,
      schema: {
        tags: ['orders'],
        summary: 'Record that the subject notified the police (once: a second record is refused)',
        params: z.object({ id: z.string(), orderId: z.string(), notificationId: z.string() }),
        body: notifiedInput,
        response: { 204: z.undefined().describe('Recorded') },
      },
    },
    async (request, reply) => {
      const { caseId, orderId, notificationId } = ids(request);
      if (!notificationId) throw new NotFound();
      await request.inTx((tx) =>
        service.recordNotified(
          tx,
          request.user!,
          actorOf(request),
          caseId,
          orderId,
          notificationId,
          request.body,
          'api',
        ),
      );
      return reply.code(204).send();
    },
  );

  registerBreachWithdrawal(app);
  registerOrderWithdrawal(app);
  registerOrderPartWithdrawals(app);
};
