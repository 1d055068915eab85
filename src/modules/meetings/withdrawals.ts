import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { actionsForItems, withdrawItemActions } from '../actions/public.js';
import * as repo from './repository.js';
import { DECISION_LABELS, STATUS_LABELS, type Decision } from './rules.js';

const ITEM = { table: 'meeting_item', compartment: 'core', what: 'meeting item' } as const;

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  meetingId: optionalUuidParam(request, 'meetingId') ?? '',
  id: optionalUuidParam(request, 'itemId') ?? '',
});
type Target = ReturnType<typeof target>;

/** The item on this meeting and this case (row-level security: a case the user may see), else NotFound. */
async function itemOf(tx: Tx, t: Target) {
  const item = await repo.getItem(tx, t.meetingId, t.id);
  if (!item || item.caseId !== t.caseId) throw new NotFound();
  return item;
}

/**
 * Withdrawing a case's item of a multi-agency meeting entered in error (issue 11), from the item's
 * page through the confirmation page with a reason, or the API: by those who write the case's core
 * compartment, even once the minutes are approved (the one change an approved item takes,
 * migration 040). The item stays in the meeting's minutes, marked withdrawn with who, when and
 * why; its minutes and actions can no longer change. The actions agreed on it are withdrawn with
 * it, with the same reason: they leave the case's actions, My actions and the reminders, and
 * their owners are told.
 */
export function registerMeetingItemWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/meetings/:meetingId/items/:itemId',
    apiPath: '/api/v1/cases/:id/meetings/:meetingId/items/:itemId',
    apiParams: z.object({ id: z.string(), meetingId: z.string(), itemId: z.string() }),
    tag: 'meetings',
    what: ITEM.what,
    recordType: ITEM.table,
    caseTab: 'actions',
    consequence:
      'It stays in the meeting’s minutes, marked withdrawn with your reason, and can no longer change. The actions agreed on it are withdrawn with it: they leave the case’s actions, their owners’ actions and the reminders, and their owners are told.',
    target,
    confirm: async (tx, user, t) => {
      const item = await itemOf(tx, t);
      const h = await standingRecord(
        tx,
        user,
        { ...ITEM, caseId: t.caseId, id: t.id },
        'withdraw a meeting item',
      );
      const meeting = await repo.getMeeting(tx, t.meetingId);
      if (!meeting) throw new NotFound();
      const actions = (await actionsForItems(tx, [item.id])).filter((a) => !a.withdrawn);
      return {
        h,
        summary: [
          {
            key: { text: 'Meeting' },
            value: { text: `${formatDate(meeting.startsAt)}, ${meeting.siteName}` },
          },
          { key: { text: 'Minutes' }, value: { text: STATUS_LABELS[meeting.status] } },
          { key: { text: 'On the agenda because' }, value: { text: item.reason } },
          {
            key: { text: 'Decision' },
            value: { text: item.decision ? DECISION_LABELS[item.decision as Decision] : 'None recorded' },
          },
          {
            key: { text: 'Actions withdrawn with it' },
            value: { text: actions.length ? actions.map((a) => a.description).join('; ') : 'None' },
          },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      await itemOf(tx, t);
      const item = { caseId: t.caseId, id: t.id };
      await withdrawRecord(tx, user, actor, { ...ITEM, ...item }, reason, channel);
      await withdrawItemActions(tx, user, actor, item, reason, channel);
    },
    back: (t) => `/meetings/${t.meetingId}/items/${t.id}`,
    done: (t) => `/meetings/${t.meetingId}/items/${t.id}?saved=withdrawn`,
  });
}
