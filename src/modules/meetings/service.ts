import { randomUUID } from 'node:crypto';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import { now } from '../../platform/clock.js';
import { withdrawnAlready } from '../../platform/corrections/index.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { londonLocalTime, todayInLondon } from '../../platform/time.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import {
  actionsForItems,
  checkAction,
  insertCheckedAction,
  possibleOwners,
  siteAgencies,
  type NewAction,
} from '../actions/public.js';
import { caseByReference, caseSummary } from '../cases/public.js';
import {
  latestSharedVoice,
  voiceCurrency,
  voiceDecisionProblem,
  voiceEntriesByIds,
} from '../voice/public.js';
import { MEETING_SCHEDULED, notify } from '../notifications/public.js';
import * as repo from './repository.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { meetingPackPdf } from './pack-pdf.js';
import {
  addDays,
  DEFAULT_QUORUM,
  NO_LAST_MEETING_DAYS,
  occurrenceDates,
  quoracy,
  type AgencyKind,
  type Attendance,
  type MeetingStatus,
  type Recurrence,
} from './rules.js';
import { suggestCases } from './suggestions.js';

export type Channel = 'page' | 'api';

const dayOf = (d: Date) => todayInLondon(d);

function requireChair(user: SessionUser, what: string): void {
  if (!can(user, 'chair_meetings'))
    throw new Forbidden(
      `You cannot ${what}`,
      'Only the site coordinator schedules, chairs and approves meetings.',
    );
}

async function loadMeeting(tx: Tx, meetingId: string): Promise<repo.MeetingRow> {
  const m = await repo.getMeeting(tx, meetingId);
  if (!m) throw new NotFound();
  return m;
}

/** Once the minutes are approved the agenda and attendance stay as they were: a Conflict saying so. */
function refuseOnceApproved(m: { status: string }, what: 'agenda' | 'attendance'): void {
  if (m.status === 'minutes_approved')
    throw new Conflict(
      'The minutes are approved',
      `The ${what} of a meeting whose minutes are approved cannot change.`,
    );
}

async function coordinatedMeeting(tx: Tx, user: SessionUser, meetingId: string, what: string) {
  const m = await loadMeeting(tx, meetingId);
  requireChair(user, what);
  return m;
}

const stale = (what: string) =>
  new Conflict(
    `Someone changed ${what}`,
    `Someone changed ${what} since you opened the page. Your changes were not saved: check what is there now and try again.`,
    [
      {
        field: 'version',
        message: `Someone changed ${what} since you opened the page. Check it and try again`,
      },
    ],
  );

/** The site's quoracy rule: its own, or the default (police, health and the advocate). */
export async function ruleOf(tx: Tx, siteId: string): Promise<AgencyKind[]> {
  return ((await repo.quorumRule(tx, siteId)) ?? [...DEFAULT_QUORUM]) as AgencyKind[];
}

export type ScheduleInput = {
  siteId: string;
  date: string;
  time: string;
  recurrence: Recurrence;
  location?: string | undefined;
  minuteTakerId?: string | undefined;
  invitedAgencyIds: string[];
  invitedUserIds: string[];
};

/**
 * Schedules a meeting at one of the coordinator's sites, chaired by them: one-off, or weekly or
 * monthly (the first and the next five, one series). Refused: a time in the past, a time the clocks
 * skip or repeat, a minute-taker, invited person or agency not at the site. Returns the first id.
 */
