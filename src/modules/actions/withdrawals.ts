import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { ACTION_WITHDRAWN, notify } from '../notifications/public.js';
import * as repo from './repository.js';
import { ACTION_STATUS_LABELS } from './rules.js';

const ACTION = { table: 'case_action', compartment: 'core', what: 'action' } as const;

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'actionId') ?? '',
});

/**
 * Withdraws the standing actions agreed on a meeting item withdrawn as entered in error, with the
 * item's reason (each audited as its own withdrawal): what an item entered in error agreed was
 * agreed in error too. The caller has withdrawn the item (core write on its case). Returns how many.
 */
export async function withdrawItemActions(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  item: { caseId: string; id: string },
  reason: string,
  channel: 'page' | 'api',
): Promise<number> {
  const standing = (await repo.listForItems(tx, [item.id])).filter((a) => !a.withdrawn);
  for (const a of standing) await withdrawAction(tx, user, actor, a, reason, channel);
  return standing.length;
}

/**
 * Withdraws one action standing and tells its owner, a person other than the one withdrawing it,
 * in the app (and by e-mail if they chose to), as they were told when it was given to them: the
 * case's reference and the due date, never the reason (it may name people). No reminder is sent of
 * it again (the reminders job reads actions standing only).
 */
async function withdrawAction(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  a: repo.ActionRow,
  reason: string,
  channel: 'page' | 'api',
): Promise<void> {
  await withdrawRecord(tx, user, actor, { ...ACTION, caseId: a.caseId, id: a.id }, reason, channel);
  if (a.ownerUserId && a.ownerUserId !== user.id)
    await notify(tx, [
      {
        userId: a.ownerUserId,
        caseId: a.caseId,
        kind: ACTION_WITHDRAWN,
        message: `Your action on case ${a.reference}, due ${formatDate(a.dueOn)}, was withdrawn as entered in error.`,
        link: `/cases/${a.caseId}/actions`,
      },
    ]);
}

/**
 * Withdrawing an action entered in error (issue 11), from the case's Actions tab through the
 * confirmation page with a reason, or the API: it leaves the case's actions, its owner's My
 * actions, the overdue actions and the reminders (none is sent of it again), its owner is told
 * (`withdrawAction`), and it stays listed on
 * the case's Actions tab, and in its meeting's minutes, as withdrawn.
 */
export function registerActionWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/actions/:actionId',
    apiPath: '/api/v1/cases/:id/actions/:actionId',
    apiParams: z.object({ id: z.string(), actionId: z.string() }),
    tag: 'actions',
    what: ACTION.what,
    recordType: ACTION.table,
    caseTab: 'actions',
    consequence:
      'It will no longer be an action on the case: it leaves the case’s actions, its owner’s actions, the overdue actions and the reminders, and its owner is told it was withdrawn. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...ACTION, ...t }, 'withdraw an action');
      const a = await repo.getAction(tx, t.caseId, t.id);
      if (!a) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'Action' }, value: { text: a.description } },
          { key: { text: 'Owner' }, value: { text: a.owner } },
          { key: { text: 'Due' }, value: { text: formatDate(a.dueOn) } },
          { key: { text: 'Status' }, value: { text: ACTION_STATUS_LABELS[a.status] } },
          { key: { text: 'Added by' }, value: { text: a.createdBy } },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      // the refusals first (no access, not on this case, withdrawn already)
      await standingRecord(tx, user, { ...ACTION, ...t }, 'withdraw an action');
      const a = await repo.getAction(tx, t.caseId, t.id);
      if (!a) throw new NotFound();
      await withdrawAction(tx, user, actor, a, reason, channel);
    },
    back: (t) => `/cases/${t.caseId}/actions`,
    done: (t) => `/cases/${t.caseId}/actions?saved=withdrawn`,
  });
}
