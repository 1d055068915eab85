import { sql, type Kysely } from 'kysely';
import { memberOf } from '../../platform/access/membership.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { DB } from '../../platform/db/schema.js';
import type { MaracMeetingInput, MaracReferralInput, MappaInput } from './schemas.js';
import { notify } from '../notifications/public.js';

/** A case's MAPPA records standing (not withdrawn), newest first; the first is the one in force. */
export async function listMappa(tx: Tx, caseId: string) {
  const rows = await tx
    .selectFrom('mappa_record as m')
    .innerJoin('app_user as u', 'u.id', 'm.created_by')
    .select([
      'm.id',
      'm.category',
      'm.level',
      'm.starts_on',
      'm.ends_on',
      'm.lead_agency',
      'm.next_review_on',
      'm.notes',
      'm.created_at',
      'u.display_name as recorded_by',
    ])
    .where('m.case_id', '=', caseId)
    .where('m.withdrawn_at', 'is', null)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map((r, i) => ({ ...r, current: i === 0 }));
}
export type MappaRow = Awaited<ReturnType<typeof listMappa>>[number];

export async function insertMappa(tx: Tx, caseId: string, userId: string, m: MappaInput): Promise<string> {
  const row = await tx
    .insertInto('mappa_record')
    .values({
      case_id: caseId,
      category: m.category,
      level: m.level,
      starts_on: m.startsOn,
      ends_on: m.endsOn ?? null,
      lead_agency: m.leadAgency,
      next_review_on: m.nextReviewOn ?? null,
      notes: m.notes,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A case's MARAC meetings standing (not withdrawn), newest first, with the referral each heard. */
export function listMaracMeetings(tx: Tx, caseId: string) {
  return tx
    .selectFrom('marac_meeting as m')
    .innerJoin('marac_referral as r', 'r.id', 'm.referral_id')
    .innerJoin('app_user as u', 'u.id', 'm.created_by')
    .select([
      'm.id',
      'm.referral_id',
      'm.meeting_on',
      'm.outcome',
      'm.created_at',
      'r.referred_on',
      'r.referring_agency',
      'u.display_name as recorded_by',
    ])
    .where('m.case_id', '=', caseId)
    .where('m.withdrawn_at', 'is', null)
    .orderBy('m.meeting_on', 'desc')
    .orderBy('m.created_at', 'desc')
    .execute();
}
export type MaracMeetingRow = Awaited<ReturnType<typeof listMaracMeetings>>[number];

/** A case's MARAC referrals standing (not withdrawn), newest first, each with its meetings oldest first. */
export async function listMaracReferrals(tx: Tx, caseId: string) {
  const [referrals, meetings] = await Promise.all([
    tx
      .selectFrom('marac_referral as r')
      .innerJoin('app_user as u', 'u.id', 'r.created_by')
      .select([
        'r.id',
        'r.referred_on',
        'r.referring_agency',
        'r.reason',
        'r.created_at',
        'u.display_name as recorded_by',
      ])
      .where('r.case_id', '=', caseId)
      .where('r.withdrawn_at', 'is', null)
      .orderBy('r.referred_on', 'desc')
      .orderBy('r.created_at', 'desc')
      .execute(),
    listMaracMeetings(tx, caseId),
  ]);
  return referrals.map((r) => ({ ...r, meetings: meetings.filter((m) => m.referral_id === r.id).reverse() }));
}
export type MaracReferralRow = Awaited<ReturnType<typeof listMaracReferrals>>[number];

/** A standing MARAC referral of the case (a withdrawn one is heard at no new meeting). */
export function findMaracReferral(tx: Tx, caseId: string, referralId: string) {
  return tx
    .selectFrom('marac_referral')
    .select(['id', 'referred_on'])
    .where('case_id', '=', caseId)
    .where('id', '=', referralId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
}

export async function insertMaracReferral(
  tx: Tx,
  caseId: string,
  userId: string,
  r: MaracReferralInput,
): Promise<string> {
  const row = await tx
    .insertInto('marac_referral')
    .values({
      case_id: caseId,
      referred_on: r.referredOn,
      referring_agency: r.referringAgency,
      reason: r.reason,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMaracMeeting(
  tx: Tx,
  caseId: string,
  userId: string,
  m: MaracMeetingInput,
): Promise<string> {
  const row = await tx
    .insertInto('marac_meeting')
    .values({
      case_id: caseId,
      referral_id: m.referralId,
      meeting_on: m.meetingOn,
      outcome: m.outcome,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The MAPPA level in force on a case, for the overview (null: none recorded, or all withdrawn). */
export function currentMappa(tx: Tx, caseId: string) {
  return tx
    .selectFrom('mappa_record')
    .select(['category', 'level', 'starts_on', 'ends_on', 'next_review_on', 'lead_agency'])
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type MappaReviewRow = {
  case_id: string;
  reference: string;
  status: string;
  site_id: string;
  site_name: string;
  given_name: string;
  family_name: string;
  mappa_id: string;
  category: number;
  level: number;
  next_review_on: string;
};

/**
 * MAPPA reviews due by `horizon` on open cases: each case's MAPPA record in force (its latest) with
 * a next review date on or before the horizon, management not ended before today; soonest first, at
 * most `limit`. Row-level security limits the cases and records to what the user may see; only
 * cases at sites where they may read the core compartment are listed, and `mine` limits it to
 * their own case teams (break-glass never puts a case on someone's list). Read in review-date
 * order from the partial index on next_review_on.
 */
export async function listMappaReviewsDue(
  tx: Tx,
  f: { mine: boolean; siteId: string | null; today: string; horizon: string; limit: number },
): Promise<MappaReviewRow[]> {
  const r = await sql<MappaReviewRow>`
    select c.id as case_id, c.reference, c.status, s.id as site_id, s.name as site_name,
           p.given_name, p.family_name, m.id as mappa_id, m.category, m.level,
           m.next_review_on::text as next_review_on
      from mappa_record m
      join cases c on c.id = m.case_id
      join site s on s.id = c.site_id
      join person p on p.id = c.subject_id
     where m.next_review_on <= ${f.horizon}::date
       and m.withdrawn_at is null
       and (m.ends_on is null or m.ends_on >= ${f.today}::date)
       and not exists (select 1 from mappa_record n
                        where n.case_id = m.case_id and n.withdrawn_at is null
                          and (n.created_at, n.id) > (m.created_at, m.id) offset 0)
       and c.status not in ('closed', 'declined')
       and c.site_id in (select recolo_private.readable_site_ids('core'))
       and (${!f.mine}::boolean or ${memberOf(sql.ref('c.id'), { teamOnly: true })})
       and (${f.siteId}::uuid is null or c.site_id = ${f.siteId}::uuid)
     order by m.next_review_on, c.reference
     limit ${f.limit}`.execute(tx);
  return r.rows;
}

/** how many days ahead a MAPPA review is announced to the case team */
export const MAPPA_ALERT_DAYS = 7;

/**
 * THE MAPPA REVIEW ALERT (a background job, on the owner connection): every active member of the
 * team of an open case whose MAPPA record in force (the latest not withdrawn) has its next review within MAPPA_ALERT_DAYS of
 * `today` or past, and has not ended, gets one in-app notification for that record. Idempotent:
 * the link names the record, and a member already told of that record is not told again (a new
 * MAPPA record with a new review date is a new alert). One run at a time (a transaction-scoped
 * advisory lock). Returns how many notifications were written.
 */
export async function alertMappaReviewsDue(db: Kysely<DB>, today: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('recolo.mappa_review_alerts'))`.execute(tx);
    const due = await sql<{ user_id: string; case_id: string; message: string; link: string }>`
      select t.user_id, c.id as case_id,
             format('The MAPPA review of case %s (category %s, level %s) is %s on %s.',
                    c.reference, m.category, m.level,
                    case when m.next_review_on < ${today}::date then 'overdue: it was due' else 'due' end,
                    to_char(m.next_review_on, 'FMDD FMMonth YYYY')) as message,
             '/cases/' || c.id::text || '/mappa?review=' || m.id::text as link
        from mappa_record m
        join cases c on c.id = m.case_id
        join case_team t on t.case_id = c.id
        join app_user u on u.id = t.user_id and u.active
       where m.next_review_on <= ${today}::date + ${MAPPA_ALERT_DAYS}::int
         and m.withdrawn_at is null
         and (m.ends_on is null or m.ends_on >= ${today}::date)
         and c.status not in ('closed', 'declined')
         and not exists (select 1 from mappa_record n
                          where n.case_id = m.case_id and n.withdrawn_at is null
                            and (n.created_at, n.id) > (m.created_at, m.id))
         and not exists (select 1 from notification x
                          where x.user_id = t.user_id and x.case_id = c.id and x.kind = 'mappa_review_due'
                            and x.link = '/cases/' || c.id::text || '/mappa?review=' || m.id::text)`.execute(
      tx,
    );
    // told through the notifications service, so each member's e-mail choice applies
    await notify(
      tx,
      due.rows.map((r) => ({
        userId: r.user_id,
        caseId: r.case_id,
        kind: 'mappa_review_due',
        message: r.message,
        link: r.link,
      })),
    );
    return due.rows.length;
  });
}

/** The MAPPA and MARAC tables whose records are withdrawn as entered in error. */
export type MappaMaracTable = 'mappa_record' | 'marac_referral' | 'marac_meeting';

/**
 * A case's MAPPA records, MARAC referrals or MARAC meetings withdrawn as entered in error, newest
 * withdrawal first: what they were (`text`, for the list), when, by whom and why.
 */
export async function listWithdrawn(tx: Tx, table: MappaMaracTable, caseId: string) {
  const what =
    table === 'mappa_record'
      ? sql<string>`'Category ' || r.category || ', level ' || r.level || ' from ' || to_char(r.starts_on, 'FMDD FMMonth YYYY')`
      : table === 'marac_referral'
        ? sql<string>`'Referral of ' || to_char(r.referred_on, 'FMDD FMMonth YYYY')`
        : sql<string>`'Meeting of ' || to_char(r.meeting_on, 'FMDD FMMonth YYYY')`;
  const rows = await sql<{
    id: string;
    text: string;
    withdrawn_at: Date;
    withdrawn_by: string;
    withdrawn_reason: string;
  }>`
    select r.id, ${what} as text, r.withdrawn_at, u.display_name as withdrawn_by, r.withdrawn_reason
      from ${sql.table(table)} r join app_user u on u.id = r.withdrawn_by
     where r.case_id = ${caseId} and r.withdrawn_at is not null
     order by r.withdrawn_at desc, r.id`.execute(tx);
  return rows.rows;
}

/** How many standing MARAC meetings heard a referral (a referral is withdrawn only without them). */
export async function standingMeetingsOf(tx: Tx, caseId: string, referralId: string): Promise<number> {
  const r = await tx
    .selectFrom('marac_meeting')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('case_id', '=', caseId)
    .where('referral_id', '=', referralId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}
