import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { formFailure, type GovukErrors } from '../../platform/http/forms.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditCase, requireRead } from '../../platform/access/case-access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { actorOf } from '../../platform/http/actor.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { Invalid } from '../../platform/errors.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import { caseIdOf, openCase } from '../../platform/case-context.js';
import { ukLocalToDate } from '../incidents/schemas.js';
import type { TimelineSource } from '../../platform/manifest.js';
import { buildTimeline } from './timeline.js';

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** 'YYYY-MM-DD' as the start (or, with `end`, the last moment) of that day in UK time. */
function dayBoundary(value: string | undefined, end: boolean): Date | undefined | 'invalid' {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const start = m ? ukLocalToDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!start) return 'invalid';
  if (!end) return start;
  const next = new Date(start.getTime() + 36 * 3_600_000);
  const nextStart = ukLocalToDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  return new Date(nextStart!.getTime() - 1);
}

type Filter = {
  types: string[];
  from?: Date | undefined;
  to?: Date | undefined;
  fromText: string;
  toText: string;
};

function filterFrom(
  query: Record<string, unknown>,
  channel: 'page' | 'api',
  sources: readonly TimelineSource[],
): Filter {
  const types = list(query.type).filter((t) => sources.some((s) => s.type === t));
  const fromText =
    channel === 'page'
      ? (dateFromParts(query, 'from') ?? '')
      : typeof query.from === 'string'
        ? query.from
        : '';
  const toText =
    channel === 'page' ? (dateFromParts(query, 'to') ?? '') : typeof query.to === 'string' ? query.to : '';
  const from = dayBoundary(fromText, false);
  const to = dayBoundary(toText, true);
  const problems = [
    ...(from === 'invalid' ? [{ field: 'from', message: 'The from date must be a real date' }] : []),
    ...(to === 'invalid' ? [{ field: 'to', message: 'The to date must be a real date' }] : []),
  ];
  if (!problems.length && from && to && from !== 'invalid' && to !== 'invalid' && to < from)
    problems.push({ field: 'to', message: 'The to date must be the same as or after the from date' });
  if (problems.length)
    throw new Invalid('The filter is not valid', problems, { detail: problems[0]!.message, reason: 'shape' });
  return { types, from: from as Date | undefined, to: to as Date | undefined, fromText, toText };
}

async function timelineFor(tx: Tx, user: SessionUser, request: FastifyRequest, caseId: string, f: Filter) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const result = await buildTimeline(
    tx,
    h.access,
    caseId,
    { types: f.types, range: { from: f.from, to: f.to } },
    request.server.modules.timeline,
  );
  await auditCase(tx, actorOf(request), h.access, {
    action: 'timeline.view',
    recordType: 'case',
    recordId: caseId,
    details: {
      count: result.events.length,
      types: f.types.join(',') || null,
      from: f.fromText || null,
      to: f.toText || null,
      channel: request.url.startsWith('/api/') ? 'api' : 'page',
    },
  });
  return { ...h, ...result };
}

const eventApi = z.object({
  type: z.string().describe('the kind of event: incident, status or assessment (breach and meeting to come)'),
  id: z.string().uuid(),
  at: z.string().datetime(),
  title: z.string(),
  by: z.string().nullable(),
  when: z.string().nullable(),
  lines: z.array(z.string()),
});

export const timelineRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/cases/:id/timeline',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const query = request.query as Record<string, unknown>;
      let filter: Filter;
      let errors: GovukErrors | null = null;
      try {
        filter = filterFrom(query, 'page', app.modules.timeline);
      } catch (error) {
        errors = formFailure(error).errors;
        filter = { types: list(query.type), fromText: '', toText: '' };
      }
      const view = await request.inTx((tx) => timelineFor(tx, request.user!, request, caseId, filter));
      const items = view.events.map((e) => ({
        label: { text: e.title },
        ...(e.by ? { byline: { text: e.by } } : {}),
        datetime: { timestamp: e.at.toISOString() },
        event: e,
        whenText: e.when ?? (e.type === 'incident' ? formatDate(e.at) : formatDateTime(e.at)),
      }));
      return reply.code(errors ? 400 : 200).page('timeline/views/timeline.njk', {
        title: `Timeline – case ${view.case.reference}`,
        nav: 'cases',
        caseTab: 'timeline',
        caseHeader: view.header,
        items,
        typeItems: view.available.map((s) => ({
          value: s.type,
          text: s.label,
          checked: filter.types.includes(s.type),
        })),
        values: query,
        filtered: Boolean(filter.types.length || filter.fromText || filter.toText),
        errors,
      });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/cases/:id/timeline',
    {
      preValidation: requireUser,
      schema: {
        tags: ['timeline'],
        summary: 'The case timeline: incidents, status changes and risk assessments, newest first',
        description:
          'Filter with type (repeatable: incident, status, assessment, breach, meeting) and from/to (YYYY-MM-DD, inclusive, UK time). ' +
          'Risk assessments appear only for users who may read the risk compartment.',
        params: z.object({ id: z.string() }),
        querystring: z.object({
          type: z.union([z.string(), z.array(z.string())]).optional(),
          from: z.string().optional(),
          to: z.string().optional(),
        }),
        response: { 200: z.object({ items: z.array(eventApi) }) },
      },
    },
    async (request) => {
      const caseId = caseIdOf(request);
      const filter = filterFrom(request.query as Record<string, unknown>, 'api', app.modules.timeline);
      const view = await request.inTx((tx) => timelineFor(tx, request.user!, request, caseId, filter));
      return {
        items: view.events.map((e) => ({
          type: e.type,
          id: e.id,
          at: e.at.toISOString(),
          title: e.title,
          by: e.by,
          when: e.when,
          lines: e.lines,
        })),
      };
    },
  );
};
