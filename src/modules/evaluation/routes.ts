import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/record.js';
import { toCsv } from '../../platform/csv.js';
import { NotFound } from '../../platform/errors.js';
import { attachment, streamAttachment } from '../../platform/http/attachment.js';
import { actorOf } from '../../platform/http/actor.js';
import { attemptForm, parseForm, renderFormErrors } from '../../platform/http/forms.js';
import { describeRule } from '../../platform/disclosure-control/index.js';
import {
  createExtract,
  DEFAULT_K,
  discloseExtractFile,
  EXTRACT_FILES,
  extractFile,
  extractForm,
  extractRequestSchema,
  listExtracts,
} from './extract.js';
import { filterQuery, GROUPINGS, parseFilters } from './filters.js';
import { methodSections } from './method.js';
import { buildReport } from './service.js';
import { COHORTS, OUTCOMES, START_DATES } from './framework.js';
import { reportPdf } from './pdf.js';
import { ratesForm, saveRates } from './rates.js';

const gate = (capability: 'evaluate' | 'extract_research_data' | 'set_evaluation_rates') => ({
  schema: { hide: true },
  preValidation: requireUser,
  config: { capability },
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;
const today = () => new Date().toISOString().slice(0, 10);

/** The evaluation: report, method, CSV and PDF exports, research extracts. No identity anywhere. */
export const evaluationRoutes: FastifyPluginAsync = async (app) => {
  app.get('/evaluation', gate('evaluate'), async (request, reply) => {
    const filters = parseFilters(query(request));
    const report = await request.inTx((tx) => buildReport(tx, actorOf(request), filters));
    return reply.page('evaluation/views/report.njk', {
      title: 'Evaluation',
      nav: 'evaluation',
      report,
      query: filterQuery(report.filters),
      cohorts: COHORTS,
      starts: START_DATES,
      outcomes: OUTCOMES,
      groupings: GROUPINGS,
      rule: describeRule(),
      mayExtract: can(request.user, 'extract_research_data'),
    });
  });

  app.get('/evaluation/method', gate('evaluate'), async (request, reply) => {
    await request.inTx((tx) =>
      recordAudit(tx, actorOf(request), { action: 'evaluation.method.view', reason: 'evaluation method' }),
    );
    return reply.page('evaluation/views/method.njk', {
      title: 'How the evaluation is worked out',
      nav: 'evaluation',
      sections: methodSections(),
      backLink: '/evaluation',
    });
  });

  app.get('/evaluation/tables/:file', gate('evaluate'), async (request, reply) => {
    const file = String((request.params as { file?: string }).file ?? '');
    const key = file.endsWith('.csv') ? file.slice(0, -4) : '';
    const filters = parseFilters(query(request));
    const table = await request.inTx(async (tx) => {
      const report = await buildReport(tx, actorOf(request), filters, { audit: false });
      const found = report.tables.find((t) => t.key === key);
      if (!found) throw new NotFound();
      await recordAudit(tx, actorOf(request), {
        action: 'evaluation.table.disclosed',
        reason: 'evaluation table downloaded as CSV',
        details: { table: key, sites: report.chosenSites.length, cohort: filters.cohort },
      });
      return { found, dataDate: report.dataDate };
    });
    // the table only (its notes are on the page and in the PDF): the reproduction script prints exactly this
    return attachment(reply, 'text/csv; charset=utf-8', `evaluation-${key}-${table.dataDate}.csv`).send(
      toCsv(table.found.header, table.found.rows),
    );
  });

  app.get('/evaluation/report.pdf', gate('evaluate'), async (request, reply) => {
    const filters = parseFilters(query(request));
    const report = await request.inTx(async (tx) => {
      const built = await buildReport(tx, actorOf(request), filters, { audit: false });
      await recordAudit(tx, actorOf(request), {
        action: 'evaluation.report.disclosed',
        reason: 'evaluation report downloaded as PDF',
        details: { sites: built.chosenSites.length, cohort: filters.cohort },
      });
      return built;
    });
    const pdf = await reportPdf(report, describeRule(), request.user!.displayName);
    return attachment(reply, 'application/pdf', `evaluation-${today()}.pdf`).send(pdf);
  });

  const extractsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const extracts = await request.inTx(listExtracts);
    return reply.page('evaluation/views/extracts.njk', {
      title: 'Research extracts',
      nav: 'evaluation',
      backLink: '/evaluation',
      extracts,
      files: EXTRACT_FILES,
      demoKey: request.server.deps.config.pseudonymKeyIsDemo,
      cohorts: COHORTS,
      starts: START_DATES,
      values: { k: String(DEFAULT_K), ...query(request) },
      ...extra,
    });
  };

  app.get('/evaluation/extracts', gate('extract_research_data'), (request, reply) =>
    extractsPage(request, reply),
  );

  app.post('/evaluation/extracts', gate('extract_research_data'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { input, filters } = extractForm(body);
    const parsed = parseForm(extractRequestSchema, input);
    if (!parsed.ok)
      return extractsPage(request, reply.code(parsed.status), { values: body, errors: parsed.errors });
    const id = await request.inTx((tx) =>
      createExtract(
        tx,
        actorOf(request),
        request.user!.id,
        parsed.data,
        filters,
        request.server.deps.config.pseudonymKey,
      ),
    );
    return reply.redirect(`/evaluation/extracts?made=${id}`, 303);
  });

  app.get('/evaluation/extracts/:extractId/:file', gate('extract_research_data'), async (request, reply) => {
    const { extractId, file } = request.params as { extractId?: string; file?: string };
    if (!extractId || !UUID.test(extractId) || !file) throw new NotFound();
    const name = file.replace(/\.(csv|md)$/, '');
    // the disclosure is audited and committed first; the file is then read in a transaction of its own
    const disclosed = await request.inTx((tx) => discloseExtractFile(tx, actorOf(request), extractId, name));
    return streamAttachment(request, reply, async (tx) => {
      const out = await extractFile(tx, disclosed, request.server.deps.config.pseudonymKey);
      return { type: out.type, fileName: out.filename, pieces: out.pieces };
    });
  });

  app.get('/evaluation/rates', gate('set_evaluation_rates'), async (request, reply) => {
    const rates = await request.inTx(ratesForm);
    return reply.page('evaluation/views/rates.njk', {
      title: 'Staff cost rates',
      nav: 'evaluation-rates',
      rates,
      saved: query(request).saved === '1',
    });
  });

  app.post('/evaluation/rates', gate('set_evaluation_rates'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const outcome = await attemptForm(() => request.inTx((tx) => saveRates(tx, actorOf(request), body)), {
      field: 'rates',
    });
    if (outcome.ok && outcome.value.ok) return reply.redirect('/evaluation/rates?saved=1', 303);
    const rates = await request.inTx(ratesForm);
    const fieldErrors = outcome.ok ? (outcome.value.ok ? [] : outcome.value.errors) : outcome.fieldErrors;
    return renderFormErrors(
      reply,
      'evaluation/views/rates.njk',
      { title: 'Staff cost rates', nav: 'evaluation-rates', rates, values: body },
      fieldErrors,
      outcome.ok ? 400 : outcome.status,
    );
  });

  const cell = z.string();
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/evaluation',
    {
      preValidation: requireUser,
      config: { capability: 'evaluate' },
      schema: {
        tags: ['evaluation'],
        summary:
          'The evaluation report’s tables for the filters; every count rounded and small counts withheld',
        querystring: z.object({
          sites: z.union([z.string(), z.array(z.string())]).optional(),
          from: z.string().optional(),
          to: z.string().optional(),
          cohort: z.string().optional(),
          start: z.string().optional(),
          outcome: z.string().optional(),
          groupBy: z.string().optional(),
          comparison: z.string().optional(),
        }),
        response: {
          200: z.object({
            dataDate: z.string(),
            cases: cell,
            tables: z.array(
              z.object({
                key: z.string(),
                title: z.string(),
                header: z.array(z.string()),
                rows: z.array(z.array(cell)),
                notes: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const filters = parseFilters(request.query as Record<string, unknown>);
      const report = await request.inTx((tx) => buildReport(tx, actorOf(request), filters));
      return {
        dataDate: report.dataDate,
        cases: report.casesShown,
        tables: report.tables.map((t) => ({
          key: t.key,
          title: t.title,
          header: t.header,
          rows: t.rows,
          notes: t.notes ?? [],
        })),
      };
    },
  );
};
