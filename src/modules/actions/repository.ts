import { sql, type RawBuilder } from 'kysely';
import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { ActionStatus } from './rules.js';

/** One action as the pages and API show it. Dates 'YYYY-MM-DD'. */
/** Where an action came from when not a meeting or the case's Actions tab: a risk management plan. */
export type ActionSource = { kind: 'risk_assessment'; id: string };

export type ActionRow = {
  id: string;
  caseId: string;
  reference: string;
  meetingItemId: string | null;
  meetingId: string | null;
  description: string;
  ownerUserId: string | null;
  ownerAgencyId: string | null;
  owner: string;
  dueOn: string;
  status: ActionStatus;
  notDoneReason: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  source: ActionSource | null;
  /** withdrawn as entered in error: when, by whom and why (null while it stands) */
  withdrawn: Withdrawal | null;
};

function actionQuery(tx: Tx) {
  return tx
    .selectFrom('case_action as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .innerJoin('app_user as cb', 'cb.id', 'a.created_by')
    .leftJoin('app_user as ou', 'ou.id', 'a.owner_user_id')
    .leftJoin('agency as ag', 'ag.id', 'a.owner_agency_id')
    .leftJoin('meeting_item as mi', 'mi.id', 'a.meeting_item_id')
    .leftJoin('app_user as wb', 'wb.id', 'a.withdrawn_by')
    .select([
      'a.id',
      'a.case_id',
      'c.reference',
      'a.meeting_item_id',
      'mi.meeting_id',
      'a.description',
      'a.owner_user_id',
      'a.owner_agency_id',
      'ou.display_name as owner_name',
      'ag.name as agency_name',
      sql<string>`a.due_on::text`.as('due_on'),
      'a.status',
      'a.not_done_reason',
      'a.version',
      'cb.display_name as created_by',
      'a.created_at',
      'a.source_kind',
      'a.source_id',
      'a.withdrawn_at',
      'wb.display_name as withdrawn_by',
      'a.withdrawn_reason',
    ]);
}
type Base = Awaited<ReturnType<ReturnType<typeof actionQuery>['execute']>>[number];
const toRow = (r: Base): ActionRow => ({
  id: r.id,
  caseId: r.case_id,
  reference: r.reference,
  meetingItemId: r.meeting_item_id,
  meetingId: r.meeting_id,
  description: r.description,
  ownerUserId: r.owner_user_id,
  ownerAgencyId: r.owner_agency_id,
  owner: r.owner_name ?? r.agency_name ?? '',
  dueOn: r.due_on,
  status: r.status as ActionStatus,
  notDoneReason: r.not_done_reason,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  source:
    r.source_kind && r.source_id ? { kind: r.source_kind as ActionSource['kind'], id: r.source_id } : null,
  withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by, r.withdrawn_reason),
});

/** A case's actions standing (not withdrawn), soonest due first. */
export async function listForCase(tx: Tx, caseId: string): Promise<ActionRow[]> {
  const rows = await actionQuery(tx)
    .where('a.case_id', '=', caseId)
    .where('a.withdrawn_at', 'is', null)
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .execute();
  return rows.map(toRow);
}

/** A case's actions withdrawn as entered in error, newest withdrawal first. */
export async function listWithdrawnForCase(tx: Tx, caseId: string): Promise<ActionRow[]> {
  const rows = await actionQuery(tx)
    .where('a.case_id', '=', caseId)
    .where('a.withdrawn_at', 'is not', null)
    .orderBy('a.withdrawn_at', 'desc')
    .execute();
  return rows.map(toRow);
}

/**
 * The actions agreed on meeting items, withdrawn ones too (the minutes keep them, marked), soonest
 * due first.
 */
export async function listForItems(tx: Tx, itemIds: readonly string[]): Promise<ActionRow[]> {
  if (!itemIds.length) return [];
  const rows = await actionQuery(tx)
    .where('a.meeting_item_id', 'in', itemIds)
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .execute();
  return rows.map(toRow);
}