export async function scheduleMeeting(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  input: ScheduleInput,
  channel: Channel,
): Promise<string> {
  requireChair(user, 'schedule a meeting');
  if (!user.siteIds.includes(input.siteId))
    throw new Invalid('Choose one of your sites', [{ field: 'siteId', message: 'Choose one of your sites' }]);
  const local = londonLocalTime(input.date, input.time);
  if (!local || local.kind !== 'exact')
    throw new Invalid('Enter a time that happens in the UK on that day', [
      {
        field: 'time',
        message: 'Enter a time that happens in the UK on that day (the clocks change that night)',
      },
    ]);
  if (local.at.getTime() <= now().getTime())
    throw new Invalid('The meeting is in the past', [
      { field: 'date', message: 'The meeting must be in the future: enter a date and time after now' },
    ]);
  const people = new Map((await repo.peopleAtSite(tx, input.siteId)).map((p) => [p.id, p]));
  if (input.minuteTakerId && !people.has(input.minuteTakerId))
    throw new Invalid('The minute-taker is not at this site', [
      { field: 'minuteTakerId', message: 'Choose a minute-taker who works at this site' },
    ]);
  if (input.invitedUserIds.some((u) => !people.has(u)))
    throw new Invalid('Someone invited is not at this site', [
      { field: 'invitedUserIds', message: 'Invite only people who work at this site' },
    ]);
  const agencies = new Set((await repo.agenciesAtSite(tx, input.siteId)).map((a) => a.id));
  if (input.invitedAgencyIds.some((a) => !agencies.has(a)))
    throw new Invalid('An agency invited is not at this site', [
      { field: 'invitedAgencyIds', message: 'Invite only agencies at this site' },
    ]);
  const dates = occurrenceDates(input.date, input.recurrence);
  const seriesId = dates.length > 1 ? randomUUID() : null;
  // the chair and minute-taker are always invited
  const invited = [
    ...new Set([user.id, ...(input.minuteTakerId ? [input.minuteTakerId] : []), ...input.invitedUserIds]),
  ];
  let first = '';
  for (const date of dates) {
    const at = londonLocalTime(date, input.time);
    // a later date whose time the clocks skip or repeat: the first reading of it
    const startsAt = !at
      ? local.at
      : at.kind === 'exact'
        ? at.at
        : at.kind === 'repeated'
          ? at.readings[0].at
          : local.at;
    const id = await repo.insertMeeting(tx, {
      siteId: input.siteId,
      seriesId,
      recurrence: input.recurrence,
      startsAt,
      location: input.location ?? '',
      chairId: user.id,
      minuteTakerId: input.minuteTakerId ?? null,
      userId: user.id,
    });
    await repo.insertInvitations(tx, id, input.invitedAgencyIds, invited);
    first ||= id;
  }
  // those invited are told (the chair scheduled it): of the first meeting, the series named
  const meeting = await loadMeeting(tx, first);
  const series = dates.length > 1 ? `, the first of ${dates.length} (${input.recurrence})` : '';
  await notify(
    tx,
    invited
      .filter((id) => id !== user.id)
      .map((userId) => ({
        userId,
        caseId: null,
        kind: MEETING_SCHEDULED,
        message: `You are invited to the multi-agency meeting at ${meeting.siteName} on ${formatDateTime(meeting.startsAt)}${series}`,
        link: `/meetings/${first}`,
      })),
  );
  await recordAudit(tx, actor, {
    action: 'meeting.schedule',
    reason: 'site coordinator',
    recordType: 'meeting',
    recordId: first,
    details: { channel, meetings: dates.length, recurrence: input.recurrence },
  });
  return first;
}

/** The meetings at the user's sites, and for a coordinator what they need to schedule one. */
export async function listPage(tx: Tx, user: SessionUser, actor: Actor, channel: Channel) {
  const meetings = await repo.listMeetings(tx, user.siteIds, 200);
  await recordAudit(tx, actor, {
    action: 'meeting.list',
    reason: 'meetings at own sites',
    details: { channel, shown: meetings.length },
  });
  const isChair = can(user, 'chair_meetings');
  const sites = [];
  if (isChair)
    for (const siteId of user.siteIds) {
      const name = meetings.find((m) => m.siteId === siteId)?.siteName;
      sites.push({ id: siteId, name: name ?? '', rule: await ruleOf(tx, siteId) });
    }
  const nowAt = now();
  return {
    upcoming: meetings.filter((m) => m.startsAt >= nowAt).reverse(),
    past: meetings.filter((m) => m.startsAt < nowAt),
    isChair,
    sites,
  };
}

