import { auditCase, caseAccess, canRead, requireWrite } from '../../platform/access/case-access.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import { describeAuditAction, describeAuditReason } from '../../platform/audit/describe.js';
import { toCsv } from '../../platform/csv.js';
import { labels } from '../../platform/views/labels.js';
import { findCaseRow, openCase } from '../../platform/case-context.js';
import { lastVictimUpdate } from '../contact-log/public.js';
import { staleVictims, voiceDecisionProblem, VOICE_REASON_REQUIRED } from '../voice/freshness.js';
import { latestSharedVoice, voiceCurrency, voiceFreshDays } from '../voice/public.js';
import {
  isMoveToIntervention,
  transitionProblem,
  type AcceptedMode,
  type CaseStatus,
  type InvestigationStatus,
} from './rules.js';
import { nextAppointment } from '../sessions/public.js';
import { ordersOverview } from '../orders/public.js';
import { offendingSummary } from '../offending/public.js';
import { currentMappa } from '../mappa-marac/public.js';
import { currentPlan } from '../treatment/public.js';
import { can } from '../../platform/access/policy.js';
import { KIND, notify } from '../notifications/public.js';

/** Loads a case the user may see, or 404: a case they may not see does not exist for them. */
async function visibleCase(tx: Tx, caseId: string) {
  const found = await findCaseRow(tx, caseId);
  if (!found) throw new NotFound();
  return found;
}

export async function listCases(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  q: {
    status?: string | undefined;
    siteId?: string | undefined;
    scope?: 'mine' | 'site' | undefined;
    position: repo.ListPosition;
  },
) {
  const mine = can(user, 'coordinate_site') ? q.scope === 'mine' : true;
  const result = await repo.listCases(tx, { status: q.status, siteId: q.siteId, mine }, q.position);
  await recordAudit(tx, actor, {
    action: 'case.list',
    reason: mine ? 'own case list' : 'site coordinator case list',
    details: {
      shown: result.rows.length,
      total: result.total,
      totalCapped: result.totalCapped,
      status: q.status ?? null,
      ...(q.position.kind === 'page' ? { page: q.position.page } : { [q.position.kind]: q.position.cursor }),
    },
  });
  return { ...result, mine };
}

export async function caseOverview(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: 'page' | 'api',
) {
  const { case: c, basis, header, access } = await openCase(tx, user, caseId);
  const [referral, offences, victims, team, history] = await Promise.all([
    repo.findReferral(tx, caseId),
    repo.listOffences(tx, caseId),
    repo.listVictims(tx, caseId),
    repo.listTeam(tx, caseId),
    repo.listStatusEvents(tx, caseId),
  ]);
  // the latest voice each victim agreed may be shared, for all who read the voice (never contact
  // details); and, for those who hold the contact log, when the victim was last updated
  const latestVoice = canRead(access, 'victim_voice') ? await latestSharedVoice(tx, caseId) : null;
  const showContactLog = canRead(access, 'victim_contact');
  const victimLastUpdated = showContactLog ? await lastVictimUpdate(tx, caseId) : null;
  // the next appointment with the health team (core: when and where, nothing clinical)
  const next = await nextAppointment(tx, caseId);
  // orders in force and the latest breaches (core)
  const orders = canRead(access, 'core') ? await ordersOverview(tx, caseId) : null;
  // court outcomes, re-offending and MAPPA (core, issue 13)
  const offending = canRead(access, 'core') ? await offendingSummary(tx, caseId) : null;
  const mappa = canRead(access, 'core') ? ((await currentMappa(tx, caseId)) ?? null) : null;
  // the current intervention plan's goals and components (core: the whole team works to them)
  const interventionPlan = await currentPlan(tx, caseId);
  await auditCase(tx, actor, access, {
    action: 'case.view',
    recordType: 'case',
    recordId: caseId,
    details: {
      channel,
      voiceShown: latestVoice?.length ?? 0,
      contactLogShown: showContactLog,
    },
  });
  return {
    case: c,
    header,
    referral,
    offences,
    victims,
    team,
    history,
    basis,
    latestVoice,
    showContactLog,
    victimLastUpdated,
    nextAppointment: next,
    orders,
    offending,
    mappa,
    interventionPlan,
  };
}

