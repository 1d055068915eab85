import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.js';
import { uuidParam } from '../../platform/case-context.js';
import { actorOf } from '../../platform/http/actor.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { asList, formFields, submitForm } from '../../platform/http/forms.js';
import { ACTION_STATUS_LABELS, actionInput } from '../actions/public.js';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  ATTENDANCE,
  ATTENDANCE_LABELS,
  DECISION_LABELS,
  DECISIONS,
  RECURRENCES,
  RISK_LABELS,
  RISK_LEVELS,
  STATUS_LABELS,
} from './rules.js';
import {
  addendumInput,
  agendaInput,
  approveInput,
  attendanceInput,
  minutesInput,
  moveInput,
  quorumInput,
  scheduleInput,
} from './schemas.js';
import * as service from './service.js';
import { attachment } from '../../platform/http/attachment.js';
import { meetingApiRoutes } from './api.js';
import { registerMeetingItemWithdrawal } from './withdrawals.js';

const work = { capability: 'work_on_cases' } as const;
const page = { schema: { hide: true }, preValidation: requireUser, config: work };

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

const labels = {
  statusLabels: STATUS_LABELS,
  attendanceLabels: ATTENDANCE_LABELS,
  agencyKindLabels: AGENCY_KIND_LABELS,
  decisionLabels: DECISION_LABELS,
  riskLabels: RISK_LABELS,
  actionStatusLabels: ACTION_STATUS_LABELS,
  recurrenceItems: RECURRENCES.map((r) => ({
    value: r,
    text: { none: 'Does not repeat', weekly: 'Every week', monthly: 'Every month' }[r],
  })),
  agencyKinds: AGENCY_KINDS,
  attendanceValues: ATTENDANCE,
  decisions: DECISIONS,
  riskLevels: RISK_LEVELS,
};

/** The schedule form's fields as the schema takes them. */
function scheduleFromForm(f: Record<string, unknown>) {
  return {
    siteId: text(f.siteId) ?? '',
    date: dateFromParts(f, 'date'),
    time: text(f.time)?.trim(),
    recurrence: text(f.recurrence),
    location: text(f.location),
    minuteTakerId: text(f.minuteTakerId),
    invitedAgencyIds: asList(f.invitedAgencyIds),
    invitedUserIds: asList(f.invitedUserIds),
  };
}

/** The attendance form: a choice per invited person (`attendance-<id>`) and a deputy (`deputy-<id>`). */
function attendanceFromForm(f: Record<string, unknown>) {
  const entries = Object.entries(f)
    .filter(([k, v]) => k.startsWith('attendance-') && typeof v === 'string' && v)
    .map(([k, v]) => {
      const userId = k.slice('attendance-'.length);
      return { userId, attendance: v as string, deputyId: text(f[`deputy-${userId}`]) };
    });
  return { version: text(f.version), entries };
}

const meetingId = (request: FastifyRequest) => uuidParam(request, 'meetingId');
const itemId = (request: FastifyRequest) => uuidParam(request, 'itemId');

