import type { Logger } from 'pino';
import { sql, type RawBuilder } from 'kysely';
import { memberOf } from '../../platform/access/membership.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { JobDeps } from '../../platform/jobs/tasks.js';
import { todayInLondon } from '../../platform/time.js';
import { addDays, ENDING_ALERT_DAYS } from './rules.js';
import { notify } from '../notifications/public.js';

/** How far back a breach stays on /reviews. */
export const BREACH_REVIEW_DAYS = 14;

export type OrderAlertKind = 'order_ending' | 'licence_ending' | 'notification_overdue' | 'breach';

export type OrderAlertRow = {
  case_id: string;
  reference: string;
  site_id: string;
  order_id: string;
  order_kind: string;
  alert: OrderAlertKind;
  on_date: string;
  trigger: string | null;
};

/**
 * The orders that need attention on open cases, as of `today` (UK): an order or licence ending
 * within 28 days (its end after any renewal; not discharged or expired), an SPO notification not
 * given by its due date, and a breach recorded in the last 14 days. `scope` narrows the cases (a
 * condition on `c`); row-level security decides what a request sees. Each part starts from an
 * index on its dates (end dates, new end dates, unnotified due dates, when breaches were recorded),
 * so /reviews does not read every order of a site. Orders, events and breaches withdrawn as entered
 * in error are left out: a withdrawn renewal or discharge no longer moves the order's end.
 */
export function orderAlertsSql(
  today: string,
  scope: RawBuilder<unknown> = sql`true`,
): RawBuilder<OrderAlertRow> {
  const horizon = addDays(today, ENDING_ALERT_DAYS);
  const since = addDays(today, -BREACH_REVIEW_DAYS);
  return sql<OrderAlertRow>`
    select c.id as case_id, c.reference, c.site_id, o.id as order_id, o.kind as order_kind,
           (case when o.kind = 'licence' then 'licence_ending' else 'order_ending' end) as alert,
           t.ends_on::text as on_date, null::text as trigger
      from court_order o
      join cases c on c.id = o.case_id
      cross join lateral (
        select coalesce(r.new_ends_on, case when r.id is null then o.ends_on end) as ends_on
          from (select 1) one
          left join lateral (select e.id, e.new_ends_on from court_order_event e
                              where e.order_id = o.id and e.withdrawn_at is null
                                and (e.new_ends_on is not null or e.new_until_further_order)
                              order by e.occurred_on desc, e.created_at desc limit 1) r on true) t
     where o.id in (select e.id from court_order e where e.ends_on between ${today}::date and ${horizon}::date
                    union
                    select e.order_id from court_order_event e
                     where e.new_ends_on between ${today}::date and ${horizon}::date and e.withdrawn_at is null)
       and o.withdrawn_at is null and c.status not in ('closed', 'declined') and ${scope}
       and t.ends_on between ${today}::date and ${horizon}::date
       and not exists (select 1 from court_order_event d
                        where d.order_id = o.id and d.kind in ('discharged', 'expired') and d.withdrawn_at is null)
    union all
    select c.id, c.reference, c.site_id, o.id, o.kind, 'notification_overdue', n.due_on::text, n.trigger
      from order_notification n
      join court_order o on o.id = n.order_id
      join cases c on c.id = n.case_id
     where n.notified_on is null and n.due_on < ${today}::date and o.withdrawn_at is null
       and c.status not in ('closed', 'declined') and ${scope}
    union all
    select c.id, c.reference, c.site_id, o.id, o.kind, 'breach', b.occurred_on::text, null
      from order_breach b
      join court_order o on o.id = b.order_id
      join cases c on c.id = b.case_id
     where b.created_at >= ${since}::date and b.withdrawn_at is null and o.withdrawn_at is null
       and c.status not in ('closed', 'declined') and ${scope}`;
}

/** For /reviews: the user's own cases' order alerts, or (a coordinator) their sites'. */
export async function listOrderAlerts(
  tx: Tx,
  f: { mine: boolean; siteId: string | null; limit: number; today?: string },
): Promise<OrderAlertRow[]> {
  const scope = sql`c.site_id in (select recolo_private.readable_site_ids('core'))
       and (${!f.mine}::boolean or ${memberOf(sql.ref('c.id'), { teamOnly: true })})
       and (${f.siteId}::uuid is null or c.site_id = ${f.siteId}::uuid)`;
  const result = await sql<OrderAlertRow>`
    select * from (${orderAlertsSql(f.today ?? todayInLondon(), scope)}) a
     order by (a.alert = 'breach'), a.on_date, a.reference
     limit ${f.limit}`.execute(tx);
  return result.rows;
}

const ALERT_KINDS: Record<Exclude<OrderAlertKind, 'breach'>, string> = {
  order_ending: 'order_ending',
  licence_ending: 'licence_ending',
  notification_overdue: 'order_notification_overdue',
};

/**
 * The alerts job (hourly): tells each member of the case team, in the app, of an order or licence
 * ending within 28 days and of an SPO notification overdue. Idempotent: a notification with the
 * same words and link is never sent twice to the same person (a renewal changes the words, so the
 * new end is alerted again). Breaches are told as they are recorded. Runs as the owner.
 */
export async function sendOrderAlerts(
  deps: JobDeps,
  logger: Logger,
  today = todayInLondon(),
): Promise<number> {
  const sent = await deps.db.owner.transaction().execute(async (tx) => {
    const due = await sql<{ user_id: string; case_id: string; kind: string; message: string; link: string }>`
    with alerts as (
      select a.*, 'on case ' || a.reference as on_case,
             to_char(a.on_date::date, 'FMDD FMMonth YYYY') as on_text
        from (${orderAlertsSql(today)}) a
       where a.alert <> 'breach'
    ), messages as (
      select a.case_id, a.order_id,
             (case a.alert when 'licence_ending' then ${ALERT_KINDS.licence_ending}
                           when 'order_ending' then ${ALERT_KINDS.order_ending}
                           else ${ALERT_KINDS.notification_overdue} end) as kind,
             (case a.alert
                when 'licence_ending' then 'The licence ' || a.on_case || ' ends on ' || a.on_text || '.'
                when 'order_ending' then 'An order ' || a.on_case || ' ends on ' || a.on_text || '.'
                else 'The subject of the stalking protection order ' || a.on_case
                     || ' has not notified the police: it was due by ' || a.on_text || '.' end) as message,
             '/cases/' || a.case_id::text || '/orders/' || a.order_id::text as link
        from alerts a
    )
    select distinct t.user_id, m.case_id, m.kind, m.message, m.link
      from messages m
      join case_team t on t.case_id = m.case_id
      join app_user u on u.id = t.user_id and u.active
     where not exists (select 1 from notification n
                        where n.user_id = t.user_id and n.case_id = m.case_id and n.kind = m.kind
                          and n.link = m.link and n.message = m.message)`.execute(tx);
    // told through the notifications service, so each member's e-mail choice applies
    await notify(
      tx,
      due.rows.map((r) => ({
        userId: r.user_id,
        caseId: r.case_id,
        kind: r.kind,
        message: r.message,
        link: r.link,
      })),
    );
    return due.rows.length;
  });
  if (sent > 0) logger.info({ job: 'order_alerts', sent }, 'sent order alerts');
  return sent;
}