export async function changeStatus(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: {
    to: CaseStatus;
    mode: AcceptedMode | null;
    reason: string;
    voiceReason?: string;
    version: number;
  },
) {
  const access = await caseAccess(tx, user, caseId);
  requireWrite(access, 'core', 'change the status of this case');
  const c = await visibleCase(tx, caseId);
  const problem = transitionProblem({
    from: c.status as CaseStatus,
    to: input.to,
    mode: input.mode,
    investigationStatus: c.investigation_status as InvestigationStatus,
    currentMode: c.accepted_mode as AcceptedMode | null,
  });
  const modeChange = isMoveToIntervention({ from: c.status as CaseStatus, to: input.to, mode: input.mode });
  if (modeChange && !can(user, 'coordinate_site'))
    throw new Forbidden('Only the site coordinator can move a case to direct intervention');
  if (problem)
    throw new Invalid('The status cannot be changed', [{ field: 'decision', message: problem }], {
      detail: problem,
    });
  if (c.version !== input.version) {
    throw new Conflict(
      'The case was changed by someone else',
      `Since you opened this page the case was updated (it is now ${c.status}). Check the history and decide again.`,
      [
        {
          field: 'decision',
          message: `Someone else changed this case while you were deciding: it is now ${c.status}. Review it and decide again`,
        },
      ],
    );
  }
  // a case decision needs the victim's voice up to date, or the reason it is not
  const currency = await voiceCurrency(tx, caseId);
  const voiceProblem = voiceDecisionProblem(currency, input.voiceReason ?? '');
  if (voiceProblem)
    throw new Invalid(
      'The victim’s voice is not up to date',
      [{ field: 'voiceReason', message: voiceProblem }],
      { detail: voiceProblem },
    );
  const voiceNotCurrentReason = staleVictims(currency).length ? input.voiceReason!.trim() : null;
  const mode =
    input.to === 'accepted' || modeChange
      ? input.mode
      : input.to === 'active' || input.to === 'closed'
        ? c.accepted_mode
        : null;
  if (!(await repo.updateStatus(tx, caseId, input.version, input.to, mode))) {
    throw new Conflict('The case was changed by someone else', 'Reload the case and decide again.');
  }
  await repo.insertStatusEvent(tx, {
    caseId,
    from: c.status,
    to: input.to,
    mode: input.to === 'accepted' || modeChange ? mode : null,
    reason: input.reason,
    voiceNotCurrentReason,
    by: user.id,
  });
  await auditCase(tx, actor, access, {
    action: 'case.status_changed',
    recordType: 'case',
    recordId: caseId,
    details: { from: c.status, to: input.to, mode, voiceNotCurrent: voiceNotCurrentReason !== null },
  });
}

export async function statusPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string) {
  const h = await openCase(tx, user, caseId);
  await auditCase(tx, actor, h.access, { action: 'case.status.view', recordType: 'case', recordId: caseId });
  // which victims' voice is not up to date: names only (core), nothing of any entry
  const currency = await voiceCurrency(tx, caseId);
  const stale = new Set(staleVictims(currency));
  const victims = await repo.listVictims(tx, caseId);
  const voice = {
    required: stale.size > 0,
    freshDays: await voiceFreshDays(tx, caseId),
    staleVictims: victims.filter((v) => stale.has(v.id)).map((v) => `${v.given_name} ${v.family_name}`),
    message: VOICE_REASON_REQUIRED,
  };
  return { ...h, voice };
}

export async function teamPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string) {
  const { case: c, header, access } = await openCase(tx, user, caseId);
  const team = await repo.listTeam(tx, caseId);
  const canManage = can(user, 'coordinate_site') && access.levels.core === 'write';
  const candidates = canManage ? await repo.teamCandidates(tx, c.site_id, caseId) : [];
  await auditCase(tx, actor, access, { action: 'case.team.view', recordType: 'case_team', recordId: caseId });
  return { header, team, candidates, canManage };
}

function requireCoordinator(user: SessionUser) {
  if (!can(user, 'coordinate_site')) {
    throw new Forbidden('Only the site coordinator can change a case team');
  }
}

export async function addToTeam(tx: Tx, user: SessionUser, actor: Actor, caseId: string, memberId: string) {
  const access = await caseAccess(tx, user, caseId);
  requireCoordinator(user);
  requireWrite(access, 'core', 'change this case team');
  const c = await visibleCase(tx, caseId);
  const candidates = await repo.teamCandidates(tx, c.site_id, caseId);
  if (!candidates.some((u) => u.id === memberId)) {
    throw new Invalid('That person cannot join this case team', [
      { field: 'userId', message: 'Select a member of staff at this site who is not already on the team' },
    ]);
  }
  await repo.addTeamMember(tx, caseId, memberId, user.id);
  await notify(tx, [
    {
      userId: memberId,
      caseId,
      kind: KIND.caseTeamAdded,
      message: `You were added to the team of case ${c.reference} by ${user.displayName}.`,
      link: `/cases/${caseId}`,
    },
  ]);
  await auditCase(tx, actor, access, { action: 'case.team.added', recordType: 'user', recordId: memberId });
}

