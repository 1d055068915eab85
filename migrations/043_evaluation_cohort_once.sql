-- The evaluation at national scale (issue 16, item 6): the cohort is worked out once per request.
--
-- Until now the report sent its cohort to each of seven functions as an array of case ids (up to
-- 500,000 uuids each time), and each checked it again through evaluation_allowed; planned as generic
-- SQL functions, the arrays were estimated at a few thousand rows, so joins ran as hundreds of
-- thousands of index lookups and sorts spilled to disk (bench/results/evaluation-2026-12-01.md).
--
-- Now a request loads its cases once, into a temporary table (dropped at commit) that belongs to
-- the functions' owner, so the request role can neither read nor fill it; it chooses its cohort
-- once (the framework's rules stay in src/modules/evaluation/framework.ts), which keeps only cases
-- that were loaded, so the site check is a join, not a recheck; both tables are analysed, so every
-- aggregation below is planned with true row counts. Each aggregation reads the chosen cohort; the
-- results are the same as migrations 026-041 gave for the same cohort (with
-- every later migration's conditions: withdrawn records, and breaches of withdrawn orders, left out).

-- 1. The cases of the sites the caller may evaluate referred within the period and recorded by
--    p_as_of, with the dates and codes the framework's cohorts and start dates need (migration
--    034's evaluation_cases, whose query this is, now planned with the call's own values: as a SQL
--    function it was planned generically, its 500,127 cases estimated at 9,438 and joined by
--    index lookups one at a time), kept for the rest of the transaction and returned by referral
--    date. work_mem: the status events and ratings of 500,000 cases are sorted in memory, not on disk.
create function recolo_private.evaluation_load(p_sites uuid[], p_from date, p_to date, p_as_of timestamptz)
  returns table (case_id uuid, site_id uuid, referred_on date, accepted_on date, accepted_mode text,
                 intervention_on date, declined_on date, closed_on date, discharged_on date,
                 discharge_kind text, unplanned_reason text, first_session_on date, typology text,
                 risk_at_entry text, age_at_referral integer)
  language plpgsql volatile security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    if to_regclass('pg_temp.evaluation_cohort') is not null then
      drop table pg_temp.evaluation_cohort;
    end if;
    if to_regclass('pg_temp.evaluation_case') is not null then
      drop table pg_temp.evaluation_case;
    end if;
    create temporary table evaluation_case (case_id, site_id, referred_on, accepted_on, accepted_mode,
        intervention_on, declined_on, closed_on, discharged_on, discharge_kind, unplanned_reason,
        first_session_on, typology, risk_at_entry, age_at_referral) on commit drop as
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
      left join first_spj spj on spj.case_id = c.id;
    alter table pg_temp.evaluation_case add primary key (case_id);
    analyze pg_temp.evaluation_case;
    return query select e.* from pg_temp.evaluation_case e order by e.referred_on, e.case_id;
  end
  $$;

-- 2. The cohort: the given cases (each with its start date, or null when it has none before the
--    data date), only those evaluation_load kept; each case once (sent twice: an error). Returns
--    how many it kept.
create function recolo_private.evaluation_use_cohort(p_cases uuid[], p_starts date[]) returns integer
  language plpgsql volatile security definer set search_path = ''
  as $$
  declare
    n integer;
  begin
    if to_regclass('pg_temp.evaluation_case') is null then
      raise exception 'evaluation_load must come first' using errcode = '55000';
    end if;
    if to_regclass('pg_temp.evaluation_cohort') is not null then
      drop table pg_temp.evaluation_cohort;
    end if;
    create temporary table evaluation_cohort (case_id, start_on, accepted_on) on commit drop as
      select u.case_id, u.start_on, c.accepted_on
        from unnest(p_cases, p_starts) as u(case_id, start_on)
        join pg_temp.evaluation_case c on c.case_id = u.case_id;
    get diagnostics n = row_count;
    -- a case sent twice is refused here (the key), not counted twice
    alter table pg_temp.evaluation_cohort add primary key (case_id);
    analyze pg_temp.evaluation_cohort;
    return n;
  end
  $$;

-- 3. For each case of the cohort with a start date, the first event of each outcome kind after it:
--    a new stalking or harassment offence, any new offence, a breach of an order, a police-recorded
--    incident (withdrawn ones left out, and breaches of withdrawn orders, as migrations 036 and
--    039; the first stalking or harassment offence
--    ignores p_as_of, as first_new_stalking_or_harassment always has).
create function recolo_private.evaluation_cohort_first_events(p_as_of timestamptz)
  returns table (case_id uuid, stalking_harassment_on date, any_offence_on date, breach_on date,
                 police_incident_on date)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    return query
    with x as (
      select k.case_id, k.start_on from pg_temp.evaluation_cohort k where k.start_on is not null
    ), offences as (
      select x.case_id,
             min(o.offence_on) filter (where o.classification in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4')) as sh,
             min(o.offence_on) filter (where o.created_at <= p_as_of) as any_on
        from x join public.new_offence o on o.case_id = x.case_id and o.offence_on > x.start_on
       where o.withdrawn_at is null
       group by x.case_id
    ), breaches as (
      select x.case_id, min(b.occurred_on) as on_date
        from x join public.order_breach b on b.case_id = x.case_id and b.occurred_on > x.start_on
       where b.created_at <= p_as_of and b.withdrawn_at is null
         and not exists (select 1 from public.court_order w where w.id = b.order_id and w.withdrawn_at is not null)
       group by x.case_id
    ), police as (
      select x.case_id, min((i.occurred_from at time zone 'Europe/London')::date) as on_date
        from x join public.incident i on i.case_id = x.case_id
       where i.reported_by = 'police' and i.withdrawn_at is null
         and (i.occurred_from at time zone 'Europe/London')::date > x.start_on and i.created_at <= p_as_of
       group by x.case_id
    )
    select x.case_id, o.sh, o.any_on, b.on_date, p.on_date
      from x
      left join offences o on o.case_id = x.case_id
      left join breaches b on b.case_id = x.case_id
      left join police p on p.case_id = x.case_id;
  end
  $$;

-- 4. Risk change (migration 026): for each domain, the first and the latest structured-judgement
--    rating of each case of the cohort, counted as a first × latest table.
create function recolo_private.evaluation_cohort_risk_change(p_as_of timestamptz)
  returns table (domain text, first_rating text, latest_rating text, n integer)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    return query
    with rated as (
      select r.case_id, r.domain, r.rating, a.completed_at, a.id as assessment_id
        from pg_temp.evaluation_cohort k
        join public.risk_rating r on r.case_id = k.case_id
        join public.risk_assessment a on a.id = r.assessment_id and a.status = 'completed'
        join public.instrument_version iv on iv.id = a.instrument_version_id
        join public.instrument i on i.id = iv.instrument_id and i.tier = 'spj'
       where a.completed_at <= p_as_of
    ), ends as (
      select rated.case_id, rated.domain,
             (array_agg(rated.rating order by rated.completed_at, rated.assessment_id))[1] as first_rating,
             (array_agg(rated.rating order by rated.completed_at desc, rated.assessment_id desc))[1] as latest_rating,
             count(*) as times
        from rated
       group by rated.case_id, rated.domain
    )
    select ends.domain, ends.first_rating, ends.latest_rating, count(*)::integer
      from ends
     where ends.times > 1
     group by ends.domain, ends.first_rating, ends.latest_rating;
  end
  $$;

-- 5. Engagement (migration 026): sessions offered, attended, missed and cancelled, and the cases
--    whose attended sessions reached the latest plan's planned sessions.
create function recolo_private.evaluation_cohort_engagement(p_as_of timestamptz)
  returns table (cases integer, cases_with_sessions integer, offered integer, attended integer,
                 did_not_attend integer, cancelled_by_person integer, cancelled_by_service integer,
                 cases_with_plan integer, cases_completed_course integer)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    return query
    with sessions as (
      select s.case_id,
             count(*) filter (where s.starts_at <= p_as_of) as offered,
             count(*) filter (where s.attendance in ('attended', 'late')) as attended,
             count(*) filter (where s.attendance = 'did_not_attend') as dna,
             count(*) filter (where s.attendance = 'cancelled_by_person') as by_person,
             count(*) filter (where s.attendance = 'cancelled_by_service') as by_service
        from pg_temp.evaluation_cohort k
        join public.intervention_session s on s.case_id = k.case_id
       where s.created_at <= p_as_of and s.withdrawn_at is null
       group by s.case_id
    ), latest_plan as (
      select distinct on (p.case_id) p.case_id, p.components
        from pg_temp.evaluation_cohort k
        join public.intervention_plan p on p.case_id = k.case_id
       where p.created_at <= p_as_of
       order by p.case_id, p.version desc
    ), planned as (
      select lp.case_id, sum((comp ->> 'plannedSessions')::integer) as planned
        from latest_plan lp, jsonb_array_elements(lp.components) comp
       group by lp.case_id
    ), per_case as (
      select k.case_id, coalesce(s.offered, 0) as offered, coalesce(s.attended, 0) as attended,
             coalesce(s.dna, 0) as dna, coalesce(s.by_person, 0) as by_person,
             coalesce(s.by_service, 0) as by_service, pl.planned
        from pg_temp.evaluation_cohort k
        left join sessions s on s.case_id = k.case_id
        left join planned pl on pl.case_id = k.case_id
    )
    select count(*)::integer, count(*) filter (where per_case.offered > 0)::integer,
           coalesce(sum(per_case.offered), 0)::integer, coalesce(sum(per_case.attended), 0)::integer,
           coalesce(sum(per_case.dna), 0)::integer, coalesce(sum(per_case.by_person), 0)::integer,
           coalesce(sum(per_case.by_service), 0)::integer,
           count(*) filter (where per_case.planned > 0)::integer,
           count(*) filter (where per_case.planned > 0 and per_case.attended >= per_case.planned)::integer
      from per_case;
  end
  $$;

-- 6. Victim safety around each accepted case's acceptance (migrations 026/030/031/032): incidents
--    the victim or the advocate reported in the p_window days before and after (after cut at
--    p_as_of), the victims (not withdrawn), those with a safety plan, and those whose voice was
--    recorded (not withdrawn) within the site's period before the acceptance.
create function recolo_private.evaluation_cohort_victim_safety(p_window integer, p_as_of timestamptz)
  returns table (cases integer, incidents_before integer, days_before integer, incidents_after integer,
                 days_after integer, victims integer, victims_with_plan integer, victims_with_voice integer)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    return query
    with x as materialized (
      select k.case_id, k.accepted_on,
             least(p_window, greatest(0, ((p_as_of at time zone 'Europe/London')::date - k.accepted_on)))::integer
               as after_days
        from pg_temp.evaluation_cohort k
       where k.accepted_on is not null
    ), inc as (
      select
             count(*) filter (where i.occurred_from::date >= x.accepted_on - p_window
                                and i.occurred_from::date < x.accepted_on) as before_n,
             count(*) filter (where i.occurred_from::date >= x.accepted_on
                                and i.occurred_from::date < x.accepted_on + x.after_days) as after_n
        from x join public.incident i on i.case_id = x.case_id
       where i.reported_by in ('victim_diary', 'advocate') and i.created_at <= p_as_of
         and i.withdrawn_at is null
    ), vic as (
      select cv.id, x.accepted_on, s.voice_fresh_days
        from x
        join public.case_victim cv on cv.case_id = x.case_id and cv.withdrawn_at is null
        join pg_temp.evaluation_case c on c.case_id = x.case_id
        join public.site s on s.id = c.site_id
    ), planned as (
      select distinct sp.case_victim_id
        from public.safety_plan sp
       where sp.created_at <= p_as_of and sp.case_victim_id in (select vic.id from vic)
    ), voiced as (
      select distinct vv.case_victim_id
        from vic join public.victim_voice vv on vv.case_victim_id = vic.id
       where vv.withdrawn_at is null
         and vv.recorded_on <= vic.accepted_on
         and vv.recorded_on >= vic.accepted_on - vic.voice_fresh_days
    )
    select (select count(*) from x)::integer,
           (select coalesce(inc.before_n, 0) from inc)::integer,
           (select count(*) * p_window from x)::integer,
           (select coalesce(inc.after_n, 0) from inc)::integer,
           (select coalesce(sum(x.after_days), 0) from x)::integer,
           (select count(*) from vic)::integer,
           (select count(*) from planned)::integer,
           (select count(*) from voiced)::integer;
  end
  $$;

-- 7. Staff time (migration 026): minutes (face to face and preparation) by the clinician's
--    profession over the cohort, and the cases.
create function recolo_private.evaluation_cohort_staff_time(p_as_of timestamptz)
  returns table (profession text, cases integer, minutes bigint)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    return query
    select u.role::text, count(distinct sc.case_id)::integer,
           sum(coalesce(sc.face_to_face_minutes, 0) + coalesce(sc.admin_minutes, 0))::bigint
      from pg_temp.evaluation_cohort k
      join public.intervention_session_clinician sc on sc.case_id = k.case_id
      join public.intervention_session s on s.id = sc.session_id and s.created_at <= p_as_of
                                         and s.withdrawn_at is null
      join public.app_user u on u.id = sc.user_id
     where sc.face_to_face_minutes is not null
     group by u.role;
  end
  $$;

-- 8. Psychological change (migration 026): each case's first pre score and latest post or
--    follow-up score on each outcome measure, with the measure's norms.
create function recolo_private.evaluation_cohort_outcome_change(p_as_of timestamptz)
  returns table (case_id uuid, measure_code text, measure_name text, norms jsonb, before_score double precision,
                 after_score double precision)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    return query
    select o.case_id, t.code, max(t.name), (array_agg(t.definition -> 'norms' order by t.version desc))[1],
           (array_agg(o.score order by o.administered_on, o.created_at) filter (where o.stage = 'pre'))[1],
           (array_agg(o.score order by o.administered_on desc, o.created_at desc)
              filter (where o.stage in ('post', 'follow_up')))[1]
      from pg_temp.evaluation_cohort k
      join public.outcome_measure_score o on o.case_id = k.case_id
      join public.clinical_template t on t.id = o.template_id
     where o.created_at <= p_as_of and o.withdrawn_at is null
     group by o.case_id, t.code;
  end
  $$;

-- 9. The extract's event tables over the cohort (migration 036): dates and codes only, never free
--    text, in case order (the extract streams them through a cursor).
create function recolo_private.evaluation_cohort_events(p_kind text, p_as_of timestamptz)
  returns table (case_id uuid, on_date date, code text, detail text, amount double precision)
  language plpgsql stable security definer set search_path = '' set work_mem = '64MB'
  as $$
  begin
    if p_kind = 'offences' then
      return query
      select o.case_id, o.offence_on, o.classification, o.event_kind, null::double precision
        from pg_temp.evaluation_cohort k join public.new_offence o on o.case_id = k.case_id
       where o.created_at <= p_as_of and o.withdrawn_at is null
       order by 1, 2, 3;
    elsif p_kind = 'breaches' then
      return query
      select b.case_id, b.occurred_on,
             case when b.failure_to_notify then 'failure_to_notify' else 'condition' end, b.action,
             null::double precision
        from pg_temp.evaluation_cohort k join public.order_breach b on b.case_id = k.case_id
       where b.created_at <= p_as_of and b.withdrawn_at is null
         and not exists (select 1 from public.court_order w where w.id = b.order_id and w.withdrawn_at is not null)
       order by 1, 2, 3;
    elsif p_kind = 'sessions' then
      return query
      select s.case_id, (s.starts_at at time zone 'Europe/London')::date, coalesce(s.attendance, 'not_recorded'),
             coalesce(s.component, ''), s.duration_minutes::double precision
        from pg_temp.evaluation_cohort k join public.intervention_session s on s.case_id = k.case_id
       where s.created_at <= p_as_of and s.starts_at <= p_as_of and s.withdrawn_at is null
       order by 1, 2, 3;
    elsif p_kind = 'risk_ratings' then
      return query
      select r.case_id, (a.completed_at at time zone 'Europe/London')::date, r.domain, r.rating,
             null::double precision
        from pg_temp.evaluation_cohort k
        join public.risk_rating r on r.case_id = k.case_id
        join public.risk_assessment a on a.id = r.assessment_id and a.status = 'completed'
       where a.completed_at <= p_as_of
       order by 1, 2, 3;
    elsif p_kind = 'outcome_measures' then
      return query
      select o.case_id, o.administered_on, t.code, o.stage, o.score
        from pg_temp.evaluation_cohort k
        join public.outcome_measure_score o on o.case_id = k.case_id
        join public.clinical_template t on t.id = o.template_id
       where o.created_at <= p_as_of and o.withdrawn_at is null
       order by 1, 2, 3;
    else
      raise exception 'unknown event table %', p_kind using errcode = '22023';
    end if;
  end
  $$;

-- The array-taking functions are replaced by the ones above.
drop function recolo_private.evaluation_first_events(uuid[], date[], timestamptz);
drop function recolo_private.evaluation_risk_change(uuid[], timestamptz);
drop function recolo_private.evaluation_engagement(uuid[], timestamptz);
drop function recolo_private.evaluation_victim_safety(uuid[], date[], integer, timestamptz);
drop function recolo_private.evaluation_staff_time(uuid[], timestamptz);
drop function recolo_private.evaluation_outcome_change(uuid[], timestamptz);
drop function recolo_private.evaluation_events(uuid[], text, timestamptz);
drop function recolo_private.evaluation_allowed(uuid[]);
drop function recolo_private.evaluation_cases(uuid[], date, date, timestamptz);

revoke all on function recolo_private.evaluation_load(uuid[], date, date, timestamptz) from public;
revoke all on function recolo_private.evaluation_use_cohort(uuid[], date[]) from public;
revoke all on function recolo_private.evaluation_cohort_first_events(timestamptz) from public;
revoke all on function recolo_private.evaluation_cohort_risk_change(timestamptz) from public;
revoke all on function recolo_private.evaluation_cohort_engagement(timestamptz) from public;
revoke all on function recolo_private.evaluation_cohort_victim_safety(integer, timestamptz) from public;
revoke all on function recolo_private.evaluation_cohort_staff_time(timestamptz) from public;
revoke all on function recolo_private.evaluation_cohort_outcome_change(timestamptz) from public;
revoke all on function recolo_private.evaluation_cohort_events(text, timestamptz) from public;
grant execute on function recolo_private.evaluation_load(uuid[], date, date, timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_use_cohort(uuid[], date[]) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_first_events(timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_risk_change(timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_engagement(timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_victim_safety(integer, timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_staff_time(timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_outcome_change(timestamptz) to recolo_app;
grant execute on function recolo_private.evaluation_cohort_events(text, timestamptz) to recolo_app;
