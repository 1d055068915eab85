import { caseIdOf, uuidParam } from '../../platform/case-context.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { formFields, submitForm } from '../../platform/http/forms.js';
import {
  apiCaseDetail,
  apiCaseList,
  apiCaseListQuery,
  caseListQuery,
  statusForm,
  teamAddForm,
} from './schemas.js';
import * as service from './service.js';
import { mayRefer } from '../referrals/service.js';
import { statusChoices, type AcceptedMode, type CaseStatus, type InvestigationStatus } from './rules.js';
import { COUNT_CAP, PAGE_SIZE, type CaseCursor, type ListPosition } from './repository.js';
import { toApiDetail, toApiSummary } from './api-mapping.js';
import { accessLogFilterFrom } from './access-log-filter.js';
import { can } from '../../platform/access/policy.js';
import { sitesOfUser } from '../../platform/access/sites.js';
import { attachment } from '../../platform/http/attachment.js';
import { today } from '../../platform/clock.js';

// case work only: anyone else signed in gets 404 (the capability gate)
const hide = {
  schema: { hide: true },
  preValidation: requireUser,
  config: { capability: 'work_on_cases' as const },
};

export const caseRoutes: FastifyPluginAsync = async (app) => {
  // case work: programme-wide roles (figures, administration) have none of it
  app.get('/cases', hide, async (request, reply) => {
    const parsed = caseListQuery.safeParse(request.query);
    const q = parsed.success
      ? parsed.data
      : {
          page: 1,
          status: undefined,
          site: undefined,
          scope: undefined,
          after: undefined,
          before: undefined,
        };
    const position: ListPosition = q.after
      ? { kind: 'after', cursor: q.after }
      : q.before
        ? { kind: 'before', cursor: q.before }
        : { kind: 'page', page: q.page };
    const user = request.user!;
    const result = await request.inTx(async (tx) => {
      const list = await service.listCases(tx, user, actorOf(request), {
        status: q.status,
        siteId: q.site,
        scope: q.scope,
        position,
      });
      const sites = await sitesOfUser(tx, user);
      return { ...list, sites };
    });
    const cursorParam = (c: CaseCursor | null) => (c ? `${c.at}_${c.reference}` : '');
    return reply.page('cases/views/list.njk', {
      title: result.mine ? 'My cases' : 'Cases at your sites',
      nav: 'cases',
      cases: result.rows,
      total: result.total,
      totalCapped: result.totalCapped,
      countCap: COUNT_CAP.toLocaleString('en-GB'),
      // numbered pages only while the count is exact and the user came by number
      page: position.kind === 'page' ? q.page : null,
      pages:
        position.kind === 'page' && !result.totalCapped
          ? Math.max(1, Math.ceil(result.total / PAGE_SIZE))
          : null,
      next: result.hasNext ? cursorParam(result.last) : null,
      previous: result.hasPrevious
        ? position.kind === 'page'
          ? { page: q.page - 1 }
          : { before: cursorParam(result.first) }
        : null,
      filters: { status: q.status ?? '', site: q.site ?? '', scope: q.scope ?? '' },
      sites: result.sites,
      isCoordinator: can(user, 'coordinate_site'),
      mayRefer: mayRefer(user),
    });
  });

  app.get('/cases/:id', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const view = await request.inTx((tx) =>
      service.caseOverview(tx, request.user!, actorOf(request), id, 'page'),
    );
    const updated = (request.query as Record<string, unknown>).updated === 'status';
    return reply.page('cases/views/overview.njk', {
      title: `Case ${view.case.reference}`,
      nav: 'cases',
      caseTab: 'overview',
      caseHeader: view.header,
      updated,
      ...view,
    });
  });

  const statusPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: Record<string, unknown> = {},
  ) => {
    const data = await request.inTx((tx) => service.statusPage(tx, request.user!, actorOf(request), id));
    const c = data.case;
    return reply.page('cases/views/status.njk', {
      title: `Change status – case ${c.reference}`,
      nav: 'cases',
      caseTab: 'status',
      caseHeader: data.header,
      case: c,
      voice: data.voice,
      choices: statusChoices(c.status as CaseStatus, c.investigation_status as InvestigationStatus, {
        currentMode: c.accepted_mode as AcceptedMode | null,
        mayChangeMode: can(request.user!, 'coordinate_site'),
      }),
      values: {},
      ...extra,
    });
  };

  app.get('/cases/:id/status', hide, async (request, reply) => statusPage(request, reply, caseIdOf(request)));

  app.post('/cases/:id/status', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const fields = formFields(request.body);
    const values = { decision: fields.decision, reason: fields.reason, voiceReason: fields.voiceReason };
    const outcome = await submitForm(statusForm, fields, (data) => {
      const [to, mode] = data.decision.split(':') as [CaseStatus, AcceptedMode | undefined];
      return request.inTx((tx) =>
        service.changeStatus(tx, request.user!, actorOf(request), id, {
          to,
          mode: mode ?? null,
          reason: data.reason,
          voiceReason: data.voiceReason,
          version: data.version,
        }),
      );
    });
    if (!outcome.ok)
      return statusPage(request, reply.code(outcome.status), id, { values, errors: outcome.errors });
    return reply.redirect(`/cases/${id}?updated=status`, 303);
  });

  const teamView = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await request.inTx((tx) => service.teamPage(tx, request.user!, actorOf(request), id));
    return reply.page('cases/views/team.njk', {
      title: `Case team – case ${view.header.reference}`,
      nav: 'cases',
      caseTab: 'team',
      caseHeader: view.header,
      ...view,
      ...extra,
    });
  };

  app.get('/cases/:id/team', hide, async (request, reply) => teamView(request, reply, caseIdOf(request)));

  app.post('/cases/:id/team', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const outcome = await submitForm(teamAddForm, formFields(request.body), (data) =>
      request.inTx((tx) => service.addToTeam(tx, request.user!, actorOf(request), id, data.userId)),
    );
    if (!outcome.ok) return teamView(request, reply.code(outcome.status), id, { errors: outcome.errors });
    return reply.redirect(`/cases/${id}/team`, 303);
  });

  // removing someone is confirmed on a page of its own first, as HMPPS services do
  app.get('/cases/:id/team/:userId/remove', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const memberId = uuidParam(request, 'userId');
    const view = await request.inTx((tx) => service.removalPage(tx, request.user!, id, memberId));
    return reply.page('cases/views/team-remove.njk', {
      title: `Remove ${view.member.display_name} from the team – case ${view.header.reference}`,
      nav: 'cases',
      caseTab: 'team',
      caseHeader: view.header,
      ...view,
    });
  });

  app.post('/cases/:id/team/:userId/remove', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const member = z
      .string()
      .uuid()
      .safeParse((request.params as { userId: string }).userId);
    if (!member.success) throw new NotFound();
    await request.inTx((tx) => service.removeFromTeam(tx, request.user!, actorOf(request), id, member.data));
    return reply.redirect(`/cases/${id}/team`, 303);
  });

  app.get('/cases/:id/access-log', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const query = request.query as Record<string, unknown>;
    const read = accessLogFilterFrom(query);
    const view = await request.inTx((tx) =>
      service.accessLog(tx, request.user!, actorOf(request), id, read.ok ? read.filter : {}, read.page),
    );
    const params = (page: number) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v && k !== 'page') q.set(k, v);
      if (page > 1) q.set('page', String(page));
      return q.toString();
    };
    const csvQuery = params(1);
    return reply.code(read.ok ? 200 : 400).page('cases/views/access-log.njk', {
      title: `Access log – case ${view.header.reference}`,
      nav: 'cases',
      caseTab: 'access-log',
      caseHeader: view.header,
      ...view,
      page: read.page,
      previous: read.page > 1 ? `?${params(read.page - 1)}` : null,
      next: read.page < view.pages ? `?${params(read.page + 1)}` : null,
      csvHref: `/cases/${id}/access-log.csv${csvQuery ? `?${csvQuery}` : ''}`,
      values: query,
      errors: read.ok ? undefined : read.errors,
    });
  });

  app.get('/cases/:id/access-log.csv', hide, async (request, reply) => {
    const id = caseIdOf(request);
    const read = accessLogFilterFrom(request.query as Record<string, unknown>);
    if (!read.ok) return reply.redirect(`/cases/${id}/access-log`, 303);
    const { reference, csv } = await request.inTx((tx) =>
      service.accessLogCsv(tx, request.user!, actorOf(request), id, read.filter),
    );
    return attachment(reply, 'text/csv; charset=utf-8', `access-log-${reference}-${today()}.csv`).send(csv);
  });

  // API ------------------------------------------------------------------------------------------
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases',
    {
      preValidation: requireUser,
      config: { capability: 'work_on_cases' },
      schema: {
        tags: ['cases'],
        summary:
          'Your cases: those you are on the team of, or, for a site coordinator, every case at your sites',
        querystring: apiCaseListQuery,
        response: { 200: apiCaseList },
      },
    },
    async (request) => {
      const q = request.query;
      const list = await request.inTx((tx) =>
        service.listCases(tx, request.user!, actorOf(request), {
          status: q.status,
          siteId: q.site,
          scope: 'site',
          position: { kind: 'page', page: q.page },
        }),
      );
      return {
        items: list.rows.map(toApiSummary),
        total: list.total,
        totalCapped: list.totalCapped,
        page: q.page,
      };
    },
  );
  api.get(
    '/api/v1/cases/:id',
    {
      preValidation: requireUser,
      config: { capability: 'work_on_cases' },
      schema: {
        tags: ['cases'],
        summary: 'One case',
        params: z.object({ id: z.string() }),
        response: { 200: apiCaseDetail },
      },
    },
    async (request) => {
      const id = caseIdOf(request);
      const view = await request.inTx((tx) =>
        service.caseOverview(tx, request.user!, actorOf(request), id, 'api'),
      );
      return toApiDetail(view);
    },
  );
};