/** What the schedule form offers: the site's people and agencies (the user's first site, or the one asked for). */
export async function schedulePage(tx: Tx, user: SessionUser, siteId?: string) {
  requireChair(user, 'schedule a meeting');
  const site = siteId && user.siteIds.includes(siteId) ? siteId : user.siteIds[0];
  if (!site) throw new NotFound();
  return {
    siteId: site,
    sites: await tx
      .selectFrom('site')
      .select(['id', 'name'])
      .where('id', 'in', user.siteIds)
      .orderBy('name')
      .execute(),
    people: await repo.peopleAtSite(tx, site),
    agencies: await repo.agenciesAtSite(tx, site),
  };
}

/** Sets a site's quoracy rule: the kinds of agency that must be present. */
export async function setQuorumRule(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  siteId: string,
  kinds: readonly AgencyKind[],
  channel: Channel,
): Promise<void> {
  requireChair(user, 'set the quoracy rule');
  if (!user.siteIds.includes(siteId)) throw new NotFound();
  if (!kinds.length)
    throw new Invalid('Choose at least one agency', [
      {
        field: 'quorumKinds',
        message: 'Choose the agencies that must be present for the meeting to be quorate',
      },
    ]);
  await repo.saveQuorumRule(tx, siteId, kinds, user.id);
  await recordAudit(tx, actor, {
    action: 'meeting.quorum_rule',
    reason: 'site coordinator',
    recordType: 'site',
    recordId: siteId,
    details: { channel, kinds: kinds.join(',') },
  });
}

/**
 * THE MEETING PACK: the meeting, who was invited and came, whether it is quorate, and its agenda
 * items WITH THEIR MINUTES as far as the reader may see them (row-level security: the items of
 * the cases they may see, and nothing of the others), each with the victim's voice entry it links
 * (if the reader may read it), its addenda and its actions. No clinical notes and no victim's
 * contact details are part of it. The meeting page and the API show it; a PDF of it can be made
 * from this later. NotFound for a meeting not at the reader's sites.
 */
export async function meetingPackFor(tx: Tx, meetingId: string) {
  const meeting = await loadMeeting(tx, meetingId);
  const participants = await repo.listParticipants(tx, meetingId);
  const invitedAgencies = await repo.listInvitedAgencies(tx, meetingId);
  const rule = await ruleOf(tx, meeting.siteId);
  const presentKinds = participants.flatMap((p) =>
    p.attendance === 'present' ? [p.agencyKind] : p.attendance === 'deputy' ? [p.deputyAgencyKind] : [],
  );
  const quorum = quoracy(rule, presentKinds);
  const items = await repo.listItems(tx, meetingId);
  const ids = items.map((i) => i.id);
  const actions = await actionsForItems(tx, ids);
  const addenda = await repo.listAddenda(tx, ids);
  const voices = new Map(
    (
      await voiceEntriesByIds(
        tx,
        items.flatMap((i) => (i.victimVoiceId ? [i.victimVoiceId] : [])),
      )
    ).map((v) => [v.id, v]),
  );
  return {
    meeting,
    participants,
    invitedAgencies,
    rule,
    quorum,
    attendanceRecorded: participants.some((p) => p.attendance !== null),
    items: items.map((i) => ({
      ...i,
      voice: i.victimVoiceId ? (voices.get(i.victimVoiceId) ?? null) : null,
      actions: actions.filter((a) => a.meetingItemId === i.id),
      addenda: addenda.filter((a) => a.itemId === i.id),
    })),
  };
}
export type MeetingPack = Awaited<ReturnType<typeof meetingPackFor>>;

