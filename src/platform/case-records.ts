import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditCase, requireRead, requireWrite, type CaseAccess } from './access/case-access.js';
import type { Compartment } from './access/policy.js';
import { requireUser } from './auth/plugin.js';
import type { SessionUser } from './auth/sessions.js';
import type { Tx } from './db/request-tx.js';
import { actorOf } from './http/actor.js';
import { Forbidden, Invalid, type FieldError } from './errors.js';
import { attemptForm, fieldErrorsFrom, formFields } from './http/forms.js';
import { caseIdOf, openCase, type OpenCase } from './case-context.js';

/**
 * One shape for every compartment's dated records on a case (clinical notes, police intelligence,
 * risk plans, the victim's voice): a page listing them with a form to add one, and the same under
 * /api/v1/cases/:id/<slug>. Access is checked against the compartment first (clear answers), and
 * row-level security on the table is the backstop. Every view and addition is audited.
 */
export type CaseRecordsDefinition<Input extends Record<string, unknown>, Row, Api> = {
  slug: string;
  compartment: Compartment;
  recordType: string;
  title: string;
  template: string;
  /** what the user is refused, in words: "add a clinical note" */
  writeVerb: string;
  input: z.ZodType<Input>;
  apiItem: z.ZodType<Api>;
  /** turns posted form fields into the input shape (checkboxes, dates...) */
  fromForm?: (fields: Record<string, unknown>) => unknown;
  list(tx: Tx, caseId: string, access: CaseAccess): Promise<Row[]>;
  /** validates against the case (e.g. the victim belongs to it); returns field errors */
  check?(tx: Tx, caseId: string, input: Input): Promise<FieldError[]>;
  /** `opened`: the case as this request opened it (its row, access and header), not to be loaded again */
  insert(tx: Tx, caseId: string, user: SessionUser, input: Input, opened: OpenCase): Promise<string>;
  toApi(row: Row): Api;
  /**
   * A capability beyond the compartment's write access (e.g. only the agencies that learn of a
   * charge record it): without it the form is not offered and an addition is refused (403).
   */
  mayWrite?(user: SessionUser): boolean;
  /** more for the page, e.g. the victims to choose from */
  pageExtras?(tx: Tx, caseId: string, opened: OpenCase): Promise<Record<string, unknown>>;
};

const idParam = z.object({ id: z.string() });

export function registerCaseRecords<Input extends Record<string, unknown>, Row, Api>(
  app: FastifyInstance,
  def: CaseRecordsDefinition<Input, Row, Api>,
): void {
  const path = `/cases/:id/${def.slug}`;

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const caseId = caseIdOf(request);
    const view = await request.inTx(async (tx) => {
      const h = await openCase(tx, request.user!, caseId);
      requireRead(h.access, def.compartment);
      const records = await def.list(tx, caseId, h.access);
      const more = def.pageExtras ? await def.pageExtras(tx, caseId, h) : {};
      await auditCase(tx, actorOf(request), h.access, {
        action: `${def.recordType}.list`,
        recordType: def.recordType,
        details: { count: records.length },
      });
      return { h, records, more };
    });
    return reply.page(def.template, {
      title: `${def.title} – case ${view.h.case.reference}`,
      heading: def.title,
      nav: 'cases',
      caseTab: def.slug,
      caseHeader: view.h.header,
      records: view.records,
      canWrite: view.h.access.levels[def.compartment] === 'write' && (def.mayWrite?.(request.user!) ?? true),
      values: {},
      ...view.more,
      ...extra,
    });
  };

  const add = async (request: FastifyRequest, caseId: string, body: unknown) => {
    const parsed = def.input.safeParse(body);
    if (!parsed.success)
      throw new Invalid('The record is not valid', fieldErrorsFrom(parsed.error), {
        detail: 'Correct the fields listed.',
        reason: 'shape',
      });
    return request.inTx(async (tx) => {
      const h = await openCase(tx, request.user!, caseId);
      requireWrite(h.access, def.compartment, def.writeVerb);
      if (def.mayWrite && !def.mayWrite(request.user!))
        throw new Forbidden(`You do not have permission to ${def.writeVerb}`);
      const problems = def.check ? await def.check(tx, caseId, parsed.data) : [];
      if (problems.length) throw new Invalid('The record is not valid', problems);
      const id = await def.insert(tx, caseId, request.user!, parsed.data, h);
      await auditCase(tx, actorOf(request), h.access, {
        action: `${def.recordType}.created`,
        recordType: def.recordType,
        recordId: id,
      });
      return id;
    });
  };

  app.get(path, { schema: { hide: true }, preValidation: requireUser }, async (request, reply) =>
    page(request, reply),
  );

  app.post(path, { schema: { hide: true }, preValidation: requireUser }, async (request, reply) => {
    const caseId = caseIdOf(request);
    const fields = formFields(request.body);
    const outcome = await attemptForm(() =>
      add(request, caseId, def.fromForm ? def.fromForm(fields) : fields),
    );
    if (!outcome.ok)
      return page(request, reply.code(outcome.status), { values: fields, errors: outcome.errors });
    return reply.redirect(`/cases/${caseId}/${def.slug}?added=1`, 303);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    `/api/v1${path}`,
    {
      preValidation: requireUser,
      schema: {
        tags: [def.slug],
        summary: `${def.title} on a case`,
        params: idParam,
        response: { 200: z.object({ items: z.array(def.apiItem) }) },
      },
    },
    async (request) => {
      const caseId = caseIdOf(request);
      const items = await request.inTx(async (tx) => {
        const h = await openCase(tx, request.user!, caseId);
        requireRead(h.access, def.compartment);
        const rows = await def.list(tx, caseId, h.access);
        await auditCase(tx, actorOf(request), h.access, {
          action: `${def.recordType}.list`,
          recordType: def.recordType,
          details: { count: rows.length, channel: 'api' },
        });
        return rows.map(def.toApi);
      });
      return { items };
    },
  );
  api.post(
    `/api/v1${path}`,
    {
      preValidation: requireUser,
      schema: {
        tags: [def.slug],
        summary: `Add to ${def.title.toLowerCase()}`,
        params: idParam,
        body: def.input,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await add(request, caseIdOf(request), request.body);
      return reply.code(201).send({ id });
    },
  );
}
