import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../platform/access/policy.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import { labels } from '../../platform/views/labels.js';
import { updateInvestigationStatus } from '../cases/public.js';
import { listInvestigationEvents } from './repository.js';
import type { InvestigationStatus } from './rules.js';

const CHANGE = {
  table: 'investigation_status_event',
  compartment: 'core',
  what: 'change in the police investigation',
} as const;

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'recordId') ?? '',
});

/**
 * The change to withdraw, once the checks pass: core write and the capability to record the
 * investigation's course (Forbidden), the change on this case and standing (NotFound, Conflict),
 * and the latest standing change (Conflict: the earlier ones are what the later ones were recorded
 * on, so they are withdrawn latest first). Returns the case as opened and the change.
 */
async function latestChange(tx: Tx, user: SessionUser, t: { caseId: string; id: string }) {
  const h = await standingRecord(
    tx,
    user,
    { ...CHANGE, ...t },
    'withdraw a change in the police investigation',
  );
  if (!can(user, 'record_investigation_status')) {
    throw new Forbidden(
      'You cannot withdraw a change in the police investigation',
      'Police, probation and the coordinator record the investigation’s course.',
    );
  }
  // the latest standing change: the list is newest first and leaves withdrawn changes out
  const [latest] = await listInvestigationEvents(tx, t.caseId);
  if (!latest) throw new NotFound();
  if (latest.id !== t.id) {
    throw new Conflict(
      'Only the latest change can be withdrawn',
      `The latest change, to “${labels.investigation[latest.to_status as InvestigationStatus]}”, was recorded after this one. Withdraw the later changes first, latest first.`,
    );
  }
  return {
    h,
    change: {
      ...latest,
      from_status: latest.from_status as InvestigationStatus,
      to_status: latest.to_status as InvestigationStatus,
    },
  };
}

/**
 * Withdrawing a change in the police investigation recorded in error (issue 11), from the
 * investigation page through the confirmation page with a reason, or the API: the latest standing
 * change only, and the case's investigation status goes back to what it was before it. It stays
 * listed as withdrawn with who, when and why.
 */
export function registerInvestigationWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/investigation/:recordId',
    apiPath: '/api/v1/cases/:id/investigation/:recordId',
    apiParams: z.object({ id: z.string(), recordId: z.string() }),
    tag: 'investigation',
    what: CHANGE.what,
    recordType: CHANGE.table,
    caseTab: 'investigation',
    consequence:
      'The investigation status goes back to what it was before this change, and the change leaves the history and the timeline. It stays listed as withdrawn, with your reason. If the case was moved to direct intervention because of this change and the person is under investigation again, tell the site coordinator: only consultation is given while the person is under police investigation.',
    target,
    confirm: async (tx, user, t) => {
      const { h, change } = await latestChange(tx, user, t);
      return {
        h,
        summary: [
          {
            key: { text: 'Change' },
            value: {
              text: `From “${labels.investigation[change.from_status]}” to “${labels.investigation[change.to_status]}”`,
            },
          },
          { key: { text: 'Took effect' }, value: { text: formatDate(change.effective_on) } },
          {
            key: { text: 'Recorded' },
            value: { text: `${formatDateTime(change.at)} by ${change.recorded_by}` },
          },
          {
            key: { text: 'Status after withdrawing' },
            value: { text: labels.investigation[change.from_status] },
          },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      const { h, change } = await latestChange(tx, user, t);
      if (h.case.investigation_status !== change.to_status) {
        throw new Conflict('The investigation status has changed', 'Reload the page and try again.');
      }
      await withdrawRecord(tx, user, actor, { ...CHANGE, ...t }, reason, channel);
      if (!(await updateInvestigationStatus(tx, t.caseId, h.case.version, change.from_status))) {
        throw new Conflict('The case was changed by someone else', 'Reload the page and try again.');
      }
    },
    back: (t) => `/cases/${t.caseId}/investigation`,
    done: (t) => `/cases/${t.caseId}/investigation`,
  });
}