/** Each case item shown is a view of that case's data: one audit event per case, with the meeting. */
async function auditItems(tx: Tx, actor: Actor, pack: MeetingPack, action: string, channel: Channel) {
  await recordAudit(tx, actor, {
    action: 'meeting.view',
    reason: 'meeting at own site',
    recordType: 'meeting',
    recordId: pack.meeting.id,
    details: { channel, items: pack.items.length },
  });
  for (const i of pack.items)
    await recordAudit(tx, actor, {
      action,
      reason: 'multi-agency meeting',
      caseId: i.caseId,
      recordType: 'meeting_item',
      recordId: i.id,
      details: { channel },
    });
}

/**
 * The pack (before the meeting) or the minutes as a PDF for the reader: only the items of the
 * cases they may see, watermarked with their name and the time, marked OFFICIAL-SENSITIVE. Each
 * case item in it is audited as a disclosure (`meeting_item.exported`), as the access log shows.
 */
export async function meetingPackDownload(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  channel: Channel,
): Promise<{ pdf: Buffer; fileName: string }> {
  const pack = await meetingPackFor(tx, meetingId);
  await auditItems(tx, actor, pack, 'meeting_item.exported', channel);
  const pdf = await renderPdf(meetingPackPdf(pack, { name: user.displayName, at: now() }));
  const kind = pack.meeting.status === 'minutes_approved' ? 'minutes' : 'meeting-pack';
  return {
    pdf,
    fileName: `${kind}-${pack.meeting.siteName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${dayOf(pack.meeting.startsAt)}.pdf`,
  };
}

/** The meeting page: the pack, and for the coordinator the suggested cases and the site's people. */
export async function meetingPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  channel: Channel,
) {
  const pack = await meetingPackFor(tx, meetingId);
  await auditItems(tx, actor, pack, 'meeting_item.view', channel);
  const isChair = can(user, 'chair_meetings');
  const open = pack.meeting.status !== 'minutes_approved';
  let suggestions: Awaited<ReturnType<typeof suggestCases>> = [];
  if (isChair && open) {
    const meetingOn = dayOf(pack.meeting.startsAt);
    const last = await repo.lastMeetingOn(tx, pack.meeting.siteId, pack.meeting.startsAt);
    suggestions = await suggestCases(
      tx,
      { siteId: pack.meeting.siteId, meetingOn, since: last ?? addDays(meetingOn, -NO_LAST_MEETING_DAYS) },
      // a case whose item was withdrawn in error may be suggested again
      new Set(pack.items.filter((i) => !i.withdrawn).map((i) => i.caseId)),
    );
  }
  return {
    ...pack,
    isChair,
    canEditAgenda: isChair && open,
    people: isChair ? await repo.peopleAtSite(tx, pack.meeting.siteId) : [],
    suggestions,
  };
}

/** Adds a case to the agenda (a suggestion, or any case at the site by hand); refused if already on it. */
export async function addToAgenda(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  input: { caseId?: string | undefined; reference?: string | undefined; reason?: string | undefined },
  channel: Channel,
): Promise<string> {
  const m = await coordinatedMeeting(tx, user, meetingId, 'change the agenda');
  refuseOnceApproved(m, 'agenda');
  const found = input.caseId
    ? await caseSummary(tx, input.caseId)
    : input.reference
      ? await caseByReference(tx, input.reference).then((c) => (c ? caseSummary(tx, c.caseId) : null))
      : null;
  if (!found || found.siteId !== m.siteId)
    throw new Invalid('Choose a case at this meeting’s site', [
      {
        field: 'reference',
        message: 'Enter the reference of a case at this meeting’s site, like HAM-000123',
      },
    ]);
  if (await repo.itemForCase(tx, meetingId, found.caseId))
    throw new Invalid('The case is already on the agenda', [
      { field: 'reference', message: `Case ${found.reference} is already on this meeting’s agenda` },
    ]);
  const id = await repo.insertItem(tx, {
    meetingId,
    caseId: found.caseId,
    reason: input.reason?.trim() || 'Added by the coordinator',
    userId: user.id,
  });
  await recordAudit(tx, actor, {
    action: 'meeting_item.add',
    reason: 'site coordinator',
    caseId: found.caseId,
    recordType: 'meeting_item',
    recordId: id,
    details: { channel },
  });
  return id;
}

