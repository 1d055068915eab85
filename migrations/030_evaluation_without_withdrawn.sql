-- An incident withdrawn as entered in error (migration 027) is not part of the course of conduct:
-- the evaluation's police-recorded incidents and victim-reported incidents leave it out, as the
-- incidents list and the timeline do. The two functions of migration 026, with that one condition.
create or replace function recolo_private.evaluation_first_events(p_cases uuid[], p_starts date[], p_as_of timestamptz)
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
             where i.case_id = x.case_id and i.reported_by = 'police' and i.withdrawn_at is null
               and (i.occurred_from at time zone 'Europe/London')::date > x.start_on and i.created_at <= p_as_of)
      from unnest(p_cases, p_starts) as x(case_id, start_on)
     where x.case_id in (select recolo_private.evaluation_allowed(p_cases))
  $$;

create or replace function recolo_private.evaluation_victim_safety(p_cases uuid[], p_accepted date[], p_window integer,
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
             and i.withdrawn_at is null
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
