import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth/plugin.js';
import type { SessionUser } from '../auth/sessions.js';
import type { OpenCase } from '../case-context.js';
import type { Actor, Tx } from '../db/request-tx.js';
import { actorOf } from '../http/actor.js';
import { attemptForm, formErrors, formFields, type GovukErrors } from '../http/forms.js';
import { auditFormView } from './records.js';
import { withdrawalApi, withdrawalReason } from './schemas.js';

/** A row of the confirmation page's summary list. */
export type SummaryRow = { key: { text: string }; value: { text: string } };

/**
 * One record kind's withdrawal (issue 11, item 2): a confirmation page with the reason (as HMPPS
 * services confirm destructive acts) and the same through the API. `T` is the record's address
 * (case and record ids) read from the request.
 */
export type WithdrawalSpec<T extends { caseId: string }> = {
  /** the record's page, e.g. "/cases/:id/clinical/:noteId"; the confirmation is at ".../withdraw" */
  recordPath: string;
  /** the record in the API, e.g. "/api/v1/cases/:id/clinical-notes/:noteId"; POST ".../withdrawal" */
  apiPath: string;
  apiParams: z.ZodObject;
  /** OpenAPI tag */
  tag: string;
  /** the record as people name it: "clinical note" */
  what: string;
  /**
   * the record's type in the audit log (its table, e.g. "clinical_note"): the confirmation page
   * shows the record, so opening it is audited as "<recordType>.view" of the record whose id is
   * the last parameter of `recordPath` (or the `recordId` that `confirm` gives)
   */
  recordType: string;
  /** the case tab the pages sit under */
  caseTab: string;
  /** what happens to it, shown as the warning above the reason */
  consequence: string;
  target: (request: FastifyRequest) => T;
  /** the record's summary for the confirmation page, after checking it may be withdrawn */
  confirm: (
    tx: Tx,
    user: SessionUser,
    target: T,
    actor: Actor,
  ) => Promise<{
    h: OpenCase;
    summary: SummaryRow[];
    /** the record's id for the audit, when the path does not end with it */
    recordId?: string;
  }>;
  withdraw: (
    tx: Tx,
    user: SessionUser,
    actor: Actor,
    target: T,
    reason: string,
    channel: 'page' | 'api',
  ) => Promise<void>;
  /** where Cancel goes (usually the record's page) */
  back: (target: T) => string;
  /** where the page goes once withdrawn */
  done: (target: T) => string;
};

const article = (what: string) => (/^[aeiou]/i.test(what) ? 'an' : 'a');

/** Registers the confirmation page (GET and POST) and the API operation for one record kind. */
export function registerWithdrawal<T extends { caseId: string }>(
  app: FastifyInstance,
  spec: WithdrawalSpec<T>,
): void {
  const hide = { schema: { hide: true }, preValidation: requireUser };
  // the record's id for the audit: the path's last parameter, unless the path ends otherwise
  const idParam = /:(\w+)$/.exec(spec.recordPath)?.[1];
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown>; errors?: GovukErrors } = {},
  ) => {
    const target = spec.target(request);
    const view = await request.inTx(async (tx) => {
      const actor = actorOf(request);
      const shown = await spec.confirm(tx, request.user!, target, actor);
      const id = shown.recordId ?? (idParam && String((request.params as Record<string, unknown>)[idParam]));
      // never audit a view under an id that is not the record's
      if (!id) throw new Error(`${spec.recordPath}: confirm must give the record's id`);
      await auditFormView(tx, actor, shown.h, { type: spec.recordType, id }, 'withdraw');
      return shown;
    });
    return reply.page('withdraw.njk', {
      title: `Withdraw ${article(spec.what)} ${spec.what} – case ${view.h.case.reference}`,
      nav: 'cases',
      caseTab: spec.caseTab,
      caseHeader: view.h.header,
      heading: `Withdraw this ${spec.what} as entered in error?`,
      summary: view.summary,
      consequence: spec.consequence,
      button: `Withdraw ${spec.what}`,
      action: new URL(request.url, 'http://x').pathname,
      back: spec.back(target),
      values: extra.values ?? {},
      errors: extra.errors,
    });
  };

  app.get(`${spec.recordPath}/withdraw`, hide, async (request, reply) => page(request, reply));

  app.post(`${spec.recordPath}/withdraw`, hide, async (request, reply) => {
    const target = spec.target(request);
    const values = formFields(request.body);
    const reason = withdrawalReason.safeParse(values.reason);
    if (!reason.success)
      return page(request, reply.code(400), {
        values,
        errors: formErrors([{ field: 'reason', message: reason.error.issues[0]!.message }]),
      });
    const outcome = await attemptForm(
      () =>
        request.inTx((tx) => spec.withdraw(tx, request.user!, actorOf(request), target, reason.data, 'page')),
      { field: 'reason' },
    );
    if (!outcome.ok) return page(request, reply.code(outcome.status), { values, errors: outcome.errors });
    return reply.redirect(spec.done(target), 303);
  });

  app.withTypeProvider<ZodTypeProvider>().post(
    `${spec.apiPath}/withdrawal`,
    {
      preValidation: requireUser,
      // already withdrawn
      config: { problems: [409] },
      schema: {
        tags: [spec.tag],
        summary: `Withdraw ${article(spec.what)} ${spec.what} as entered in error, with the reason`,
        description: `Needs write access to the ${spec.what}’s compartment of the case. ${spec.consequence} Already withdrawn: 409.`,
        params: spec.apiParams,
        body: withdrawalApi,
        response: { 204: z.undefined().describe('Withdrawn') },
      },
    },
    async (request, reply) => {
      const target = spec.target(request);
      await request.inTx((tx) =>
        spec.withdraw(tx, request.user!, actorOf(request), target, request.body.reason, 'api'),
      );
      return reply.code(204).send();
    },
  );
}
