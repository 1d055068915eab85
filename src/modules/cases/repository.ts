import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { rolesThatCan } from '../../platform/access/policy.js';
import { memberOf } from '../../platform/access/membership.js';

export type CaseFilters = {
  status?: string | undefined;
  siteId?: string | undefined;
  /** only cases the signed-in user is on the team of */
  mine: boolean;
};
export const PAGE_SIZE = 50;
/** the list counts up to this many cases; beyond it, it says "more than" */
export const COUNT_CAP = 1000;

/** A position in the list, ordered by last update (newest first), then reference. */
export type CaseCursor = { at: string; reference: string };
export type ListPosition =
  | { kind: 'page'; page: number }
  | { kind: 'after'; cursor: CaseCursor }
  | { kind: 'before'; cursor: CaseCursor };

function listQuery(tx: Tx, f: CaseFilters) {
  let q = tx.selectFrom('cases as c');
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.siteId) q = q.where('c.site_id', '=', f.siteId);
  // the user's team cases: row-level security has already kept only cases they may read
  if (f.mine) q = q.where(memberOf(sql.ref('c.id'), { teamOnly: true }));
  return q;
}

/**
 * One page of the cases the user may see (row-level security decides which), newest update first:
 * by cursor (keyset: an index range, however deep) or by page number. The count stops at
 * COUNT_CAP, so neither grows with the number of cases.
 */
