import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditCase, requireRead } from '../access/case-access.js';
import { requireUser } from '../auth/plugin.js';
import type { SessionUser } from '../auth/sessions.js';
import { caseIdOf, openCase, uuidParam } from '../case-context.js';
import type { Actor, Tx } from '../db/request-tx.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { actorOf } from '../http/actor.js';
import { attemptForm, formFields, type GovukErrors } from '../http/forms.js';
import { amendmentsOf, amendRecord, type AmendableKind } from './amend.js';
import { auditFormView, historyOf, standingRecord, withdrawRecord, type Withdrawal } from './records.js';
import { parseCorrectionForm } from './form.js';
import { amendmentHistoryApi, amendmentHistoryOf, correctionReasonFor, recordVersion } from './schemas.js';
import { registerWithdrawal, type SummaryRow } from './withdrawal-routes.js';

/**
 * One record of a case that can be corrected and withdrawn (issue 11), for kinds shown as a list of
 * dated entries (clinical notes, police intelligence): the record's own page (as it stands, its
 * history, and the withdrawn banner when it was entered in error), the correction form, the
 * withdrawal's confirmation page, and the same through the API, all from one spec. The module
 * supplies its two templates (which include the shared partials) and how its rows read and save.
 */

/** The record as the spec's `load` returns it: at least its version and its withdrawal. */
export type CorrectableRow = { version: number; withdrawn: Withdrawal | null };

export type CorrectableRecordSpec<D extends Record<string, unknown>, R extends CorrectableRow, Api> = {
  kind: AmendableKind<D>;
  /** the list's slug under the case: "clinical" (pages /cases/:id/clinical/:recordId) */
  slug: string;
  /** where the record is listed, if not at the slug: "sessions" (the back link) */
  listSlug?: string;
  /** the route parameter naming the record: "noteId" */
  param: string;
  /** the case tab and OpenAPI tag */
  tag: string;
  templates: { record: string; amend: string };
  /** the amendable fields as posted (form) or sent (API); `kind.labels` names the same keys */
  details: z.ZodObject;
  /** the record on this case as row-level security shows it, withdrawn or not; null when not there */
  load(tx: Tx, caseId: string, id: string): Promise<R | null>;
  detailsOf(row: R): D;
  /** writes the details as version `version + 1` if the record is still at `version` and standing */
  save(tx: Tx, id: string, version: number, details: D): Promise<boolean>;
  /** a history value as people read it */
  shown(field: string, value: unknown): string;
  /** the record through the API (`apiItem`), with its version and withdrawal */
  apiItem: z.ZodType<Api>;
  toApi(row: R): Api;
  /** a refusal beyond write access (e.g. only the author corrects a clinical note), or null */
  mayAmend?(user: SessionUser, row: R): string | null;
  /**
   * why a record that stands takes no change, being part of a record withdrawn as entered in error
   * (a session's note, of a withdrawn session): the refusal's title, or null. It stays readable.
   */
  frozen?(row: R): string | null;
  /** the confirmation page's summary of the record */
  summary(row: R): SummaryRow[];
  /** what withdrawing does, above the reason */
  consequence: string;
};

/**
 * The rule for a clinician's note (clinical notes, session notes): only its author corrects it, as
 * clinical record-keeping expects (a note is the clinician's own account; a colleague who disagrees
 * or knows more writes a note of their own). Anyone who writes the compartment may still withdraw it
 * as entered in error (a note on the wrong case must come off even when its author is away).
 * Returns why not, or null; `what` as "note".
 */
export function authorOnly(
  user: Pick<SessionUser, 'id'>,
  row: { authorId: string; author: string },
  what: string,
): string | null {
  return user.id === row.authorId
    ? null
    : `Only ${row.author}, who wrote it, can correct this ${what}. Add a ${what} of your own, or withdraw it if it was entered in error.`;
}

