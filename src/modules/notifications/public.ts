import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './kinds.js';

export { NOTIFICATION_KINDS, type NotificationKind } from './kinds.js';

/** The kinds other modules raise, by name (the meetings and actions of issue 15 among them). */
export const KIND = {
  newReferral: 'new_referral',
  caseTeamAdded: 'case_team_added',
  domainRaisedToHigh: 'domain_raised_to_high',
  orderBreach: 'order_breach',
  orderEnding: 'order_ending',
  meetingScheduled: 'meeting_scheduled',
  meetingChanged: 'meeting_changed',
  actionAssigned: 'action_assigned',
  actionDueSoon: 'action_due_soon',
  actionOverdue: 'action_overdue',
  actionWithdrawn: 'action_withdrawn',
} as const satisfies Record<string, NotificationKind>;

/** 'meeting_scheduled' … as constants of their own, for the meetings and actions module. */
export const MEETING_SCHEDULED = KIND.meetingScheduled;
export const MEETING_CHANGED = KIND.meetingChanged;
export const ACTION_ASSIGNED = KIND.actionAssigned;
export const ACTION_DUE_SOON = KIND.actionDueSoon;
export const ACTION_OVERDUE = KIND.actionOverdue;
export const ACTION_WITHDRAWN = KIND.actionWithdrawn;

/**
 * One notification: to whom, about which case, of what kind (a key of NOTIFICATION_KINDS, whose
 * words its e-mail uses), what it says in the app (it may name people: it never leaves Recolo)
 * and where it links.
 */
export type NewNotification = {
  userId: string;
  /** null for what is no one case's (a meeting): its e-mail then names no case */
  caseId: string | null;
  kind: string;
  message: string;
  link: string;
  /** when it happened, when not now (the demo's past events) */
  createdAt?: Date;
};

/**
 * THE ONE WAY a module tells someone something: writes the in-app notifications in the caller's
 * transaction, so they exist only if what they tell of was saved; in the same statement the
 * database queues an e-mail (an outbox row, migration 025) for each recipient who chose e-mail for
 * that kind, which the delivery job sends with the case reference only. Row-level security decides
 * who may notify whom of what (migrations 004, 017, 025); a job on the owner connection may notify
 * anyone. Nothing is written for an empty list.
 */
export async function notify(tx: Tx, rows: readonly NewNotification[]): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('notification')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        case_id: r.caseId,
        kind: r.kind,
        message: r.message,
        link: r.link,
        ...(r.createdAt ? { created_at: r.createdAt } : {}),
      })),
    )
    .execute();
}

/** The active site coordinators of a case's site (empty unless the caller may read the case). */
export async function siteCoordinatorIds(tx: Tx, caseId: string): Promise<string[]> {
  const r = await sql<{
    id: string;
  }>`select id from recolo_private.case_coordinator_ids(${caseId}::uuid) as id`.execute(tx);
  return r.rows.map((x) => x.id);
}

/** Whether a kind is one this module knows the words of. */
export function knowsKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_KINDS, kind);
}
