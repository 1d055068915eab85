import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { recordAudit } from '../../platform/audit/record.js';
import { actorOf } from '../../platform/http/actor.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import * as repo from './repository.js';
import { templateApi } from './schemas.js';
import { checkClinicalTemplate } from './templates.js';

/**
 * Formulation templates and outcome measures as an organisation loads them (as risk instruments
 * are loaded): an administrator posts a JSON definition; a new version of a code supersedes the
 * last; a published version never changes (the database refuses it).
 */
export const templateRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/clinical-templates',
    {
      preValidation: requireUser,
      config: { capability: 'work_on_cases' },
      schema: {
        tags: ['intervention'],
        summary: 'Formulation templates and outcome measures, every version',
        response: { 200: z.object({ templates: z.array(templateApi) }) },
      },
    },
    async (request) => {
      const rows = await request.inTx((tx) => repo.allTemplates(tx));
      return {
        templates: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          code: r.code,
          version: r.version,
          name: r.name,
          template: r.is_template,
          current: r.superseded_at === null,
        })),
      };
    },
  );
  api.post(
    '/api/v1/clinical-templates',
    {
      preValidation: requireUser,
      config: { capability: 'administer' },
      schema: {
        tags: ['intervention'],
        summary: 'Load a formulation template or an outcome measure (JSON, as instruments/templates/*.json)',
        description:
          'kind is "formulation" or "outcome_measure". A new code starts at version 1; a new version must be the next number and supersedes the current one.',
        body: z.record(z.string(), z.unknown()),
        response: { 201: templateApi },
      },
    },
    async (request, reply) => {
      const json = request.body;
      const checked = checkClinicalTemplate(json);
      if (!checked.ok)
        throw new Invalid(
          'The template is not valid',
          checked.problems.map((p) => ({ field: p.split(':')[0] ?? 'body', message: p })),
          { reason: 'shape' },
        );
      const row = await request.inTx(async (tx) => {
        const latest = await repo.latestTemplateVersion(tx, checked.kind, checked.code);
        if (checked.version !== latest + 1)
          throw new Conflict(
            'Wrong version',
            latest
              ? `The current version of ${checked.code} is ${latest}: the new one must be ${latest + 1}.`
              : `A new template starts at version 1.`,
            [{ field: 'version', message: `The version must be ${latest + 1}` }],
          );
        if (latest)
          await tx
            .updateTable('clinical_template')
            .set({ superseded_at: new Date() })
            .where('kind', '=', checked.kind)
            .where('code', '=', checked.code)
            .where('superseded_at', 'is', null)
            .execute();
        const inserted = await tx
          .insertInto('clinical_template')
          .values({
            kind: checked.kind,
            code: checked.code,
            version: checked.version,
            name: checked.name,
            definition: JSON.stringify(json),
            is_template: checked.template,
            published_by: request.user!.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(tx, actorOf(request), {
          action: 'clinical_template.published',
          reason: 'administrator',
          recordType: 'clinical_template',
          recordId: inserted.id,
          details: { kind: checked.kind, code: checked.code, version: checked.version },
        });
        return inserted;
      });
      return reply.code(201).send({
        id: row.id,
        kind: checked.kind,
        code: checked.code,
        version: checked.version,
        name: checked.name,
        template: checked.template,
        current: true,
      });
    },
  );
};