const hide = { schema: { hide: true }, preValidation: requireUser };
const article = (what: string) => (/^[aeiou]/i.test(what) ? 'an' : 'a');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Registers the record's page, its correction form, its withdrawal and its API operations. */
export function registerCorrectableRecord<D extends Record<string, unknown>, R extends CorrectableRow, Api>(
  app: FastifyInstance,
  spec: CorrectableRecordSpec<D, R, Api>,
): void {
  const { kind } = spec;
  const recordType = kind.recordType ?? kind.table;
  const recordPath = `/cases/:id/${spec.slug}/:${spec.param}`;
  const apiPath = `/api/v1/cases/:id/${spec.slug}/:${spec.param}`;
  const target = (request: FastifyRequest) => ({
    caseId: caseIdOf(request),
    id: uuidParam(request, spec.param),
  });
  const pageOf = (caseId: string, id: string) => `/cases/${caseId}/${spec.slug}/${id}`;
  const reason = correctionReasonFor(kind.what);
  /** refuses a change to a record `frozen` by its withdrawn parent */
  const notFrozen = (row: R) => {
    const frozen = spec.frozen?.(row);
    if (frozen) throw new Conflict(frozen, `It stays readable, but this ${kind.what} cannot be changed.`);
  };

  /** The record as it stands, read (compartment read) and audited as a view. */
  async function open(
    tx: Tx,
    user: SessionUser,
    actor: Actor,
    t: { caseId: string; id: string },
    channel: string,
  ) {
    const h = await openCase(tx, user, t.caseId);
    requireRead(h.access, kind.compartment);
    const row = await spec.load(tx, t.caseId, t.id);
    if (!row) throw new NotFound();
    const amendments = await amendmentsOf(tx, kind.amendments, t.caseId, t.id);
    await auditCase(tx, actor, h.access, {
      action: `${recordType}.view`,
      recordType,
      recordId: t.id,
      details: { channel },
    });
    return { h, row, amendments };
  }

  /** The record standing, for the correction form: write access, not withdrawn, `mayAmend`. */
  async function amendable(tx: Tx, user: SessionUser, t: { caseId: string; id: string }) {
    const h = await standingRecord(tx, user, { ...kind, ...t }, `correct ${article(kind.what)} ${kind.what}`);
    const row = await spec.load(tx, t.caseId, t.id);
    if (!row) throw new NotFound();
    notFrozen(row);
    const refusal = spec.mayAmend?.(user, row);
    if (refusal) throw new Forbidden(`You cannot correct this ${kind.what}`, refusal);
    return { h, row };
  }

  function amend(
    tx: Tx,
    user: SessionUser,
    actor: Actor,
    t: { caseId: string; id: string },
    input: { details: D; reason: string; version: number },
    channel: 'page' | 'api',
  ) {
    return amendRecord(
      tx,
      user,
      actor,
      kind,
      t,
      input,
      {
        load: async () => {
          const row = await spec.load(tx, t.caseId, t.id);
          if (!row) return null;
          notFrozen(row);
          const refusal = spec.mayAmend?.(user, row);
          if (refusal) throw new Forbidden(`You cannot correct this ${kind.what}`, refusal);
          return { version: row.version, details: spec.detailsOf(row) };
        },
        save: (details, version) => spec.save(tx, t.id, version, details),
      },
      channel,
    );
  }

  app.get(recordPath, hide, async (request, reply) => {
    const t = target(request);
    const user = request.user!;
    const view = await request.inTx((tx) => open(tx, user, actorOf(request), t, 'page'));
    const writes =
      view.h.access.levels[kind.compartment] === 'write' && !view.row.withdrawn && !spec.frozen?.(view.row);
    const query = request.query as Record<string, unknown>;
    return reply.page(spec.templates.record, {
      title: `${capital(kind.what)} – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: spec.tag,
      caseHeader: view.h.header,
      record: view.row,
      what: kind.what,
      withdrawn: view.row.withdrawn,
      canAmend: writes && !spec.mayAmend?.(user, view.row),
      canWithdraw: writes,
      amended: query.amended === '1',
      recordPath: pageOf(t.caseId, t.id),
      listPath: `/cases/${t.caseId}/${spec.listSlug ?? spec.slug}`,
      history: historyOf(view.amendments, kind.labels, spec.shown),
    });
  });

  const amendPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: GovukErrors; version?: number } = {},
  ) => {
    const t = target(request);
    const view = await request.inTx(async (tx) => {
      const found = await amendable(tx, request.user!, t);
      await auditFormView(tx, actorOf(request), found.h, { type: recordType, id: t.id }, 'amend');
      return found;
    });
    return reply.page(spec.templates.amend, {
      title: `Correct ${article(kind.what)} ${kind.what} – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: spec.tag,
      caseHeader: view.h.header,
      record: view.row,
      version: extra.version ?? view.row.version,
      values: extra.values ?? spec.detailsOf(view.row),
      errors: extra.errors,
      action: `${pageOf(t.caseId, t.id)}/amend`,
      back: pageOf(t.caseId, t.id),
    });
  };

  app.get(`${recordPath}/amend`, hide, async (request, reply) => amendPage(request, reply));

  app.post(`${recordPath}/amend`, { ...hide, bodyLimit: 128 * 1024 }, async (request, reply) => {
    const t = target(request);
    const values = formFields(request.body);
    const posted = Object.fromEntries(Object.keys(kind.labels).map((k) => [k, values[k]]));
    const parsed = parseCorrectionForm(values, { details: spec.details, posted, reason });
    if (!parsed.ok)
      return amendPage(request, reply.code(400), {
        values,
        errors: parsed.errors,
        ...(parsed.version ? { version: parsed.version } : {}),
      });
    const outcome = await attemptForm(
      () =>
        request.inTx((tx) =>
          amend(
            tx,
            request.user!,
            actorOf(request),
            t,
            { ...parsed.input, details: parsed.input.details as D },
            'page',
          ),
        ),
      { field: kind.field },
    );
    if (!outcome.ok)
      return amendPage(request, reply.code(outcome.status), {
        values,
        errors: outcome.errors,
        version: parsed.input.version,
      });
    return reply.redirect(`${pageOf(t.caseId, t.id)}?amended=1`, 303);
  });

  const apiParams = z.object({ id: z.string(), [spec.param]: z.string() });

  registerWithdrawal(app, {
    recordPath,
    apiPath,
    apiParams,
    tag: spec.tag,
    what: kind.what,
    recordType,
    caseTab: spec.tag,
    consequence: spec.consequence,
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(
        tx,
        user,
        { ...kind, ...t },
        `withdraw ${article(kind.what)} ${kind.what}`,
      );
      const row = await spec.load(tx, t.caseId, t.id);
      if (!row) throw new NotFound();
      notFrozen(row);
      return { h, summary: spec.summary(row) };
    },
    withdraw: async (tx, user, actor, t, why, channel) => {
      await standingRecord(tx, user, { ...kind, ...t }, `withdraw ${article(kind.what)} ${kind.what}`);
      const row = await spec.load(tx, t.caseId, t.id);
      if (!row) throw new NotFound();
      notFrozen(row);
      await withdrawRecord(tx, user, actor, { ...kind, ...t }, why, channel);
    },
    back: (t) => pageOf(t.caseId, t.id),
    done: (t) => pageOf(t.caseId, t.id),
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const what = kind.what;

  api.get(
    apiPath,
    {
      preValidation: requireUser,
      schema: {
        tags: [spec.tag],
        summary: `${capital(article(what))} ${what}, withdrawn or not, with its version`,
        params: apiParams,
        response: { 200: spec.apiItem as z.ZodType<unknown> },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        open(tx, request.user!, actorOf(request), target(request), 'api'),
      );
      return spec.toApi(view.row);
    },
  );

  api.get(
    `${apiPath}/amendments`,
    {
      preValidation: requireUser,
      schema: {
        tags: [spec.tag],
        summary: `The corrections made to ${article(what)} ${what}, newest first, with its current version`,
        params: apiParams,
        response: { 200: amendmentHistoryApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) =>
        open(tx, request.user!, actorOf(request), target(request), 'api'),
      );
      return amendmentHistoryOf(view.row.version, view.amendments);
    },
  );

  api.post(
    `${apiPath}/amendments`,
    {
      preValidation: requireUser,
      schema: {
        tags: [spec.tag],
        summary: `Correct ${article(what)} ${what}: its details as they should now be, with the reason`,
        description: `Needs write access to the ${what}’s compartment of the case. \`version\` is the ${what}’s version read; a correction since is refused with 409, as is a withdrawn ${what}. Nothing changed is refused with 422.`,
        params: apiParams,
        body: spec.details.extend({ reason, version: recordVersion }),
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const t = target(request);
      const {
        reason: why,
        version,
        ...rest
      } = request.body as Record<string, unknown> & {
        reason: string;
        version: number;
      };
      const done = await request.inTx((tx) =>
        amend(tx, request.user!, actorOf(request), t, { details: rest as D, reason: why, version }, 'api'),
      );
      return reply.code(201).send({ id: done.id });
    },
  );
}
