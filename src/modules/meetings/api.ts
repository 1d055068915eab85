import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { uuidParam } from '../../platform/case-context.js';
import { today } from '../../platform/clock.js';
import { withdrawalApiOf } from '../../platform/corrections/index.js';
import { actorOf } from '../../platform/http/actor.js';
import { actionInput, actionToApi } from '../actions/public.js';
import type { AgencyKind, Attendance, Decision } from './rules.js';
import type { MeetingRow } from './repository.js';
import {
  addendumInput,
  agendaInput,
  approveInput,
  attendanceInput,
  meetingApi,
  meetingDetailApi,
  minutesInput,
  moveInput,
  quorumInput,
  scheduleInput,
} from './schemas.js';
import * as service from './service.js';
import { attachment } from '../../platform/http/attachment.js';

const work = { capability: 'work_on_cases' } as const;
const tags = ['meetings'];
const created = { 201: z.object({ id: z.string().uuid() }) };
const meetingParams = z.object({ meetingId: z.string() });
const itemParams = z.object({ meetingId: z.string(), itemId: z.string() });
const done = { 204: z.undefined().describe('Done') };

const meetingOf = (request: FastifyRequest) => uuidParam(request, 'meetingId');
const itemOf = (request: FastifyRequest) => uuidParam(request, 'itemId');

/** A meeting service call in the request's transaction, as its user. */
const inApi = <T>(request: FastifyRequest, call: (tx: Tx, user: SessionUser, actor: Actor) => Promise<T>) =>
  request.inTx((tx) => call(tx, request.user!, actorOf(request)));

const meetingToApi = (m: MeetingRow): z.infer<typeof meetingApi> => ({
  id: m.id,
  siteId: m.siteId,
  site: m.siteName,
  seriesId: m.seriesId,
  recurrence: m.recurrence,
  startsAt: m.startsAt.toISOString(),
  location: m.location,
  chair: m.chair,
  minuteTaker: m.minuteTaker,
  status: m.status,
  version: m.version,
});