export async function getAction(tx: Tx, caseId: string, id: string): Promise<ActionRow | null> {
  const r = await actionQuery(tx).where('a.case_id', '=', caseId).where('a.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

/** Which of the user's actions a page lists: those still open, or those done or not done. */
export type MineShown = 'open' | 'closed';
/** A place in a list of actions: the due date ('YYYY-MM-DD') and id of the row to go on from. */
export type ActionCursor = { dueOn: string; id: string };
export type ActionPosition = { after: ActionCursor } | { before: ActionCursor } | { first: true };
/** Rows on a page of actions; the count stops at ACTIONS_COUNT_CAP (both issue 10: flat with the data). */
export const ACTIONS_PAGE_SIZE = 50;
export const ACTIONS_COUNT_CAP = 1000;

/** One page of a list of actions, in display order, with the places either side. */
export type ActionPage = {
  rows: ActionRow[];
  /** the list's length up to ACTIONS_COUNT_CAP; `totalCapped` when it is longer */
  total: number;
  totalCapped: boolean;
  hasNext: boolean;
  hasPrevious: boolean;
  first: ActionCursor | null;
  last: ActionCursor | null;
};

/**
 * A keyset page of actions ordered by (due_on, id), ascending or not (`listAscending`): `ids(range,
 * dir, limit)` gives the SQL of the candidate ids (an index range each, with `range` restricting
 * it past the cursor), `counted` the SQL of up to ACTIONS_COUNT_CAP + 1 rows to count. Going back
 * a page reads the other way and turns the rows round. Row-level security decides which rows exist.
 */
async function keysetPage(
  tx: Tx,
  position: ActionPosition,
  listAscending: boolean,
  ids: (range: RawBuilder<unknown>, dir: RawBuilder<unknown>, limit: number) => RawBuilder<unknown>,
  counted: RawBuilder<unknown>,
): Promise<ActionPage> {
  const backwards = 'before' in position;
  const ascending = listAscending !== backwards;
  const cursor = 'after' in position ? position.after : 'before' in position ? position.before : null;
  const range = cursor
    ? sql`and (due_on, id) ${sql.raw(ascending ? '>' : '<')} (${cursor.dueOn}::date, ${cursor.id}::uuid)`
    : sql``;
  const limit = ACTIONS_PAGE_SIZE + 1;
  const [fetched, count] = await Promise.all([
    actionQuery(tx)
      .where(sql<boolean>`a.id in (${ids(range, sql.raw(ascending ? 'asc' : 'desc'), limit)})`)
      .orderBy('a.due_on', ascending ? 'asc' : 'desc')
      .orderBy('a.id', ascending ? 'asc' : 'desc')
      .limit(limit)
      .execute(),
    sql<{ n: number }>`select count(*)::int as n from (${counted}) as listed`.execute(tx),
  ]);
  const more = fetched.length > ACTIONS_PAGE_SIZE;
  const rows = fetched.slice(0, ACTIONS_PAGE_SIZE).map(toRow);
  if (backwards) rows.reverse();
  const at = (r: ActionRow | undefined): ActionCursor | null => (r ? { dueOn: r.dueOn, id: r.id } : null);
  const n = count.rows[0]?.n ?? 0;
  return {
    rows,
    total: Math.min(n, ACTIONS_COUNT_CAP),
    totalCapped: n > ACTIONS_COUNT_CAP,
    hasNext: backwards ? true : more,
    hasPrevious: backwards ? more : 'after' in position,
    first: at(rows[0]),
    last: at(rows[rows.length - 1]),
  };
}

/**
 * One page of the user's own standing actions (named, or owned by their agency), open ones soonest
 * due first, closed ones latest due first, on the owner indexes of migration 047: a page costs the
 * same on the first page and the hundredth, however many actions an agency owns.
 */
export function listMine(
  tx: Tx,
  userId: string,
  agencyId: string | null,
  shown: MineShown,
  position: ActionPosition,
): Promise<ActionPage> {
  const status = sql.raw(shown === 'open' ? "status = 'open'" : "status <> 'open'");
  // a person and an agency are separate owners (an action has one): an index range each
  const owners = [sql`owner_user_id = ${userId}`, ...(agencyId ? [sql`owner_agency_id = ${agencyId}`] : [])];
  return keysetPage(
    tx,
    position,
    shown === 'open',
    (range, dir, limit) =>
      sql.join(
        owners.map(
          (owner) => sql`(select id from case_action
             where ${owner} and ${status} and withdrawn_at is null ${range}
             order by due_on ${dir}, id ${dir} limit ${limit})`,
        ),
        sql` union all `,
      ),
    sql.join(
      owners.map(
        (owner) => sql`(select 1 from case_action
           where ${owner} and ${status} and withdrawn_at is null limit ${ACTIONS_COUNT_CAP + 1})`,
      ),
      sql` union all `,
    ),
  );
}

/**
 * One page of the open standing actions due before `today` ('YYYY-MM-DD') on cases at the sites
 * given (row-level security: those the user may see), longest overdue first, on the open-actions
 * index of migration 047.
 */
export function listOverdue(
  tx: Tx,
  siteIds: readonly string[],
  today: string,
  position: ActionPosition,
): Promise<ActionPage> {
  const overdue = sql`o.status = 'open' and o.withdrawn_at is null and o.due_on < ${today}::date
    and exists (select 1 from cases c where c.id = o.case_id and c.site_id = any(${[...siteIds]}::uuid[]))`;
  return keysetPage(
    tx,
    position,
    true,
    (range, dir, limit) => sql`select o.id from case_action o
       where ${overdue} ${range} order by o.due_on ${dir}, o.id ${dir} limit ${limit}`,
    sql`select 1 from case_action o where ${overdue} limit ${ACTIONS_COUNT_CAP + 1}`,
  );
}

export async function insertAction(
  tx: Tx,
  v: {
    caseId: string;
    meetingItemId: string | null;
    description: string;
    ownerUserId: string | null;
    ownerAgencyId: string | null;
    dueOn: string;
    userId: string;
    source?: ActionSource | null;
  },
): Promise<string> {
  const r = await tx
    .insertInto('case_action')
    .values({
      case_id: v.caseId,
      meeting_item_id: v.meetingItemId,
      description: v.description,
      owner_user_id: v.ownerUserId,
      owner_agency_id: v.ownerAgencyId,
      due_on: v.dueOn,
      created_by: v.userId,
      source_kind: v.source?.kind ?? null,
      source_id: v.source?.id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Sets the status if the version still matches: false when someone changed it first. */
export async function setStatus(
  tx: Tx,
  v: { caseId: string; id: string; version: number; status: ActionStatus; reason: string; userId: string },
): Promise<boolean> {
  const result = await tx
    .updateTable('case_action')
    .set({
      status: v.status,
      not_done_reason: v.status === 'not_done' ? v.reason : '',
      closed_by: v.status === 'open' ? null : v.userId,
      closed_at: v.status === 'open' ? null : new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', v.id)
    .where('case_id', '=', v.caseId)
    .where('version', '=', v.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The people who may own an action on the case: its team and the site's coordinators, active. */
export async function possibleOwners(
  tx: Tx,
  caseId: string,
): Promise<{ id: string; name: string; agencyId: string | null }[]> {
  const result = await sql<{ id: string; name: string; agency_id: string | null }>`
    select u.id, u.display_name as name, u.agency_id
      from app_user u
      join cases c on c.id = ${caseId}::uuid
     where u.active
       and exists (select 1 from user_site us where us.user_id = u.id and us.site_id = c.site_id)
       and (exists (select 1 from case_team t where t.case_id = c.id and t.user_id = u.id)
            or u.role = 'site_coordinator')
     order by u.display_name`.execute(tx);
  return result.rows.map((r) => ({ id: r.id, name: r.name, agencyId: r.agency_id }));
}

/** Where a user works: whether at the site, and whether they may see the case (team or coordinator). */
export async function ownerStanding(
  tx: Tx,
  userId: string,
  caseId: string,
): Promise<{ atSite: boolean; seesCase: boolean } | null> {
  const result = await sql<{ at_site: boolean; sees_case: boolean }>`
    select exists (select 1 from user_site us where us.user_id = u.id and us.site_id = c.site_id) as at_site,
           (exists (select 1 from case_team t where t.case_id = c.id and t.user_id = u.id)
            or u.role = 'site_coordinator') as sees_case
      from app_user u, cases c
     where u.id = ${userId}::uuid and c.id = ${caseId}::uuid and u.active`.execute(tx);
  const r = result.rows[0];
  return r ? { atSite: r.at_site, seesCase: r.sees_case } : null;
}

/** The agencies at the case's site. */
export async function siteAgencies(tx: Tx, caseId: string): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom('agency as a')
    .innerJoin('cases as c', 'c.site_id', 'a.site_id')
    .select(['a.id', 'a.name'])
    .where('c.id', '=', caseId)
    .orderBy('a.name')
    .execute();
}