/** Moves an item one place up or down the agenda. */
export async function moveItem(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  itemId: string,
  direction: 'up' | 'down',
  channel: Channel,
): Promise<void> {
  const m = await coordinatedMeeting(tx, user, meetingId, 'change the agenda');
  refuseOnceApproved(m, 'agenda');
  const items = await repo.listItems(tx, meetingId);
  const i = items.findIndex((x) => x.id === itemId);
  if (i < 0) throw new NotFound();
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= items.length) return;
  await repo.setPosition(tx, items[i]!.id, items[j]!.position);
  await repo.setPosition(tx, items[j]!.id, items[i]!.position);
  await recordAudit(tx, actor, {
    action: 'meeting_item.move',
    reason: 'site coordinator',
    caseId: items[i]!.caseId,
    recordType: 'meeting_item',
    recordId: itemId,
    details: { channel, direction },
  });
}

/** Takes a case off the agenda: only before the meeting is held, and only an item with no minutes. */
export async function removeItem(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  itemId: string,
  channel: Channel,
): Promise<void> {
  const m = await coordinatedMeeting(tx, user, meetingId, 'change the agenda');
  if (m.status !== 'planned')
    throw new Conflict('The meeting has been held', 'A case discussed at the meeting stays in its minutes.');
  const item = await repo.getItem(tx, meetingId, itemId);
  if (!item) throw new NotFound();
  await repo.deleteItem(tx, meetingId, itemId);
  await recordAudit(tx, actor, {
    action: 'meeting_item.remove',
    reason: 'site coordinator',
    caseId: item.caseId,
    recordType: 'meeting_item',
    recordId: itemId,
    details: { channel },
  });
}

/**
 * Records who came (present, apologies, or a deputy in their place) and marks the meeting held.
 * Every invited person needs an answer; a deputy must work at the site. Version-checked.
 */
export async function recordAttendance(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  input: {
    version: number;
    entries: { userId: string; attendance: Attendance; deputyId?: string | undefined }[];
  },
  channel: Channel,
): Promise<void> {
  const m = await coordinatedMeeting(tx, user, meetingId, 'record attendance');
  refuseOnceApproved(m, 'attendance');
  const invited = await repo.listParticipants(tx, meetingId);
  const given = new Map(input.entries.map((e) => [e.userId, e]));
  const people = new Set((await repo.peopleAtSite(tx, m.siteId)).map((p) => p.id));
  for (const p of invited) {
    const e = given.get(p.userId);
    if (!e)
      throw new Invalid('Say whether each person came', [
        {
          field: `attendance-${p.userId}`,
          message: `Select whether ${p.name} was present, sent apologies or a deputy`,
        },
      ]);
    if (e.attendance === 'deputy' && (!e.deputyId || !people.has(e.deputyId)))
      throw new Invalid('Choose the deputy', [
        {
          field: `deputy-${p.userId}`,
          message: `Choose who came in ${p.name}’s place (someone at this site)`,
        },
      ]);
  }
  if (input.entries.some((e) => !invited.some((p) => p.userId === e.userId)))
    throw new Invalid('Only invited people', [
      { field: 'attendance', message: 'Record attendance only for those invited' },
    ]);
  await repo.setAttendance(
    tx,
    meetingId,
    input.entries.map((e) => ({ userId: e.userId, attendance: e.attendance, deputyId: e.deputyId ?? null })),
  );
  const next: MeetingStatus = m.status === 'planned' ? 'held' : m.status;
  if (
    !(await repo.setMeetingStatus(tx, {
      id: meetingId,
      version: input.version,
      status: next,
      userId: user.id,
    }))
  )
    throw stale('this meeting');
  await recordAudit(tx, actor, {
    action: 'meeting.attendance',
    reason: 'site coordinator',
    recordType: 'meeting',
    recordId: meetingId,
    details: { channel, recorded: input.entries.length },
  });
}

