import { auditCase, requireWrite } from '../../platform/access/case-access.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import { withdrawnAlready } from '../../platform/corrections/index.js';
import { today } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { ACTION_ASSIGNED, notify } from '../notifications/public.js';
import * as repo from './repository.js';
import type { ActionStatus } from './rules.js';

export type Channel = 'page' | 'api';

/** A new action: exactly one owner (a person, or an agency at the site); due on or after `notBefore`. */
export type NewAction = {
  description: string;
  ownerUserId?: string | undefined;
  ownerAgencyId?: string | undefined;
  dueOn: string;
};

/**
 * Checks a new action against the case: one owner, a person at the case's site who may see the
 * case (on its team, or the site's coordinator) or an agency at the site; due today or later and,
 * from a meeting, not before the meeting (`notBefore`, 'YYYY-MM-DD'). Throws Invalid naming the field.
 */
export async function checkAction(tx: Tx, caseId: string, a: NewAction, notBefore?: string): Promise<void> {
  if (!!a.ownerUserId === !!a.ownerAgencyId)
    throw new Invalid('Choose who owns the action', [
      { field: 'ownerUserId', message: 'Choose a person or an agency to own the action, not both' },
    ]);
  if (a.ownerUserId) {
    const standing = await repo.ownerStanding(tx, a.ownerUserId, caseId);
    if (!standing?.atSite)
      throw new Invalid('The owner does not work at this site', [
        { field: 'ownerUserId', message: 'The owner must be a person who works at this case’s site' },
      ]);
    if (!standing.seesCase)
      throw new Invalid('The owner cannot see this case', [
        {
          field: 'ownerUserId',
          message: 'The owner must be on the case team or the site’s coordinator, or choose their agency',
        },
      ]);
  } else if (!(await repo.siteAgencies(tx, caseId)).some((g) => g.id === a.ownerAgencyId)) {
    throw new Invalid('The agency is not at this site', [
      { field: 'ownerAgencyId', message: 'The agency must be one at this case’s site' },
    ]);
  }
  if (notBefore && a.dueOn < notBefore)
    throw new Invalid('The due date is before the meeting', [
      { field: 'dueOn', message: `The due date must be on or after the meeting (${formatDate(notBefore)})` },
    ]);
  if (a.dueOn < today())
    throw new Invalid('The due date is in the past', [
      { field: 'dueOn', message: 'The due date must be today or in the future' },
    ]);
}

/**
 * Adds an action to a case (from the case, or from a meeting item), tells its owner in the app,
 * and records the change. The caller has checked core write on the case; `checkAction` first.
 */
export async function insertCheckedAction(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  c: { caseId: string; reference: string },
  a: NewAction,
  meetingItemId: string | null,
  channel: Channel,
  source: repo.ActionSource | null = null,
): Promise<string> {
  const id = await repo.insertAction(tx, {
    caseId: c.caseId,
    meetingItemId,
    description: a.description,
    ownerUserId: a.ownerUserId ?? null,
    ownerAgencyId: a.ownerAgencyId ?? null,
    dueOn: a.dueOn,
    userId: user.id,
    source,
  });
  if (a.ownerUserId && a.ownerUserId !== user.id)
    await notify(tx, [
      {
        userId: a.ownerUserId,
        caseId: c.caseId,
        kind: ACTION_ASSIGNED,
        message: `You have a new action on case ${c.reference}, due ${formatDate(a.dueOn)}.`,
        link: `/cases/${c.caseId}/actions`,
      },
    ]);
  await recordAudit(tx, actor, {
    action: 'action.create',
    reason: meetingItemId ? 'meeting action' : source ? 'risk management plan' : 'case action',
    caseId: c.caseId,
    recordType: 'case_action',
    recordId: id,
    details: { channel, fromMeeting: !!meetingItemId, ...(source ? { from: source.kind } : {}) },
  });
  return id;
}

const folded = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();

/**
 * A risk management plan's rows as real actions (issue 15: "plan owners that are free text today
 * become real owners where a user exists"). A row whose owner names exactly one person who may own
 * an action on the case (its team or the site's coordinator: their display name, ignoring case and
 * spacing) or, failing that, exactly one agency at the site, becomes an open action with that
 * owner, due by `dueOn` ('YYYY-MM-DD', the plan's next review), linked to `source`; the owner is
 * told. Rows naming no one, or several, stay free text in the plan. The caller has core write on
 * the case (an action is core). Returns how many rows became actions.
 */