export async function listCases(tx: Tx, f: CaseFilters, position: ListPosition) {
  const backwards = position.kind === 'before';
  const direction = backwards ? 'asc' : 'desc';
  // the page of cases first (an index range), then its people and sites: 51 rows joined, not all
  let page = listQuery(tx, f)
    .select([
      'c.id',
      'c.reference',
      'c.status',
      'c.accepted_mode',
      'c.updated_at',
      'c.subject_id',
      'c.site_id',
      // exact to the microsecond, whatever the session's date style: the cursor for keyset paging
      sql<string>`to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
    ])
    .orderBy('c.updated_at', direction)
    .orderBy('c.reference', direction)
    .limit(PAGE_SIZE + 1);
  if (position.kind === 'page') page = page.offset((position.page - 1) * PAGE_SIZE);
  else {
    const { at, reference } = position.cursor;
    page = page.where(
      sql<boolean>`(c.updated_at, c.reference) ${sql.raw(backwards ? '>' : '<')} (${at}::timestamptz, ${reference}::text)`,
    );
  }
  const q = tx
    .selectFrom(page.as('c'))
    .innerJoin('person as p', 'p.id', 'c.subject_id')
    .innerJoin('site as s', 's.id', 'c.site_id')
    .select([
      'c.id',
      'c.reference',
      'c.status',
      'c.accepted_mode',
      'c.updated_at',
      'c.cursor_at',
      'p.given_name',
      'p.family_name',
      's.name as site_name',
    ])
    .orderBy('c.updated_at', direction)
    .orderBy('c.reference', direction);
  const [fetched, counted] = await Promise.all([
    q.execute(),
    tx
      .selectFrom(
        listQuery(tx, f)
          .select(sql<number>`1`.as('one'))
          .limit(COUNT_CAP + 1)
          .as('capped'),
      )
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const more = fetched.length > PAGE_SIZE;
  const rows = fetched.slice(0, PAGE_SIZE);
  if (backwards) rows.reverse();
  const cursorOf = (r: (typeof rows)[number] | undefined): CaseCursor | null =>
    r ? { at: r.cursor_at, reference: r.reference } : null;
  return {
    rows,
    total: Math.min(counted.n, COUNT_CAP),
    totalCapped: counted.n > COUNT_CAP,
    hasNext: backwards ? true : more,
    hasPrevious: backwards
      ? more
      : position.kind === 'after' || (position.kind === 'page' && position.page > 1),
    first: cursorOf(rows[0]),
    last: cursorOf(rows[rows.length - 1]),
  };
}

export function findReferral(tx: Tx, caseId: string) {
  return tx
    .selectFrom('referral as r')
    .innerJoin('agency as a', 'a.id', 'r.referring_agency_id')
    .select([
      'r.referrer_name',
      'r.reason',
      'r.consent',
      'r.consent_notes',
      'r.is_adult',
      'r.lives_in_area',
      'r.created_at',
      'a.name as agency_name',
      'a.kind as agency_kind',
    ])
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
}

export function listOffences(tx: Tx, caseId: string) {
  return (
    tx
      .selectFrom('case_offence')
      .select(['id', 'code', 'description'])
      .where('case_id', '=', caseId)
      // an offence withdrawn as entered in error leaves the overview (its own page keeps it)
      .where('withdrawn_at', 'is', null)
      .orderBy('code')
      .execute()
  );
}

export function listVictims(tx: Tx, caseId: string) {
  return (
    tx
      .selectFrom('case_victim as v')
      .innerJoin('person as p', 'p.id', 'v.victim_id')
      .select(['v.id', 'v.relationship', 'p.given_name', 'p.family_name'])
      .where('v.case_id', '=', caseId)
      // a victim withdrawn as entered in error leaves the overview (the victims page marks them)
      .where('v.withdrawn_at', 'is', null)
      .orderBy('v.created_at')
      .execute()
  );
}

export function listTeam(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_team as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.role', 'a.name as agency_name', 't.added_at'])
    .where('t.case_id', '=', caseId)
    .orderBy('u.display_name')
    .execute();
}

export function listStatusEvents(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_status_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.by_user')
    .select([
      'e.from_status',
      'e.to_status',
      'e.accepted_mode',
      'e.reason',
      'e.voice_not_current_reason',
      'e.at',
      'u.display_name',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.at', 'desc')
    .execute();
}

export async function isOnTeam(tx: Tx, caseId: string, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('case_team')
    .select('user_id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Optimistic concurrency: the update applies only to the version the user saw. */
export async function updateStatus(
  tx: Tx,
  caseId: string,
  version: number,
  status: string,
  mode: string | null,
): Promise<boolean> {
  const result = await tx
    .updateTable('cases')
    .set((eb) => ({
      status,
      accepted_mode: mode,
      updated_at: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', caseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Sets the case's current investigation status if the case is still at `version` (the optimistic
 * check), raising the version. False when someone else changed the case first.
 */
export async function updateInvestigationStatus(
  tx: Tx,
  caseId: string,
  version: number,
  status: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('cases')
    .set((eb) => ({ investigation_status: status, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertStatusEvent(
  tx: Tx,
  e: {
    caseId: string;
    from: string | null;
    to: string;
    mode: string | null;
    reason: string;
    voiceNotCurrentReason?: string | null;
    by: string;
  },
) {
  await tx
    .insertInto('case_status_event')
    .values({
      case_id: e.caseId,
      from_status: e.from,
      to_status: e.to,
      accepted_mode: e.mode,
      reason: e.reason,
      voice_not_current_reason: e.voiceNotCurrentReason ?? null,
      by_user: e.by,
    })
    .execute();
}

/** Staff at the case's site who may join a case team (not programme-wide or admin roles). */
export function teamCandidates(tx: Tx, siteId: string, caseId: string) {
  return tx
    .selectFrom('app_user as u')
    .innerJoin('user_site as us', 'us.user_id', 'u.id')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.role', 'a.name as agency_name'])
    .where('us.site_id', '=', siteId)
    .where('u.active', '=', true)
    .where('u.role', 'in', rolesThatCan('join_case_team'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('case_team as t')
            .select('t.user_id')
            .whereRef('t.user_id', '=', 'u.id')
            .where('t.case_id', '=', caseId),
        ),
      ),
    )
    .orderBy('u.display_name')
    .execute();
}

export async function addTeamMember(tx: Tx, caseId: string, userId: string, addedBy: string) {
  await tx.insertInto('case_team').values({ case_id: caseId, user_id: userId, added_by: addedBy }).execute();
}

export async function removeTeamMember(tx: Tx, caseId: string, userId: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('case_team')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Who viewed or changed the case; refused attempts are on their own page (/access-refusals). */
/** Filters of a case's access log: who, which action, and London days from and to (inclusive). */
export type AccessLogFilter = {
  userId?: string | undefined;
  action?: string | undefined;
  /** 'YYYY-MM-DD' */
  from?: string | undefined;
  /** 'YYYY-MM-DD' */
  to?: string | undefined;
  oldestFirst?: boolean | undefined;
};

function accessLogQuery(tx: Tx, caseId: string, f: AccessLogFilter) {
  let q = tx
    .selectFrom('audit.event as e')
    .where('e.case_id', '=', caseId)
    .where('e.action', '!=', 'access.refused');
  if (f.userId) q = q.where('e.user_id', '=', f.userId);
  if (f.action) q = q.where('e.action', '=', f.action);
  if (f.from) q = q.where(sql<boolean>`e.at >= (${f.from}::date::timestamp at time zone 'Europe/London')`);
  if (f.to) q = q.where(sql<boolean>`e.at < ((${f.to}::date + 1)::timestamp at time zone 'Europe/London')`);
  return q;
}

/**
 * One page of a case's access log (newest first unless `oldestFirst`), and how many events match.
 * `limit` rows from `offset`.
 */
export async function accessLog(tx: Tx, caseId: string, f: AccessLogFilter, offset: number, limit: number) {
  const rows = await accessLogQuery(tx, caseId, f)
    .leftJoin('app_user as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.at',
      'e.action',
      'e.reason',
      'e.break_glass',
      'e.record_type',
      'u.display_name',
      'u.role',
    ])
    .orderBy('e.id', f.oldestFirst ? 'asc' : 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
  const counted = await accessLogQuery(tx, caseId, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(counted.n) };
}

/** The people and actions that appear in a case's access log, for its filters. */
export async function accessLogFacets(tx: Tx, caseId: string) {
  const people = await tx
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('audit.event as e')
          .select(sql`1`.as('one'))
          .whereRef('e.user_id', '=', 'u.id')
          .where('e.case_id', '=', caseId)
          .where('e.action', '!=', 'access.refused'),
      ),
    )
    .orderBy('u.display_name')
    .execute();
  const actions = await tx
    .selectFrom('audit.event as e')
    .select('e.action')
    .distinct()
    .where('e.case_id', '=', caseId)
    .where('e.action', '!=', 'access.refused')
    .orderBy('e.action')
    .execute();
  return { people, actions: actions.map((a) => a.action) };
}
