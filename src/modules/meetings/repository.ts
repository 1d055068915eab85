import { sql } from 'kysely';
import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { Attendance, MeetingStatus, Recurrence } from './rules.js';

export type MeetingRow = {
  id: string;
  siteId: string;
  siteName: string;
  seriesId: string | null;
  recurrence: Recurrence;
  startsAt: Date;
  location: string;
  chairId: string;
  chair: string;
  minuteTakerId: string | null;
  minuteTaker: string | null;
  status: MeetingStatus;
  approvedAt: Date | null;
  version: number;
};

function meetingQuery(tx: Tx) {
  return tx
    .selectFrom('meeting as m')
    .innerJoin('site as s', 's.id', 'm.site_id')
    .innerJoin('app_user as ch', 'ch.id', 'm.chair_id')
    .leftJoin('app_user as mt', 'mt.id', 'm.minute_taker_id')
    .select([
      'm.id',
      'm.site_id',
      's.name as site_name',
      'm.series_id',
      'm.recurrence',
      'm.starts_at',
      'm.location',
      'm.chair_id',
      'ch.display_name as chair',
      'm.minute_taker_id',
      'mt.display_name as minute_taker',
      'm.status',
      'm.approved_at',
      'm.version',
    ]);
}
type Base = Awaited<ReturnType<ReturnType<typeof meetingQuery>['execute']>>[number];
const toMeeting = (r: Base): MeetingRow => ({
  id: r.id,
  siteId: r.site_id,
  siteName: r.site_name,
  seriesId: r.series_id,
  recurrence: r.recurrence as Recurrence,
  startsAt: r.starts_at,
  location: r.location,
  chairId: r.chair_id,
  chair: r.chair,
  minuteTakerId: r.minute_taker_id,
  minuteTaker: r.minute_taker,
  status: r.status as MeetingStatus,
  approvedAt: r.approved_at,
  version: r.version,
});

