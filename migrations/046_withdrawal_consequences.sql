-- The consequences of a withdrawal (issue 11, "correct the record").
--
-- 1. A breach goes with the condition it broke: withdrawing a condition (or the variation that
--    added it) as entered in error withdraws its standing breaches with the same when, who and
--    why, so they no longer count anywhere a withdrawn breach does not (the order, the alerts, the
--    overview, the timeline, the evaluation and its extract). The breaches of conditions withdrawn
--    before this migration go with them now, the same way.
update order_breach b
   set withdrawn_at = c.withdrawn_at, withdrawn_by = c.withdrawn_by, withdrawn_reason = c.withdrawn_reason
  from court_order_condition c
 where c.id = b.condition_id and c.withdrawn_at is not null and b.withdrawn_at is null;

update order_breach b
   set withdrawn_at = e.withdrawn_at, withdrawn_by = e.withdrawn_by, withdrawn_reason = e.withdrawn_reason
  from court_order_condition c
  join court_order_event e on e.id = c.added_event_id
 where c.id = b.condition_id and e.withdrawn_at is not null and b.withdrawn_at is null;

-- 2. A withdrawn service of a stalking protection order no longer starts the subject's 3 days to
--    notify: a requirement not yet met that ran from it runs from the service still standing (or
--    the day the order was made). The application moves it in the withdrawal's transaction.
grant update (trigger_on, due_on) on order_notification to recolo_app;

update order_notification n
   set trigger_on = s.on_date, due_on = s.on_date + 2
  from (select o.id as order_id, ws.occurred_on as withdrawn_on,
               coalesce((select max(e.occurred_on) from court_order_event e
                          where e.order_id = o.id and e.kind = 'served' and e.withdrawn_at is null),
                        o.made_on) as on_date
          from court_order o
          join court_order_event ws on ws.order_id = o.id and ws.kind = 'served' and ws.withdrawn_at is not null) s
 where n.order_id = s.order_id and n.trigger = 'order' and n.notified_on is null
   and n.trigger_on = s.withdrawn_on and s.on_date <> s.withdrawn_on;

-- 3. An action withdrawn as entered in error is told to its owner (as its giving was): a writer of
--    the case's core may tell the person a withdrawn action of the case was given to, and no one
--    else (the action is withdrawn first, in the same transaction).
create policy notification_action_withdrawn on notification for insert to recolo_app
  with check (case_id is not null and kind = 'action_withdrawn'
              and recolo_private.can_write(case_id, 'core')
              and exists (select 1 from public.case_action a
                           where a.case_id = notification.case_id
                             and a.owner_user_id = notification.user_id
                             and a.withdrawn_at is not null));
