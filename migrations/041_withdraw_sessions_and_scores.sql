-- Correcting the record (issue 11): an intervention session or an outcome measure score entered in
-- error can be withdrawn with a reason. A withdrawn session leaves the sessions list, the case's
-- attendance and staff time, the timeline, the overview's next appointment, the diary and the
-- evaluation (engagement, staff time, the first session, the extract's sessions); its clinicians'
-- staff time and its clinical notes go with it. A withdrawn score leaves the case's outcome
-- measures and their reliable change, and the evaluation's psychological change and the extract's
-- outcome measures. Each stays listed as withdrawn, with who, when and why, to those who may see
-- its compartment (sessions: core, written by the health team on the case; scores: clinical). The
-- update policies come from policy.ts.
alter table intervention_session
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint intervention_session_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table outcome_measure_score
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint outcome_measure_score_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

grant update (withdrawn_at, withdrawn_by, withdrawn_reason) on intervention_session, outcome_measure_score to recolo_app;

-- The evaluation leaves withdrawn sessions and scores out: each function restated whole from its
-- latest definition (evaluation_cases: 034; evaluation_engagement, evaluation_staff_time,
-- evaluation_outcome_change: 026; evaluation_events: 036), as `create or replace` needs, with only
-- `withdrawn_at is null` conditions added.
create or replace function recolo_private.evaluation_cases(p_sites uuid[], p_from date, p_to date, p_as_of timestamptz)
  returns table (case_id uuid, site_id uuid, referred_on date, accepted_on date, accepted_mode text,
                 intervention_on date, declined_on date, closed_on date, discharged_on date,
                 discharge_kind text, unplanned_reason text, first_session_on date, typology text,
                 risk_at_entry text, age_at_referral integer)
  language sql stable security definer set search_path = ''
  as $$
    with c as materialized (
      select c.id, c.site_id, c.subject_id, c.created_at
        from public.cases c
       where c.site_id = any (p_sites)
         and c.site_id in (select recolo_private.evaluation_site_ids())
         and c.created_at <= p_as_of
         and (p_from is null or (c.created_at at time zone 'Europe/London')::date >= p_from)
         and (p_to is null or (c.created_at at time zone 'Europe/London')::date <= p_to)
    ), status as (
      select e.case_id,
             min(e.at) filter (where e.to_status = 'accepted') as accepted_at,
             (array_agg(e.accepted_mode order by e.at) filter (where e.to_status = 'accepted'))[1] as accepted_mode,
             min(e.at) filter (where e.accepted_mode = 'intervention') as intervention_at,
             min(e.at) filter (where e.to_status = 'declined') as declined_at,
             min(e.at) filter (where e.to_status = 'closed') as closed_at
        from c join public.case_status_event e on e.case_id = c.id
       where e.at <= p_as_of
       group by e.case_id
    ), first_session as (
      select s.case_id, min(s.starts_at) as starts_at
        from c join public.intervention_session s on s.case_id = c.id
       where s.attendance in ('attended', 'late') and s.created_at <= p_as_of and s.withdrawn_at is null
       group by s.case_id
    ), first_spj as (
      select distinct on (a.case_id) a.case_id, a.typology, coalesce(a.override_band, a.computed_band) as band
        from c join public.risk_assessment a on a.case_id = c.id
        join public.instrument_version iv on iv.id = a.instrument_version_id
        join public.instrument i on i.id = iv.instrument_id
       where a.status = 'completed' and i.tier = 'spj' and a.completed_at <= p_as_of
       order by a.case_id, a.completed_at, a.id
    )
    select c.id, c.site_id,
           (c.created_at at time zone 'Europe/London')::date,
           (st.accepted_at at time zone 'Europe/London')::date,
           st.accepted_mode,
           (st.intervention_at at time zone 'Europe/London')::date,
           (st.declined_at at time zone 'Europe/London')::date,
           (st.closed_at at time zone 'Europe/London')::date,
           d.discharged_on, d.kind, d.unplanned_reason,
           (fs.starts_at at time zone 'Europe/London')::date,
           spj.typology, spj.band,
           case when p.date_of_birth is null then null
                else extract(year from age((c.created_at at time zone 'Europe/London')::date, p.date_of_birth))::integer end
      from c
      join public.person p on p.id = c.subject_id
      left join public.discharge d on d.case_id = c.id and d.created_at <= p_as_of
      left join status st on st.case_id = c.id
      left join first_session fs on fs.case_id = c.id
      left join first_spj spj on spj.case_id = c.id
  $$;

create or replace function recolo_private.evaluation_engagement(p_cases uuid[], p_as_of timestamptz)
  returns table (cases integer, cases_with_sessions integer, offered integer, attended integer,
                 did_not_attend integer, cancelled_by_person integer, cancelled_by_service integer,
                 cases_with_plan integer, cases_completed_course integer)
  language sql stable security definer set search_path = ''
  as $$
    with per_case as (
      select c.id,
             count(s.id) filter (where s.starts_at <= p_as_of) as offered,
             count(s.id) filter (where s.attendance in ('attended', 'late')) as attended,
             count(s.id) filter (where s.attendance = 'did_not_attend') as dna,
             count(s.id) filter (where s.attendance = 'cancelled_by_person') as by_person,
             count(s.id) filter (where s.attendance = 'cancelled_by_service') as by_service,
             (select sum((comp ->> 'plannedSessions')::integer)
                from (select p.components from public.intervention_plan p
                       where p.case_id = c.id and p.created_at <= p_as_of
                       order by p.version desc limit 1) latest,
                     jsonb_array_elements(latest.components) comp) as planned
        from public.cases c
        left join public.intervention_session s on s.case_id = c.id and s.created_at <= p_as_of
             and s.withdrawn_at is null
       where c.id in (select recolo_private.evaluation_allowed(p_cases))
       group by c.id
    )
    select count(*)::integer, count(*) filter (where offered > 0)::integer,
           coalesce(sum(offered), 0)::integer, coalesce(sum(attended), 0)::integer,
           coalesce(sum(dna), 0)::integer, coalesce(sum(by_person), 0)::integer,
           coalesce(sum(by_service), 0)::integer,
           count(*) filter (where planned > 0)::integer,
           count(*) filter (where planned > 0 and attended >= planned)::integer
      from per_case
  $$;

create or replace function recolo_private.evaluation_staff_time(p_cases uuid[], p_as_of timestamptz)
  returns table (profession text, cases integer, minutes bigint)
  language sql stable security definer set search_path = ''
  as $$
    select u.role, count(distinct sc.case_id)::integer,
           sum(coalesce(sc.face_to_face_minutes, 0) + coalesce(sc.admin_minutes, 0))::bigint
      from public.intervention_session_clinician sc
      join public.intervention_session s on s.id = sc.session_id and s.created_at <= p_as_of
           and s.withdrawn_at is null
      join public.app_user u on u.id = sc.user_id
     where sc.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and sc.face_to_face_minutes is not null
     group by u.role
  $$;

create or replace function recolo_private.evaluation_outcome_change(p_cases uuid[], p_as_of timestamptz)
  returns table (case_id uuid, measure_code text, measure_name text, norms jsonb, before_score double precision,
                 after_score double precision)
  language sql stable security definer set search_path = ''
  as $$
    select o.case_id, t.code, max(t.name), (array_agg(t.definition -> 'norms' order by t.version desc))[1],
           (array_agg(o.score order by o.administered_on, o.created_at) filter (where o.stage = 'pre'))[1],
           (array_agg(o.score order by o.administered_on desc, o.created_at desc)
              filter (where o.stage in ('post', 'follow_up')))[1]
      from public.outcome_measure_score o join public.clinical_template t on t.id = o.template_id
     where o.case_id in (select recolo_private.evaluation_allowed(p_cases)) and o.created_at <= p_as_of
       and o.withdrawn_at is null
     group by o.case_id, t.code
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
    union all
    select s.case_id, (s.starts_at at time zone 'Europe/London')::date, coalesce(s.attendance, 'not_recorded'),
           coalesce(s.component, ''), s.duration_minutes
      from public.intervention_session s
     where p_kind = 'sessions' and s.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and s.created_at <= p_as_of and s.starts_at <= p_as_of and s.withdrawn_at is null
    union all
    select r.case_id, (a.completed_at at time zone 'Europe/London')::date, r.domain, r.rating, null
      from public.risk_rating r join public.risk_assessment a on a.id = r.assessment_id and a.status = 'completed'
     where p_kind = 'risk_ratings' and r.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and a.completed_at <= p_as_of
    union all
    select o.case_id, o.administered_on, t.code, o.stage, o.score
      from public.outcome_measure_score o join public.clinical_template t on t.id = o.template_id
     where p_kind = 'outcome_measures' and o.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and o.created_at <= p_as_of and o.withdrawn_at is null
    order by 1, 2, 3
  $$;