/** The multi-agency meeting's JSON API: the same services as the pages. */
export const meetingApiRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const opts = <S extends object>(schema: S) => ({
    preValidation: requireUser,
    config: work,
    schema: { tags, ...schema },
  });

  api.get(
    '/api/v1/meetings',
    opts({
      summary: 'The meetings at my sites, newest first',
      response: { 200: z.object({ items: z.array(meetingApi) }) },
    }),
    async (request) => {
      const view = await inApi(request, (tx, user, actor) => service.listPage(tx, user, actor, 'api'));
      return { items: [...view.upcoming].reverse().concat(view.past).map(meetingToApi) };
    },
  );

  api.get(
    '/api/v1/meetings/:meetingId/pack',
    opts({
      summary: 'The meeting pack, or the approved minutes, as a PDF for me',
      description:
        'Only the case items I may see; watermarked with my name and the time; OFFICIAL-SENSITIVE. Each case item in it is recorded as disclosed.',
      params: meetingParams,
      response: {
        200: {
          description: 'The PDF, as an attachment',
          content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
        },
      },
    }),
    async (request, reply) => {
      const id = meetingOf(request);
      const pack = await inApi(request, (tx, user, actor) =>
        service.meetingPackDownload(tx, user, actor, id, 'api'),
      );
      return attachment(reply, 'application/pdf', pack.fileName).send(pack.pdf);
    },
  );

  api.post(
    '/api/v1/meetings',
    opts({
      summary: 'Schedule a meeting (the site coordinator, who chairs it)',
      description:
        'date is YYYY-MM-DD and time HH:MM, UK time, in the future. recurrence weekly or monthly creates the ' +
        'first and the next five meetings as one series; the id of the first is returned.',
      body: scheduleInput,
      response: created,
    }),
    async (request, reply) => {
      const id = await inApi(request, (tx, user, actor) =>
        service.scheduleMeeting(tx, user, actor, request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/meetings/quorum',
    opts({
      summary: 'Set a site’s quoracy rule: the kinds of agency that must be present',
      body: quorumInput,
      response: done,
    }),
    async (request, reply) => {
      await inApi(request, (tx, user, actor) =>
        service.setQuorumRule(tx, user, actor, request.body.siteId, request.body.quorumKinds, 'api'),
      );
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/v1/meetings/:meetingId',
    opts({
      summary:
        'A meeting: attendance, quoracy, and the agenda items (with minutes and actions) of the cases I may see',
      description:
        'Items of cases the reader may not see are left out entirely. The coordinator also gets suggestions.',
      params: meetingParams,
      response: { 200: meetingDetailApi },
    }),
    async (request) => {
      const v = await inApi(request, (tx, user, actor) =>
        service.meetingPage(tx, user, actor, meetingOf(request), 'api'),
      );
      const on = today();
      return {
        ...meetingToApi(v.meeting),
        invitedAgencies: v.invitedAgencies.map((a) => ({ id: a.id, name: a.name })),
        participants: v.participants.map((p) => ({
          userId: p.userId,
          name: p.name,
          agency: p.agency,
          attendance: p.attendance,
          deputyId: p.deputyId,
          deputy: p.deputy,
        })),
        quorumRule: v.rule,
        quorate: v.quorum.quorate,
        missingForQuorum: v.quorum.missing,
        items: v.items.map((i) => ({
          id: i.id,
          caseId: i.caseId,
          reference: i.reference,
          position: i.position,
          reason: i.reason,
          discussion: i.discussion,
          victimVoice: i.voice,
          voiceReason: i.voiceReason,
          agreedRisk: i.agreedRisk as 'low' | 'moderate' | 'high' | null,
          riskRationale: i.riskRationale,
          decision: i.decision as Decision | null,
          version: i.version,
          addenda: i.addenda.map((a) => ({ id: a.id, body: a.body, by: a.by, at: a.at.toISOString() })),
          actions: i.actions.map((a) => actionToApi(a, on)),
          withdrawn: withdrawalApiOf(i.withdrawn),
        })),
        suggestions: v.suggestions,
      };
    },
  );

  api.post(
    '/api/v1/meetings/:meetingId/agenda',
    opts({
      summary: 'Add a case to the agenda, by caseId (a suggestion) or reference (by hand)',
      params: meetingParams,
      body: agendaInput,
      response: created,
    }),
    async (request, reply) => {
      const id = await inApi(request, (tx, user, actor) =>
        service.addToAgenda(tx, user, actor, meetingOf(request), request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/meetings/:meetingId/agenda/:itemId/move',
    opts({ summary: 'Move an agenda item up or down', params: itemParams, body: moveInput, response: done }),
    async (request, reply) => {
      await inApi(request, (tx, user, actor) =>
        service.moveItem(tx, user, actor, meetingOf(request), itemOf(request), request.body.direction, 'api'),
      );
      return reply.code(204).send();
    },
  );

  api.delete(
    '/api/v1/meetings/:meetingId/agenda/:itemId',
    opts({
      summary: 'Take a case off the agenda (before the meeting is held)',
      params: itemParams,
      response: done,
    }),
    async (request, reply) => {
      await inApi(request, (tx, user, actor) =>
        service.removeItem(tx, user, actor, meetingOf(request), itemOf(request), 'api'),
      );
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/v1/meetings/:meetingId/attendance',
    opts({
      summary:
        'Record attendance (present, apologies, deputy) for every invited person; the meeting is then held',
      params: meetingParams,
      body: attendanceInput,
      response: done,
    }),
    async (request, reply) => {
      await inApi(request, (tx, user, actor) =>
        service.recordAttendance(
          tx,
          user,
          actor,
          meetingOf(request),
          {
            version: request.body.version,
            entries: request.body.entries.map((e) => ({ ...e, attendance: e.attendance as Attendance })),
          },
          'api',
        ),
      );
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/v1/meetings/:meetingId/approve',
    opts({
      summary: 'Approve the minutes (once; afterwards only addenda)',
      params: meetingParams,
      body: approveInput,
      response: done,
    }),
    async (request, reply) => {
      await inApi(request, (tx, user, actor) =>
        service.approveMinutes(tx, user, actor, meetingOf(request), request.body.version, 'api'),
      );
      return reply.code(204).send();
    },
  );

  api.put(
    '/api/v1/meetings/:meetingId/items/:itemId',
    opts({
      summary:
        'Save a case item’s minutes: discussion, victim’s voice reason, agreed risk and rationale, decision',
      description:
        'Give the version you read; a stale version is refused (409). The latest shared voice entry is linked; ' +
        'when a victim’s voice is not up to date, voiceReason is required. Approved minutes are refused (409).',
      params: itemParams,
      body: minutesInput,
      response: done,
    }),
    async (request, reply) => {
      await inApi(request, (tx, user, actor) =>
        service.saveMinutes(tx, user, actor, meetingOf(request), itemOf(request), request.body, 'api'),
      );
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/v1/meetings/:meetingId/items/:itemId/actions',
    opts({
      summary: 'Add an action agreed on a case item (due on or after the meeting); the owner is notified',
      params: itemParams,
      body: actionInput,
      response: created,
    }),
    async (request, reply) => {
      const id = await inApi(request, (tx, user, actor) =>
        service.addItemAction(tx, user, actor, meetingOf(request), itemOf(request), request.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/meetings/:meetingId/items/:itemId/addenda',
    opts({
      summary: 'Add an addendum to a case item of approved minutes',
      params: itemParams,
      body: addendumInput,
      response: created,
    }),
    async (request, reply) => {
      const id = await inApi(request, (tx, user, actor) =>
        service.addAddendum(tx, user, actor, meetingOf(request), itemOf(request), request.body.body, 'api'),
      );
      return reply.code(201).send({ id });
    },
  );
};

export type { AgencyKind };