/** The meeting, when the user works at its site (row-level security); null otherwise. */
export async function getMeeting(tx: Tx, id: string): Promise<MeetingRow | null> {
  const r = await meetingQuery(tx).where('m.id', '=', id).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

/** The meetings at the user's sites, soonest upcoming first, then the most recent past. */
export async function listMeetings(tx: Tx, siteIds: readonly string[], limit: number): Promise<MeetingRow[]> {
  if (!siteIds.length) return [];
  const rows = await meetingQuery(tx)
    .where('m.site_id', 'in', siteIds)
    .orderBy('m.starts_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toMeeting);
}

/** The date ('YYYY-MM-DD', UK) of the site's last meeting held before `before`, or null. */
export async function lastMeetingOn(tx: Tx, siteId: string, before: Date): Promise<string | null> {
  const r = await sql<{ on: string | null }>`
    select max(timezone('Europe/London', starts_at)::date)::text as on from meeting
     where site_id = ${siteId}::uuid and starts_at < ${before} and status <> 'planned'`.execute(tx);
  return r.rows[0]?.on ?? null;
}

export async function insertMeeting(
  tx: Tx,
  v: {
    siteId: string;
    seriesId: string | null;
    recurrence: Recurrence;
    startsAt: Date;
    location: string;
    chairId: string;
    minuteTakerId: string | null;
    userId: string;
  },
): Promise<string> {
  const r = await tx
    .insertInto('meeting')
    .values({
      site_id: v.siteId,
      series_id: v.seriesId,
      recurrence: v.recurrence,
      starts_at: v.startsAt,
      location: v.location,
      chair_id: v.chairId,
      minute_taker_id: v.minuteTakerId,
      created_by: v.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertInvitations(
  tx: Tx,
  meetingId: string,
  agencyIds: readonly string[],
  userIds: readonly string[],
): Promise<void> {
  if (agencyIds.length)
    await tx
      .insertInto('meeting_invited_agency')
      .values(agencyIds.map((a) => ({ meeting_id: meetingId, agency_id: a })))
      .execute();
  if (userIds.length)
    await tx
      .insertInto('meeting_participant')
      .values(userIds.map((u) => ({ meeting_id: meetingId, user_id: u, attendance: null, deputy_id: null })))
      .execute();
}

/** Moves the meeting to a status if its version still matches: false when someone changed it first. */
export async function setMeetingStatus(
  tx: Tx,
  v: { id: string; version: number; status: MeetingStatus; userId: string },
): Promise<boolean> {
  const result = await tx
    .updateTable('meeting')
    .set({
      status: v.status,
      ...(v.status === 'minutes_approved' ? { approved_by: v.userId, approved_at: new Date() } : {}),
      version: sql`version + 1`,
    })
    .where('id', '=', v.id)
    .where('version', '=', v.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type ParticipantRow = {
  userId: string;
  name: string;
  agency: string | null;
  agencyKind: string | null;
  attendance: Attendance | null;
  deputyId: string | null;
  deputy: string | null;
  deputyAgencyKind: string | null;
};

export async function listParticipants(tx: Tx, meetingId: string): Promise<ParticipantRow[]> {
  const rows = await tx
    .selectFrom('meeting_participant as p')
    .innerJoin('app_user as u', 'u.id', 'p.user_id')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .leftJoin('app_user as d', 'd.id', 'p.deputy_id')
    .leftJoin('agency as da', 'da.id', 'd.agency_id')
    .select([
      'p.user_id',
      'u.display_name',
      'a.name as agency',
      'a.kind as agency_kind',
      'p.attendance',
      'p.deputy_id',
      'd.display_name as deputy',
      'da.kind as deputy_agency_kind',
    ])
    .where('p.meeting_id', '=', meetingId)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.display_name,
    agency: r.agency,
    agencyKind: r.agency_kind,
    attendance: r.attendance as Attendance | null,
    deputyId: r.deputy_id,
    deputy: r.deputy,
    deputyAgencyKind: r.deputy_agency_kind,
  }));
}

export async function listInvitedAgencies(
  tx: Tx,
  meetingId: string,
): Promise<{ id: string; name: string; kind: string }[]> {
  return tx
    .selectFrom('meeting_invited_agency as i')
    .innerJoin('agency as a', 'a.id', 'i.agency_id')
    .select(['a.id', 'a.name', 'a.kind'])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('a.name')
    .execute();
}

export async function setAttendance(
  tx: Tx,
  meetingId: string,
  entries: readonly { userId: string; attendance: Attendance; deputyId: string | null }[],
): Promise<void> {
  for (const e of entries)
    await tx
      .updateTable('meeting_participant')
      .set({ attendance: e.attendance, deputy_id: e.attendance === 'deputy' ? e.deputyId : null })
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', e.userId)
      .execute();
}

/** The people at a site (active), with their agency, for chair, minute-taker, invitations and deputies. */
export async function peopleAtSite(
  tx: Tx,
  siteId: string,
): Promise<{ id: string; name: string; role: string; agency: string | null; agencyKind: string | null }[]> {
  const rows = await tx
    .selectFrom('app_user as u')
    .innerJoin('user_site as us', 'us.user_id', 'u.id')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.role', 'a.name as agency', 'a.kind as agency_kind'])
    .where('us.site_id', '=', siteId)
    .where('u.active', '=', true)
    .where('u.role', 'not in', ['national_coordinator', 'evaluator', 'administrator'])
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    role: r.role,
    agency: r.agency,
    agencyKind: r.agency_kind,
  }));
}

export async function agenciesAtSite(
  tx: Tx,
  siteId: string,
): Promise<{ id: string; name: string; kind: string }[]> {
  return tx
    .selectFrom('agency')
    .select(['id', 'name', 'kind'])
    .where('site_id', '=', siteId)
    .orderBy('name')
    .execute();
}

export async function quorumRule(tx: Tx, siteId: string): Promise<string[] | null> {
  const r = await tx
    .selectFrom('site_meeting_rule')
    .select('quorum_kinds')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return r ? r.quorum_kinds : null;
}

export async function saveQuorumRule(
  tx: Tx,
  siteId: string,
  kinds: readonly string[],
  userId: string,
): Promise<void> {
  await tx
    .insertInto('site_meeting_rule')
    .values({ site_id: siteId, quorum_kinds: [...kinds], updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('site_id')
        .doUpdateSet({ quorum_kinds: [...kinds], updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

// --- agenda items -----------------------------------------------------------------------------

export type ItemRow = {
  id: string;
  meetingId: string;
  caseId: string;
  reference: string;
  position: number;
  reason: string;
  discussion: string;
  victimVoiceId: string | null;
  voiceReason: string;
  agreedRisk: string | null;
  riskRationale: string;
  decision: string | null;
  version: number;
  updatedBy: string | null;
  updatedAt: Date | null;
  /** withdrawn as entered in error: when, by whom and why (null while it stands); it stays in the minutes */
  withdrawn: Withdrawal | null;
};

function itemQuery(tx: Tx) {
  return tx
    .selectFrom('meeting_item as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .leftJoin('app_user as ub', 'ub.id', 'i.updated_by')
    .leftJoin('app_user as wb', 'wb.id', 'i.withdrawn_by')
    .select([
      'i.id',
      'i.meeting_id',
      'i.case_id',
      'c.reference',
      'i.position',
      'i.reason',
      'i.discussion',
      'i.victim_voice_id',
      'i.voice_reason',
      'i.agreed_risk',
      'i.risk_rationale',
      'i.decision',
      'i.version',
      'ub.display_name as updated_by',
      'i.updated_at',
      'i.withdrawn_at',
      'wb.display_name as withdrawn_by',
      'i.withdrawn_reason',
    ]);
}
type ItemBase = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number];
const toItem = (r: ItemBase): ItemRow => ({
  id: r.id,
  meetingId: r.meeting_id,
  caseId: r.case_id,
  reference: r.reference,
  position: r.position,
  reason: r.reason,
  discussion: r.discussion,
  victimVoiceId: r.victim_voice_id,
  voiceReason: r.voice_reason,
  agreedRisk: r.agreed_risk,
  riskRationale: r.risk_rationale,
  decision: r.decision,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by, r.withdrawn_reason),
});

/**
 * The meeting's agenda items the user may see (row-level security: the cases they may see), in
 * order; those withdrawn as entered in error too (the minutes keep them, marked).
 */
export async function listItems(tx: Tx, meetingId: string): Promise<ItemRow[]> {
  const rows = await itemQuery(tx).where('i.meeting_id', '=', meetingId).orderBy('i.position').execute();
  return rows.map(toItem);
}

export async function getItem(tx: Tx, meetingId: string, itemId: string): Promise<ItemRow | null> {
  const r = await itemQuery(tx)
    .where('i.meeting_id', '=', meetingId)
    .where('i.id', '=', itemId)
    .executeTakeFirst();
  return r ? toItem(r) : null;
}

/** Whether the case has a standing (not withdrawn) item on the meeting's agenda. */
export async function itemForCase(tx: Tx, meetingId: string, caseId: string): Promise<boolean> {
  const r = await tx
    .selectFrom('meeting_item')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return !!r;
}

export async function insertItem(
  tx: Tx,
  v: { meetingId: string; caseId: string; reason: string; userId: string },
): Promise<string> {
  const r = await tx
    .insertInto('meeting_item')
    .values({
      meeting_id: v.meetingId,
      case_id: v.caseId,
      reason: v.reason,
      position: sql<number>`(select coalesce(max(position), 0) + 1 from meeting_item where meeting_id = ${v.meetingId}::uuid)`,
      created_by: v.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteItem(tx: Tx, meetingId: string, itemId: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('meeting_item')
    .where('meeting_id', '=', meetingId)
    .where('id', '=', itemId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function setPosition(tx: Tx, itemId: string, position: number): Promise<void> {
  await tx.updateTable('meeting_item').set({ position }).where('id', '=', itemId).execute();
}

/** Saves an item's minutes if its version still matches: false when someone saved first. */
export async function saveMinutes(
  tx: Tx,
  v: {
    itemId: string;
    version: number;
    discussion: string;
    victimVoiceId: string | null;
    voiceReason: string;
    agreedRisk: string | null;
    riskRationale: string;
    decision: string | null;
    userId: string;
  },
): Promise<boolean> {
  const r = await tx
    .updateTable('meeting_item')
    .set({
      discussion: v.discussion,
      victim_voice_id: v.victimVoiceId,
      voice_reason: v.voiceReason,
      agreed_risk: v.agreedRisk,
      risk_rationale: v.riskRationale,
      decision: v.decision,
      updated_by: v.userId,
      updated_at: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', v.itemId)
    .where('version', '=', v.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type AddendumRow = { id: string; itemId: string; body: string; by: string; at: Date };

export async function listAddenda(tx: Tx, itemIds: readonly string[]): Promise<AddendumRow[]> {
  if (!itemIds.length) return [];
  const rows = await tx
    .selectFrom('meeting_item_addendum as a')
    .innerJoin('app_user as u', 'u.id', 'a.created_by')
    .select(['a.id', 'a.item_id', 'a.body', 'u.display_name', 'a.created_at'])
    .where('a.item_id', 'in', itemIds)
    .orderBy('a.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    body: r.body,
    by: r.display_name,
    at: r.created_at,
  }));
}

export async function insertAddendum(
  tx: Tx,
  v: { itemId: string; caseId: string; body: string; userId: string },
): Promise<string> {
  const r = await tx
    .insertInto('meeting_item_addendum')
    .values({ item_id: v.itemId, case_id: v.caseId, body: v.body, created_by: v.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