export const meetingRoutes: FastifyPluginAsync = async (app) => {
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) => service.listPage(tx, request.user!, actorOf(request), 'page'));
    const q = request.query as Record<string, unknown>;
    return reply.page('meetings/views/list.njk', {
      title: 'Meetings',
      nav: 'meetings',
      ...view,
      saved: text(q.saved) ?? '',
      values: {},
      ...labels,
      ...extra,
    });
  };

  app.get('/meetings', page, async (request, reply) => listPage(request, reply));

  app.post('/meetings/quorum', page, async (request, reply) => {
    const values = formFields(request.body, ['quorumKinds']);
    const outcome = await submitForm(quorumInput, values, (data) =>
      request.inTx((tx) =>
        service.setQuorumRule(tx, request.user!, actorOf(request), data.siteId, data.quorumKinds, 'page'),
      ),
    );
    if (!outcome.ok) return listPage(request, reply.code(outcome.status), { errors: outcome.errors, values });
    return reply.redirect('/meetings?saved=quorum', 303);
  });

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const q = request.query as Record<string, unknown>;
    const values = (extra.values as Record<string, unknown> | undefined) ?? {};
    const siteId = text(values.siteId) ?? text(q.site);
    const view = await request.inTx((tx) => service.schedulePage(tx, request.user!, siteId));
    return reply.page('meetings/views/new.njk', {
      title: 'Schedule a meeting',
      nav: 'meetings',
      backLink: '/meetings',
      ...view,
      values: {
        siteId: view.siteId,
        recurrence: 'none',
        invitedAgencyIds: [],
        invitedUserIds: [],
        ...values,
      },
      ...labels,
      ...extra,
    });
  };

  app.get('/meetings/new', page, async (request, reply) => newPage(request, reply));

  app.post('/meetings', page, async (request, reply) => {
    const values = formFields(request.body, ['invitedAgencyIds', 'invitedUserIds']);
    const outcome = await submitForm(scheduleInput, scheduleFromForm(values), (data) =>
      request.inTx((tx) => service.scheduleMeeting(tx, request.user!, actorOf(request), data, 'page')),
    );
    if (!outcome.ok) return newPage(request, reply.code(outcome.status), { errors: outcome.errors, values });
    return reply.redirect(`/meetings/${outcome.value}?saved=scheduled`, 303);
  });

  const meetingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) =>
      service.meetingPage(tx, request.user!, actorOf(request), meetingId(request), 'page'),
    );
    const q = request.query as Record<string, unknown>;
    return reply.page('meetings/views/meeting.njk', {
      title: `Meeting on ${service.meetingDay(view.meeting)}`,
      nav: 'meetings',
      backLink: '/meetings',
      ...view,
      saved: text(q.saved) ?? '',
      values: {},
      ...labels,
      ...extra,
    });
  };

  app.get('/meetings/:meetingId', page, async (request, reply) => meetingPage(request, reply));

  app.get('/meetings/:meetingId/pack.pdf', page, async (request, reply) => {
    const id = meetingId(request);
    const pack = await request.inTx((tx) =>
      service.meetingPackDownload(tx, request.user!, actorOf(request), id, 'page'),
    );
    return attachment(reply, 'application/pdf', pack.fileName).send(pack.pdf);
  });

  app.post('/meetings/:meetingId/agenda', page, async (request, reply) => {
    const id = meetingId(request);
    const values = formFields(request.body);
    const outcome = await submitForm(agendaInput, values, (data) =>
      request.inTx((tx) => service.addToAgenda(tx, request.user!, actorOf(request), id, data, 'page')),
    );
    if (!outcome.ok)
      return meetingPage(request, reply.code(outcome.status), { errors: outcome.errors, values });
    return reply.redirect(`/meetings/${id}?saved=agenda#agenda`, 303);
  });

  app.post('/meetings/:meetingId/agenda/:itemId/move', page, async (request, reply) => {
    const id = meetingId(request);
    const item = itemId(request);
    const outcome = await submitForm(moveInput, formFields(request.body), (data) =>
      request.inTx((tx) =>
        service.moveItem(tx, request.user!, actorOf(request), id, item, data.direction, 'page'),
      ),
    );
    if (!outcome.ok) return meetingPage(request, reply.code(outcome.status), { errors: outcome.errors });
    return reply.redirect(`/meetings/${id}#agenda`, 303);
  });

  app.post('/meetings/:meetingId/agenda/:itemId/remove', page, async (request, reply) => {
    const id = meetingId(request);
    const item = itemId(request);
    await request.inTx((tx) => service.removeItem(tx, request.user!, actorOf(request), id, item, 'page'));
    return reply.redirect(`/meetings/${id}?saved=removed#agenda`, 303);
  });

  app.post('/meetings/:meetingId/attendance', page, async (request, reply) => {
    const id = meetingId(request);
    const values = formFields(request.body);
    const outcome = await submitForm(attendanceInput, attendanceFromForm(values), (data) =>
      request.inTx((tx) => service.recordAttendance(tx, request.user!, actorOf(request), id, data, 'page')),
    );
    if (!outcome.ok)
      return meetingPage(request, reply.code(outcome.status), { errors: outcome.errors, values });
    return reply.redirect(`/meetings/${id}?saved=attendance`, 303);
  });

  app.post('/meetings/:meetingId/approve', page, async (request, reply) => {
    const id = meetingId(request);
    const outcome = await submitForm(approveInput, formFields(request.body), (data) =>
      request.inTx((tx) =>
        service.approveMinutes(tx, request.user!, actorOf(request), id, data.version, 'page'),
      ),
    );
    if (!outcome.ok) return meetingPage(request, reply.code(outcome.status), { errors: outcome.errors });
    return reply.redirect(`/meetings/${id}?saved=approved`, 303);
  });

  const itemPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) =>
      service.itemPage(tx, request.user!, actorOf(request), meetingId(request), itemId(request), 'page'),
    );
    const q = request.query as Record<string, unknown>;
    const i = view.item;
    return reply.page('meetings/views/item.njk', {
      title: `Case ${i.reference} – meeting on ${service.meetingDay(view.meeting)}`,
      nav: 'meetings',
      backLink: `/meetings/${view.meeting.id}`,
      ...view,
      saved: text(q.saved) ?? '',
      values: {
        version: i.version,
        discussion: i.discussion,
        voiceReason: i.voiceReason,
        agreedRisk: i.agreedRisk ?? '',
        riskRationale: i.riskRationale,
        decision: i.decision ?? '',
      },
      actionValues: {},
      ...labels,
      ...extra,
    });
  };

  app.get('/meetings/:meetingId/items/:itemId', page, async (request, reply) => itemPage(request, reply));

  app.post('/meetings/:meetingId/items/:itemId', page, async (request, reply) => {
    const id = meetingId(request);
    const item = itemId(request);
    const values = formFields(request.body);
    const outcome = await submitForm(minutesInput, values, (data) =>
      request.inTx((tx) => service.saveMinutes(tx, request.user!, actorOf(request), id, item, data, 'page')),
    );
    if (!outcome.ok) return itemPage(request, reply.code(outcome.status), { errors: outcome.errors, values });
    return reply.redirect(`/meetings/${id}/items/${item}?saved=minutes`, 303);
  });

  app.post('/meetings/:meetingId/items/:itemId/actions', page, async (request, reply) => {
    const id = meetingId(request);
    const item = itemId(request);
    const values = formFields(request.body);
    const input = {
      description: text(values.description) ?? '',
      ownerUserId: text(values.ownerUserId),
      ownerAgencyId: text(values.ownerAgencyId),
      dueOn: dateFromParts(values, 'dueOn'),
    };
    const outcome = await submitForm(actionInput, input, (data) =>
      request.inTx((tx) =>
        service.addItemAction(tx, request.user!, actorOf(request), id, item, data, 'page'),
      ),
    );
    if (!outcome.ok)
      return itemPage(request, reply.code(outcome.status), { errors: outcome.errors, actionValues: values });
    return reply.redirect(`/meetings/${id}/items/${item}?saved=action#actions`, 303);
  });

  app.post('/meetings/:meetingId/items/:itemId/addenda', page, async (request, reply) => {
    const id = meetingId(request);
    const item = itemId(request);
    const values = formFields(request.body);
    const outcome = await submitForm(addendumInput, values, (data) =>
      request.inTx((tx) =>
        service.addAddendum(tx, request.user!, actorOf(request), id, item, data.body, 'page'),
      ),
    );
    if (!outcome.ok)
      return itemPage(request, reply.code(outcome.status), {
        errors: outcome.errors,
        addendumValues: values,
      });
    return reply.redirect(`/meetings/${id}/items/${item}?saved=addendum`, 303);
  });

  registerMeetingItemWithdrawal(app);
  await app.register(meetingApiRoutes);
};