/** Approves the minutes (the chair): once only; after it nothing of the minutes changes, only addenda. */
export async function approveMinutes(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  version: number,
  channel: Channel,
): Promise<void> {
  const m = await coordinatedMeeting(tx, user, meetingId, 'approve the minutes');
  if (m.status === 'minutes_approved')
    throw new Conflict(
      'The minutes are already approved',
      `The minutes were approved on ${formatDateTime(m.approvedAt)}. Add an addendum to a case item instead.`,
      [{ field: 'version', message: 'The minutes are already approved' }],
    );
  if (m.status === 'planned')
    throw new Invalid('The meeting has not been held', [
      { field: 'version', message: 'Record the attendance before approving the minutes' },
    ]);
  if (
    !(await repo.setMeetingStatus(tx, {
      id: meetingId,
      version,
      status: 'minutes_approved',
      userId: user.id,
    }))
  )
    throw stale('this meeting');
  await recordAudit(tx, actor, {
    action: 'meeting.approve',
    reason: 'site coordinator',
    recordType: 'meeting',
    recordId: meetingId,
    details: { channel },
  });
}

/** One case item with its minutes, for its page: the latest shared voice, and who may write. */
export async function itemPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  itemId: string,
  channel: Channel,
) {
  const pack = await meetingPackFor(tx, meetingId);
  const item = pack.items.find((i) => i.id === itemId);
  if (!item) throw new NotFound();
  await recordAudit(tx, actor, {
    action: 'meeting_item.view',
    reason: 'multi-agency meeting',
    caseId: item.caseId,
    recordType: 'meeting_item',
    recordId: itemId,
    details: { channel },
  });
  // a withdrawn item (entered in error) stays in the minutes, marked, and no longer changes
  const standing = !item.withdrawn;
  const minuter = standing && (user.id === pack.meeting.chairId || user.id === pack.meeting.minuteTakerId);
  const voice = await latestSharedVoice(tx, item.caseId);
  const currency = await voiceCurrency(tx, item.caseId);
  const writesCase = (await openCase(tx, user, item.caseId)).access.levels.core === 'write';
  return {
    meeting: pack.meeting,
    item,
    latestVoice: voice,
    voiceStale: currency.some((c) => !c.isCurrent),
    canEdit: minuter && (pack.meeting.status === 'held' || pack.meeting.status === 'minutes_draft'),
    canAddendum: standing && pack.meeting.status === 'minutes_approved',
    canAddAction: minuter && (pack.meeting.status === 'held' || pack.meeting.status === 'minutes_draft'),
    canWithdraw: standing && pack.meeting.status !== 'planned' && writesCase,
    owners: minuter ? await possibleOwners(tx, item.caseId) : [],
    agencies: minuter ? await siteAgencies(tx, item.caseId) : [],
  };
}

export type MinutesInput = {
  version: number;
  discussion?: string | undefined;
  voiceReason?: string | undefined;
  agreedRisk?: 'low' | 'moderate' | 'high' | undefined;
  riskRationale?: string | undefined;
  decision?: string | undefined;
};

async function minutedItem(tx: Tx, user: SessionUser, meetingId: string, itemId: string, what: string) {
  const m = await loadMeeting(tx, meetingId);
  if (user.id !== m.chairId && user.id !== m.minuteTakerId)
    throw new Forbidden(`You cannot ${what}`, 'Only the meeting’s chair and minute-taker write its minutes.');
  if (m.status === 'minutes_approved')
    throw new Conflict(
      'The minutes are approved',
      'The minutes are approved and cannot be changed: add an addendum instead.',
      [
        {
          field: 'discussion',
          message: 'The minutes are approved and cannot be changed: add an addendum instead',
        },
      ],
    );
  if (m.status === 'planned')
    throw new Conflict(
      'The meeting has not been held',
      'Record the attendance first: the meeting has not been held.',
      [{ field: 'discussion', message: 'Record the meeting’s attendance before writing its minutes' }],
    );
  const item = await repo.getItem(tx, meetingId, itemId);
  if (!item) throw new NotFound();
  if (item.withdrawn) throw withdrawnAlready('meeting item');
  return { m, item };
}

