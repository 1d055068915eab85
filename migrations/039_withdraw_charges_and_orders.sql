-- Correcting the record (issue 11): court charges, court orders, an order's conditions and its
-- events (served, varied, renewed, discharged...) entered in error can be withdrawn with a reason.
-- A withdrawn charge leaves the charges, the timeline and the case's convictions with its outcomes;
-- a withdrawn order leaves the orders, the alerts, the overview and the timeline with its breaches;
-- a withdrawn condition or event no longer shapes the order's state. Each stays, marked, where its
-- history is shown. (Core compartment: the update policies come from policy.ts.)
alter table court_charge
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint court_charge_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table court_order
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint court_order_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table court_order_condition
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint court_order_condition_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table court_order_event
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint court_order_event_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

grant update (withdrawn_at, withdrawn_by, withdrawn_reason)
  on court_charge, court_order, court_order_condition, court_order_event to recolo_app;

-- The evaluation's re-offending (first events) and the extract's event tables, as migration 036
-- wrote them, restated whole as `create or replace` needs: the only addition is that a breach of
-- an order withdrawn as entered in error no longer counts (as a withdrawn breach already does not).
create or replace function recolo_private.evaluation_first_events(p_cases uuid[], p_starts date[], p_as_of timestamptz)
  returns table (case_id uuid, stalking_harassment_on date, any_offence_on date, breach_on date,
                 police_incident_on date)
  language sql stable security definer set search_path = ''
  as $$
    with x as materialized (
      select u.case_id, u.start_on
        from unnest(p_cases, p_starts) as u(case_id, start_on)
       where u.case_id in (select recolo_private.evaluation_allowed(p_cases))
    ), offences as (
      select x.case_id, x.start_on,
             min(o.offence_on) filter (where o.classification in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4')) as sh,
             min(o.offence_on) filter (where o.created_at <= p_as_of) as any_on
        from x join public.new_offence o on o.case_id = x.case_id and o.offence_on > x.start_on
       where o.withdrawn_at is null
       group by x.case_id, x.start_on
    ), breaches as (
      select x.case_id, x.start_on, min(b.occurred_on) as on_date
        from x join public.order_breach b on b.case_id = x.case_id and b.occurred_on > x.start_on
       where b.created_at <= p_as_of and b.withdrawn_at is null
         and not exists (select 1 from public.court_order w where w.id = b.order_id and w.withdrawn_at is not null)
       group by x.case_id, x.start_on
    ), police as (
      select x.case_id, x.start_on, min((i.occurred_from at time zone 'Europe/London')::date) as on_date
        from x join public.incident i on i.case_id = x.case_id
       where i.reported_by = 'police' and i.withdrawn_at is null
         and (i.occurred_from at time zone 'Europe/London')::date > x.start_on and i.created_at <= p_as_of
       group by x.case_id, x.start_on
    )
    select x.case_id, o.sh, o.any_on, b.on_date, p.on_date
      from x
      left join offences o on o.case_id = x.case_id and o.start_on = x.start_on
      left join breaches b on b.case_id = x.case_id and b.start_on = x.start_on
      left join police p on p.case_id = x.case_id and p.start_on = x.start_on
  $$;

create or replace function recolo_private.evaluation_events(p_cases uuid[], p_kind text, p_as_of timestamptz)
  returns table (case_id uuid, on_date date, code text, detail text, amount double precision)
  language sql stable security definer set search_path = ''
  as $$
    select o.case_id, o.offence_on, o.classification, o.event_kind, null::double precision
      from public.new_offence o
     where p_kind = 'offences' and o.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and o.created_at <= p_as_of and o.withdrawn_at is null
    union all
    select b.case_id, b.occurred_on, case when b.failure_to_notify then 'failure_to_notify' else 'condition' end,
           b.action, null
      from public.order_breach b
     where p_kind = 'breaches' and b.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and b.created_at <= p_as_of and b.withdrawn_at is null
       and not exists (select 1 from public.court_order w where w.id = b.order_id and w.withdrawn_at is not null)
    union all
    select s.case_id, (s.starts_at at time zone 'Europe/London')::date, coalesce(s.attendance, 'not_recorded'),
           coalesce(s.component, ''), s.duration_minutes
      from public.intervention_session s
     where p_kind = 'sessions' and s.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and s.created_at <= p_as_of and s.starts_at <= p_as_of
    union all
    select r.case_id, (a.completed_at at time zone 'Europe/London')::date, r.domain, r.rating, null
      from public.risk_rating r join public.risk_assessment a on a.id = r.assessment_id and a.status = 'completed'
     where p_kind = 'risk_ratings' and r.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and a.completed_at <= p_as_of
    union all
    select o.case_id, o.administered_on, t.code, o.stage, o.score
      from public.outcome_measure_score o join public.clinical_template t on t.id = o.template_id
     where p_kind = 'outcome_measures' and o.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and o.created_at <= p_as_of
    order by 1, 2, 3
  $$;
