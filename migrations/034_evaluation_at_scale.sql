-- The evaluation at national scale (issue 16, item 6), measured with bench/evaluation.ts over the
-- records bench/national.ts generates (see bench/results/evaluation-*.md for the numbers).
--
-- 1. Victim safety (recolo_private.evaluation_victim_safety, migrations 026/030) asks, for each
--    victim of each accepted case, whether the victim's voice was recorded within the site's period
--    before acceptance: an exists(...) on victim_voice by case_victim_id. victim_voice had only an
--    index by case, so every victim scanned the whole table (2.6 s at 10,000 cases, growing with the
--    square of the cases: hours at 500,000). This index makes it one range scan each.
create index if not exists victim_voice_case_victim_idx on victim_voice (case_victim_id, recorded_on);

-- 2. The cases and the first events after the start date: the same results as migrations 026/030
--    (compared row for row on the generated data), computed as one pass per table grouped by case
--    instead of a correlated subquery per case and fact (five on case_status_event alone). At
--    500,000 cases this took evaluation_cases from 46.7 s to 28.5 s and evaluation_first_events
--    from 32.2 s to 23.6 s on a heavily loaded machine; a small cohort (one site, one month) costs
--    about the same as before (the planner still uses the indexes by case for it). The first new
--    stalking or harassment offence ignores p_as_of, as first_new_stalking_or_harassment did.

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
       where s.attendance in ('attended', 'late') and s.created_at <= p_as_of
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
       group by x.case_id, x.start_on
    ), breaches as (
      select x.case_id, x.start_on, min(b.occurred_on) as on_date
        from x join public.order_breach b on b.case_id = x.case_id and b.occurred_on > x.start_on
       where b.created_at <= p_as_of
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
