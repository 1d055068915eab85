import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { Invalid } from '../../platform/errors.js';
import { fieldErrorsFrom, parseForm, renderFormErrors } from '../../platform/http/forms.js';
import { personResult, searchQuery } from './schemas.js';
import { search } from './service.js';

export const peopleRoutes: FastifyPluginAsync = async (app) => {
  // case work: programme-wide roles (figures, administration) have none of it
  app.get(
    '/people',
    { schema: { hide: true }, preValidation: requireUser, config: { capability: 'work_on_cases' } },
    async (request, reply) => {
      const raw = (request.query as { q?: string }).q;
      if (raw === undefined)
        return reply.page('people/views/search.njk', { title: 'Find a person', nav: 'people', values: {} });
      const parsed = parseForm(searchQuery, { q: raw });
      if (!parsed.ok) {
        const context = { title: 'Find a person', nav: 'people', values: { q: raw } };
        return renderFormErrors(reply, 'people/views/search.njk', context, parsed);
      }
      const results = await request.inTx(async (tx) => {
        const rows = await search(tx, parsed.data.q);
        await recordAudit(tx, actorOf(request), {
          action: 'person.search',
          reason: 'person search',
          details: { results: rows.length },
        });
        return rows;
      });
      return reply.page('people/views/search.njk', {
        title: 'Find a person',
        nav: 'people',
        values: parsed.data,
        results,
        searched: true,
      });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/people',
    {
      preValidation: requireUser,
      config: { capability: 'work_on_cases' },
      schema: {
        tags: ['people'],
        summary: 'Find people on cases you may see',
        querystring: z.object({ q: z.string() }).strict(),
        response: { 200: z.object({ items: z.array(personResult) }) },
      },
    },
    async (request) => {
      const parsed = searchQuery.safeParse(request.query);
      if (!parsed.success)
        throw new Invalid('The search is not valid', fieldErrorsFrom(parsed.error), { reason: 'shape' });
      const rows = await request.inTx(async (tx) => {
        const r = await search(tx, parsed.data.q);
        await recordAudit(tx, actorOf(request), {
          action: 'person.search',
          reason: 'person search',
          details: { results: r.length, channel: 'api' },
        });
        return r;
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          givenName: r.given_name,
          familyName: r.family_name,
          dateOfBirth: r.date_of_birth,
          caseReferences: r.case_references ?? [],
          role: r.is_subject ? ('person referred' as const) : ('victim' as const),
        })),
      };
    },
  );
};