/**
 * Saves a case item's minutes: the discussion, the victim's voice (the latest shared entry is
 * linked; when a victim's voice is not up to date the reason is required, the same gate as a case
 * status decision), the agreed risk level with its rationale and the decision. A stale version is
 * refused; approved minutes are never edited.
 */
export async function saveMinutes(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  itemId: string,
  input: MinutesInput,
  channel: Channel,
): Promise<void> {
  const { m, item } = await minutedItem(tx, user, meetingId, itemId, 'write the minutes');
  const voiceReason = input.voiceReason?.trim() ?? '';
  const problem = voiceDecisionProblem(await voiceCurrency(tx, item.caseId), voiceReason);
  if (problem)
    throw new Invalid('The victim’s voice is not up to date', [
      { field: 'voiceReason', message: 'Enter the reason the victim’s voice is not up to date' },
    ]);
  if (input.agreedRisk && !input.riskRationale?.trim())
    throw new Invalid('Enter the rationale for the agreed risk', [
      { field: 'riskRationale', message: 'Enter the rationale for the agreed risk level' },
    ]);
  const latest = (await latestSharedVoice(tx, item.caseId))[0];
  const saved = await repo.saveMinutes(tx, {
    itemId,
    version: input.version,
    discussion: input.discussion?.trim() ?? '',
    victimVoiceId: latest?.id ?? null,
    voiceReason,
    agreedRisk: input.agreedRisk ?? null,
    riskRationale: input.riskRationale?.trim() ?? '',
    decision: input.decision ?? null,
    userId: user.id,
  });
  if (!saved) throw stale('these minutes');
  if (m.status === 'held' && can(user, 'chair_meetings'))
    await repo.setMeetingStatus(tx, {
      id: meetingId,
      version: m.version,
      status: 'minutes_draft',
      userId: user.id,
    });
  await recordAudit(tx, actor, {
    action: 'meeting_item.minutes',
    reason: 'multi-agency meeting',
    caseId: item.caseId,
    recordType: 'meeting_item',
    recordId: itemId,
    details: { channel },
  });
}

/** An action agreed on a case item: due on or after the meeting; its owner is told. */
export async function addItemAction(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  itemId: string,
  input: NewAction,
  channel: Channel,
): Promise<string> {
  const { m, item } = await minutedItem(tx, user, meetingId, itemId, 'add an action');
  await checkAction(tx, item.caseId, input, dayOf(m.startsAt));
  return insertCheckedAction(
    tx,
    user,
    actor,
    { caseId: item.caseId, reference: item.reference },
    input,
    itemId,
    channel,
  );
}

/** An addendum to a case item of approved minutes (before approval, the minutes themselves are edited). */
export async function addAddendum(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  meetingId: string,
  itemId: string,
  body: string,
  channel: Channel,
): Promise<string> {
  const m = await loadMeeting(tx, meetingId);
  if (m.status !== 'minutes_approved')
    throw new Invalid('The minutes are not approved yet', [
      { field: 'body', message: 'The minutes are not approved yet: change the minutes themselves' },
    ]);
  const item = await repo.getItem(tx, meetingId, itemId);
  if (!item) throw new NotFound();
  if (item.withdrawn) throw withdrawnAlready('meeting item');
  const id = await repo.insertAddendum(tx, { itemId, caseId: item.caseId, body, userId: user.id });
  await recordAudit(tx, actor, {
    action: 'meeting_item.addendum',
    reason: 'multi-agency meeting',
    caseId: item.caseId,
    recordType: 'meeting_item_addendum',
    recordId: id,
    details: { channel },
  });
  return id;
}

/** "4 March 2026" for the meeting's day. */
export const meetingDay = (m: { startsAt: Date }) => formatDate(m.startsAt);