export async function removeFromTeam(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  memberId: string,
) {
  const access = await caseAccess(tx, user, caseId);
  requireCoordinator(user);
  requireWrite(access, 'core', 'change this case team');
  if (!(await repo.removeTeamMember(tx, caseId, memberId))) throw new NotFound();
  await auditCase(tx, actor, access, { action: 'case.team.removed', recordType: 'user', recordId: memberId });
}

/**
 * The confirmation page before removing someone from the team (coordinator only): the member, or
 * NotFound when they are not on the team.
 */
export async function removalPage(tx: Tx, user: SessionUser, caseId: string, memberId: string) {
  const { header, access } = await openCase(tx, user, caseId);
  requireCoordinator(user);
  requireWrite(access, 'core', 'change this case team');
  const member = (await repo.listTeam(tx, caseId)).find((m) => m.id === memberId);
  if (!member) throw new NotFound();
  return { header, member };
}

export const ACCESS_LOG_PAGE_SIZE = 50;
/** more than this many events in one CSV is refused: narrow the filters (a day's log is hundreds) */
export const ACCESS_LOG_CSV_MAX = 50_000;

/** The case's access log in words: one row an event. */
function describedEvents(rows: Awaited<ReturnType<typeof repo.accessLog>>['rows']) {
  return rows.map((e) => ({
    ...e,
    what: describeAuditAction(e.action),
    why: describeAuditReason(e.reason),
  }));
}

/**
 * A page of the case's access log for its site coordinator (404 for anyone else, as if it did not
 * exist): events matching the filter, `ACCESS_LOG_PAGE_SIZE` a page, in words; with the people and
 * actions to filter by. The viewing is audited too.
 */
export async function accessLog(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  filter: repo.AccessLogFilter,
  page: number,
) {
  const { header, access } = await openCase(tx, user, caseId);
  // the access log is the coordinator's; for anyone else it does not exist
  if (!header.canSeeAccessLog) throw new NotFound();
  const { rows, total } = await repo.accessLog(
    tx,
    caseId,
    filter,
    (page - 1) * ACCESS_LOG_PAGE_SIZE,
    ACCESS_LOG_PAGE_SIZE,
  );
  const facets = await repo.accessLogFacets(tx, caseId);
  await auditCase(tx, actor, access, {
    action: 'case.access_log.view',
    recordType: 'audit',
    recordId: caseId,
    details: { page, filtered: Boolean(filter.userId || filter.action || filter.from || filter.to) },
  });
  return {
    header,
    events: describedEvents(rows),
    total,
    pages: Math.max(1, Math.ceil(total / ACCESS_LOG_PAGE_SIZE)),
    people: facets.people,
    actions: facets.actions.map((a) => ({ value: a, text: describeAuditAction(a) })),
  };
}

/**
 * The case's access log as CSV (the same filter, every matching event), for the coordinator only;
 * audited as an export. Refused (Invalid) above ACCESS_LOG_CSV_MAX events.
 */
export async function accessLogCsv(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  filter: repo.AccessLogFilter,
) {
  const { header, access } = await openCase(tx, user, caseId);
  if (!header.canSeeAccessLog) throw new NotFound();
  const { rows, total } = await repo.accessLog(tx, caseId, filter, 0, ACCESS_LOG_CSV_MAX + 1);
  if (total > ACCESS_LOG_CSV_MAX)
    throw new Invalid('Too many events to download', [
      {
        field: 'from',
        message: `The filters match ${total.toLocaleString('en-GB')} events: choose dates that match ${ACCESS_LOG_CSV_MAX.toLocaleString('en-GB')} or fewer`,
      },
    ]);
  await auditCase(tx, actor, access, {
    action: 'case.access_log.exported',
    recordType: 'audit',
    recordId: caseId,
    details: { count: rows.length },
  });
  const csv = toCsv(
    ['When (UTC)', 'Who', 'Role', 'What', 'Why', 'Break-glass'],
    describedEvents(rows).map((e) => [
      e.at.toISOString(),
      e.display_name ?? 'System',
      e.role ? (labels.role[e.role as keyof typeof labels.role] ?? e.role) : '',
      e.what,
      e.why,
      e.break_glass ? 'yes' : 'no',
    ]),
  );
  return { reference: header.reference, csv };
}