export async function actionsFromPlan(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  c: { caseId: string; reference: string },
  rows: readonly { action: string; owner: string }[],
  dueOn: string,
  source: repo.ActionSource,
  channel: Channel,
): Promise<number> {
  const people = await repo.possibleOwners(tx, c.caseId);
  const agencies = await repo.siteAgencies(tx, c.caseId);
  let made = 0;
  for (const row of rows) {
    const name = folded(row.owner);
    if (!row.action.trim() || !name) continue;
    const person = people.filter((p) => folded(p.name) === name);
    const agency = agencies.filter((a) => folded(a.name) === name);
    const owner =
      person.length === 1
        ? { ownerUserId: person[0]!.id }
        : person.length === 0 && agency.length === 1
          ? { ownerAgencyId: agency[0]!.id }
          : null;
    if (!owner) continue;
    const action: NewAction = { description: row.action.trim().slice(0, 2000), dueOn, ...owner };
    try {
      await checkAction(tx, c.caseId, action);
    } catch (error) {
      // an owner who may not own it after all: the row stays free text, the plan still completes
      if (error instanceof Invalid) continue;
      throw error;
    }
    await insertCheckedAction(tx, user, actor, c, action, null, channel, source);
    made += 1;
  }
  return made;
}

/** The case's Actions tab: its actions, those withdrawn as entered in error, and who may own a new one. */
export async function casePage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, channel: Channel) {
  const h = await openCase(tx, user, caseId);
  const actions = await repo.listForCase(tx, caseId);
  const withdrawn = await repo.listWithdrawnForCase(tx, caseId);
  await auditCase(tx, actor, h.access, {
    action: 'action.list',
    recordType: 'case_action',
    details: { channel, shown: actions.length },
  });
  const canWrite = h.access.levels.core === 'write';
  return {
    ...h,
    actions,
    withdrawn,
    canWrite,
    owners: canWrite ? await repo.possibleOwners(tx, caseId) : [],
    agencies: canWrite ? await repo.siteAgencies(tx, caseId) : [],
    today: today(),
  };
}

/** Adds an action from the case itself (not a meeting). */
export async function addCaseAction(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  a: NewAction,
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'add an action');
  await checkAction(tx, caseId, a);
  return insertCheckedAction(tx, user, actor, { caseId, reference: h.case.reference }, a, null, channel);
}

/** Marks an action done, not done (with the reason) or open again; a stale version is refused. */
export async function changeStatus(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  actionId: string,
  input: { status: ActionStatus; reason?: string | undefined; version: number },
  channel: Channel,
): Promise<void> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'change an action');
  const current = await repo.getAction(tx, caseId, actionId);
  if (!current) throw new NotFound();
  if (current.withdrawn) throw withdrawnAlready('action');
  const reason = input.reason?.trim() ?? '';
  if (input.status === 'not_done' && !reason)
    throw new Invalid('Enter why the action was not done', [
      { field: 'reason', message: 'Enter why the action was not done' },
    ]);
  const saved = await repo.setStatus(tx, {
    caseId,
    id: actionId,
    version: input.version,
    status: input.status,
    reason,
    userId: user.id,
  });
  if (!saved)
    throw new Conflict(
      'Someone changed this action',
      'Someone changed this action since you opened the page. Check it and try again.',
      [
        {
          field: 'status',
          message: 'Someone changed this action since you opened the page. Check it and try again',
        },
      ],
    );
  await auditCase(tx, actor, h.access, {
    action: 'action.status',
    recordType: 'case_action',
    recordId: actionId,
    details: { channel, status: input.status },
  });
}

/**
 * "My actions": a page of the user's own actions, open (soonest due first) or closed (latest due
 * first), with today's date for overdue marks; see repo.listMine for the paging.
 */
export async function myActions(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  channel: Channel,
  shown: repo.MineShown = 'open',
  position: repo.ActionPosition = { first: true },
) {
  const page = await repo.listMine(tx, user.id, user.agencyId, shown, position);
  await recordAudit(tx, actor, {
    action: 'action.mine',
    reason: 'own actions',
    details: { channel, list: shown, shown: page.rows.length },
  });
  return { ...page, shown, today: today() };
}

/**
 * A page of the site's overdue actions (the cases the user may see), longest overdue first, as of
 * today by the controllable clock; see repo.listOverdue.
 */
export async function overdueActions(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  channel: Channel,
  position: repo.ActionPosition = { first: true },
) {
  const on = today();
  const page = user.siteIds.length
    ? await repo.listOverdue(tx, user.siteIds, on, position)
    : { rows: [], total: 0, totalCapped: false, hasNext: false, hasPrevious: false, first: null, last: null };
  await recordAudit(tx, actor, {
    action: 'action.overdue',
    reason: 'overdue actions at own sites',
    details: { channel, shown: page.rows.length },
  });
  return { ...page, today: on };
}
