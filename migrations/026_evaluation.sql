-- The evaluation (issue 16): what the programme learns from its own records. National coordinators
-- and evaluators see no case, so everything they see comes through the functions below, which run
-- with the owner's rights, take only the sites the caller may evaluate (all sites for a national
-- coordinator or an evaluator, their own sites for a site coordinator, none for anyone else) and
-- return dates, codes and counts: never a name, a reference, an identifier or free text. The case
-- ids they return stay on the server (they key the per-case rows and the extract's pseudonyms).
-- The cohort, start-date and outcome rules are defined once, in src/modules/evaluation/framework.ts;
-- these functions only fetch the facts those rules need, aggregated in SQL wherever they can be.

-- Hourly staff cost by profession (pence), editable by the administrator or the national coordinator
create table evaluation_hourly_rate (
  profession text primary key,
  pence_per_hour integer not null check (pence_per_hour between 0 and 100000000),
  updated_by uuid references app_user(id),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
insert into evaluation_hourly_rate (profession, pence_per_hour) values
  ('forensic_psychiatrist', 11000), ('clinical_psychologist', 7000), ('forensic_psychologist', 7000),
  ('occupational_therapist', 4500), ('stalking_coordinator', 4000), ('investigating_officer', 4000),
  ('probation_practitioner', 3800), ('stalking_advocate', 3200), ('site_coordinator', 4200);
alter table evaluation_hourly_rate enable row level security;
alter table evaluation_hourly_rate force row level security;
create policy evaluation_hourly_rate_read on evaluation_hourly_rate for select to recolo_app using (true);
create policy evaluation_hourly_rate_update on evaluation_hourly_rate for update to recolo_app
  using (recolo_private.current_user_role() in ('administrator', 'national_coordinator'))
  with check (recolo_private.current_user_role() in ('administrator', 'national_coordinator'));
grant select, update (pence_per_hour, updated_by, updated_at, version) on evaluation_hourly_rate to recolo_app;

-- Each pseudonymised research extract: who asked, why, under which sharing agreement, when, for
-- which sites and period, with which k, and what it held. Never deleted or changed.
create table evaluation_extract (
  id uuid primary key default gen_random_uuid(),
  requested_by uuid not null references app_user(id),
  purpose text not null check (length(purpose) between 1 and 2000),
  agreement_reference text not null check (length(agreement_reference) between 1 and 200),
  site_ids uuid[] not null,
  period_from date,
  period_to date,
  start_date text not null,
  k integer not null check (k between 2 and 100),
  as_of timestamptz not null default now(),
  case_rows integer not null check (case_rows >= 0),
  coarsened integer not null check (coarsened >= 0),
  withheld integer not null check (withheld >= 0),
  event_rows jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index evaluation_extract_by_idx on evaluation_extract (requested_by, created_at desc);
alter table evaluation_extract enable row level security;
alter table evaluation_extract force row level security;
create policy evaluation_extract_read on evaluation_extract for select to recolo_app
  using (requested_by = (select recolo_private.current_user_id())
         or recolo_private.current_user_role() = 'national_coordinator');
create policy evaluation_extract_insert on evaluation_extract for insert to recolo_app
  with check (requested_by = (select recolo_private.current_user_id())
              and recolo_private.current_user_role() in ('evaluator', 'national_coordinator'));
create policy evaluation_extract_update on evaluation_extract for update to recolo_app
  using (requested_by = (select recolo_private.current_user_id()))
  with check (requested_by = (select recolo_private.current_user_id()));
grant select, insert on evaluation_extract to recolo_app;
grant update (event_rows) on evaluation_extract to recolo_app;

-- The sites the current user may evaluate
create function recolo_private.evaluation_site_ids() returns setof uuid
  language sql stable security definer set search_path = ''
  as $$
    select s.id from public.site s
      join public.app_user u on u.id = recolo_private.current_user_id() and u.active
     where u.role in ('national_coordinator', 'evaluator')
        or (u.role = 'site_coordinator'
            and exists (select 1 from public.user_site us where us.user_id = u.id and us.site_id = s.id))
  $$;

-- The cases of the given sites (those the caller may evaluate) referred within the period and
-- recorded by p_as_of, with the dates and codes the framework's cohorts and start dates need
create function recolo_private.evaluation_cases(p_sites uuid[], p_from date, p_to date, p_as_of timestamptz)
  returns table (case_id uuid, site_id uuid, referred_on date, accepted_on date, accepted_mode text,
                 intervention_on date, declined_on date, closed_on date, discharged_on date,
                 discharge_kind text, unplanned_reason text, first_session_on date, typology text,
                 risk_at_entry text, age_at_referral integer)
  language sql stable security definer set search_path = ''
  as $$
    select c.id, c.site_id,
           (c.created_at at time zone 'Europe/London')::date,
           (select min(e.at at time zone 'Europe/London')::date from public.case_status_event e
             where e.case_id = c.id and e.to_status = 'accepted' and e.at <= p_as_of),
           (select e.accepted_mode from public.case_status_event e
             where e.case_id = c.id and e.to_status = 'accepted' and e.at <= p_as_of order by e.at limit 1),
           (select min(e.at at time zone 'Europe/London')::date from public.case_status_event e
             where e.case_id = c.id and e.accepted_mode = 'intervention' and e.at <= p_as_of),
           (select min(e.at at time zone 'Europe/London')::date from public.case_status_event e
             where e.case_id = c.id and e.to_status = 'declined' and e.at <= p_as_of),
           (select min(e.at at time zone 'Europe/London')::date from public.case_status_event e
             where e.case_id = c.id and e.to_status = 'closed' and e.at <= p_as_of),
           d.discharged_on, d.kind, d.unplanned_reason,
           (select min(s.starts_at at time zone 'Europe/London')::date from public.intervention_session s
             where s.case_id = c.id and s.attendance in ('attended', 'late') and s.created_at <= p_as_of),
           first_spj.typology, first_spj.band,
           case when p.date_of_birth is null then null
                else extract(year from age((c.created_at at time zone 'Europe/London')::date, p.date_of_birth))::integer end
      from public.cases c
      join public.person p on p.id = c.subject_id
      left join public.discharge d on d.case_id = c.id and d.created_at <= p_as_of
      left join lateral (
        select a.typology, coalesce(a.override_band, a.computed_band) as band
          from public.risk_assessment a join public.instrument_version iv on iv.id = a.instrument_version_id
          join public.instrument i on i.id = iv.instrument_id
         where a.case_id = c.id and a.status = 'completed' and i.tier = 'spj' and a.completed_at <= p_as_of
         order by a.completed_at, a.id limit 1) first_spj on true
     where c.site_id = any (p_sites)
       and c.site_id in (select recolo_private.evaluation_site_ids())
       and c.created_at <= p_as_of
       and (p_from is null or (c.created_at at time zone 'Europe/London')::date >= p_from)
       and (p_to is null or (c.created_at at time zone 'Europe/London')::date <= p_to)
  $$;

-- Only the given cases that are at a site the caller may evaluate
create function recolo_private.evaluation_allowed(p_cases uuid[]) returns setof uuid
  language sql stable security definer set search_path = ''
  as $$
    select c.id from public.cases c
     where c.id = any (p_cases) and c.site_id in (select recolo_private.evaluation_site_ids())
  $$;

-- For each case and its start date, the first event of each outcome kind AFTER the start date:
-- a new stalking or harassment offence (first_new_stalking_or_harassment, migration 018), any new
-- offence, a breach of an order, a police-recorded incident
create function recolo_private.evaluation_first_events(p_cases uuid[], p_starts date[], p_as_of timestamptz)
  returns table (case_id uuid, stalking_harassment_on date, any_offence_on date, breach_on date,
                 police_incident_on date)
  language sql stable security definer set search_path = ''
  as $$
    select x.case_id,
           (select f.offence_on from public.first_new_stalking_or_harassment(x.case_id, x.start_on) f),
           (select min(o.offence_on) from public.new_offence o
             where o.case_id = x.case_id and o.offence_on > x.start_on and o.created_at <= p_as_of),
           (select min(b.occurred_on) from public.order_breach b
             where b.case_id = x.case_id and b.occurred_on > x.start_on and b.created_at <= p_as_of),
           (select min((i.occurred_from at time zone 'Europe/London')::date) from public.incident i
             where i.case_id = x.case_id and i.reported_by = 'police'
               and (i.occurred_from at time zone 'Europe/London')::date > x.start_on and i.created_at <= p_as_of)
      from unnest(p_cases, p_starts) as x(case_id, start_on)
     where x.case_id in (select recolo_private.evaluation_allowed(p_cases))
  $$;

-- Risk change: for each domain, the first and the latest structured-judgement rating of each case
-- (completed assessments only), counted as a first × latest table
create function recolo_private.evaluation_risk_change(p_cases uuid[], p_as_of timestamptz)
  returns table (domain text, first_rating text, latest_rating text, n integer)
  language sql stable security definer set search_path = ''
  as $$
    with rated as (
      select r.case_id, r.domain, r.rating,
             row_number() over (partition by r.case_id, r.domain order by a.completed_at, a.id) as first_n,
             row_number() over (partition by r.case_id, r.domain order by a.completed_at desc, a.id desc) as last_n,
             count(*) over (partition by r.case_id, r.domain) as times
        from public.risk_rating r
        join public.risk_assessment a on a.id = r.assessment_id and a.status = 'completed'
        join public.instrument_version iv on iv.id = a.instrument_version_id
        join public.instrument i on i.id = iv.instrument_id and i.tier = 'spj'
       where r.case_id in (select recolo_private.evaluation_allowed(p_cases)) and a.completed_at <= p_as_of
    )
    select f.domain, f.rating, l.rating, count(*)::integer
      from rated f join rated l on l.case_id = f.case_id and l.domain = f.domain and l.last_n = 1
     where f.first_n = 1 and f.times > 1
     group by f.domain, f.rating, l.rating
  $$;

-- Engagement: sessions offered (scheduled), attended (on time or late), did not attend, cancelled
-- by the person or by the service, and the cases whose attended sessions reached the planned course
-- (the latest plan's planned sessions)
create function recolo_private.evaluation_engagement(p_cases uuid[], p_as_of timestamptz)
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

-- Victim safety around each case's acceptance date: incidents the victim or the advocate reported
-- in the p_window days before and after it (the days after cut at p_as_of), the victims on the
-- case, those with a safety plan, and those whose voice was recorded within the site's period
-- before the acceptance
create function recolo_private.evaluation_victim_safety(p_cases uuid[], p_accepted date[], p_window integer,
                                                       p_as_of timestamptz)
  returns table (cases integer, incidents_before integer, days_before integer, incidents_after integer,
                 days_after integer, victims integer, victims_with_plan integer, victims_with_voice integer)
  language sql stable security definer set search_path = ''
  as $$
    with x as (
      select u.case_id, u.accepted_on,
             least(p_window, greatest(0, ((p_as_of at time zone 'Europe/London')::date - u.accepted_on)))::integer
               as after_days
        from unnest(p_cases, p_accepted) as u(case_id, accepted_on)
       where u.accepted_on is not null and u.case_id in (select recolo_private.evaluation_allowed(p_cases))
    ), inc as (
      select x.case_id,
             count(i.id) filter (where i.occurred_from::date >= x.accepted_on - p_window
                                   and i.occurred_from::date < x.accepted_on) as before_n,
             count(i.id) filter (where i.occurred_from::date >= x.accepted_on
                                   and i.occurred_from::date < x.accepted_on + x.after_days) as after_n
        from x left join public.incident i on i.case_id = x.case_id
             and i.reported_by in ('victim_diary', 'advocate') and i.created_at <= p_as_of
       group by x.case_id
    ), vic as (
      select x.case_id, cv.id as case_victim_id,
             exists (select 1 from public.safety_plan sp where sp.case_victim_id = cv.id and sp.created_at <= p_as_of) as has_plan,
             exists (select 1 from public.victim_voice vv join public.cases c on c.id = vv.case_id
                       join public.site s on s.id = c.site_id
                      where vv.case_victim_id = cv.id and vv.recorded_on <= x.accepted_on
                        and vv.recorded_on >= x.accepted_on - s.voice_fresh_days) as has_voice
        from x join public.case_victim cv on cv.case_id = x.case_id
    )
    select (select count(*) from x)::integer,
           (select coalesce(sum(before_n), 0) from inc)::integer,
           (select count(*) * p_window from x)::integer,
           (select coalesce(sum(after_n), 0) from inc)::integer,
           (select coalesce(sum(after_days), 0) from x)::integer,
           (select count(*) from vic)::integer,
           (select count(*) filter (where has_plan) from vic)::integer,
           (select count(*) filter (where has_voice) from vic)::integer
  $$;

-- Staff time: minutes (face to face and preparation) by the clinician's profession, and the cases
create function recolo_private.evaluation_staff_time(p_cases uuid[], p_as_of timestamptz)
  returns table (profession text, cases integer, minutes bigint)
  language sql stable security definer set search_path = ''
  as $$
    select u.role, count(distinct sc.case_id)::integer,
           sum(coalesce(sc.face_to_face_minutes, 0) + coalesce(sc.admin_minutes, 0))::bigint
      from public.intervention_session_clinician sc
      join public.intervention_session s on s.id = sc.session_id and s.created_at <= p_as_of
      join public.app_user u on u.id = sc.user_id
     where sc.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and sc.face_to_face_minutes is not null
     group by u.role
  $$;

-- Psychological change: each case's first pre score and latest post or follow-up score on each
-- outcome measure, with the measure's norms (the reliable change index is computed in the service)
create function recolo_private.evaluation_outcome_change(p_cases uuid[], p_as_of timestamptz)
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
     group by o.case_id, t.code
  $$;

-- The extract's event tables: dates and codes only, never free text
create function recolo_private.evaluation_events(p_cases uuid[], p_kind text, p_as_of timestamptz)
  returns table (case_id uuid, on_date date, code text, detail text, amount double precision)
  language sql stable security definer set search_path = ''
  as $$
    select o.case_id, o.offence_on, o.classification, o.event_kind, null::double precision
      from public.new_offence o
     where p_kind = 'offences' and o.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and o.created_at <= p_as_of
    union all
    select b.case_id, b.occurred_on, case when b.failure_to_notify then 'failure_to_notify' else 'condition' end,
           b.action, null
      from public.order_breach b
     where p_kind = 'breaches' and b.case_id in (select recolo_private.evaluation_allowed(p_cases))
       and b.created_at <= p_as_of
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

revoke all on function recolo_private.evaluation_site_ids() from public;
revoke all on function recolo_private.evaluation_cases(uuid[], date, date, timestamptz) from public;
revoke all on function recolo_private.evaluation_allowed(uuid[]) from public;
revoke all on function recolo_private.evaluation_first_events(uuid[], date[], timestamptz) from public;
revoke all on function recolo_private.evaluation_risk_change(uuid[], timestamptz) from public;
revoke all on function recolo_private.evaluation_engagement(uuid[], timestamptz) from public;
revoke all on function recolo_private.evaluation_victim_safety(uuid[], date[], integer, timestamptz) from public;
revoke all on function recolo_private.evaluation_staff_time(uuid[], timestamptz) from public;
revoke all on function recolo_private.evaluation_outcome_change(uuid[], timestamptz) from public;
revoke all on function recolo_private.evaluation_events(uuid[], text, timestamptz) from public;
grant execute on function recolo_private.evaluation_site_ids() to recolo_app;
grant execute on function recolo_private.evaluation_cases(uuid[], date, date, timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_allowed(uuid[]) to recolo_app;
grant execute on function recolo_private.evaluation_first_events(uuid[], date[], timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_risk_change(uuid[], timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_engagement(uuid[], timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_victim_safety(uuid[], date[], integer, timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_staff_time(uuid[], timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_outcome_change(uuid[], timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_events(uuid[], text, timestamptz) to recolo_app;
