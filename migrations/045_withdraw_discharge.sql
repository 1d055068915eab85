-- Correcting the record (issue 11): a discharge from the intervention recorded in error can be
-- withdrawn with a reason. A withdrawn discharge is no longer the case's discharge: the discharge
-- page, the timeline, the letter and the evaluation (the "completed intervention" cohort, the
-- discharge start date and loss to follow-up) leave it out, and a new discharge can be recorded.
-- It stays listed as withdrawn with who, when and why; its summary stays with it for the health
-- team, and the agencies' agreements to close go with it (they were agreements to that discharge).
-- (The update policy comes from policy.ts.)

-- 1. The withdrawal columns every correctable record has had since migration 027, repeated by hand
--    in each of 027 and 031-044: when, by whom and why (a reason of 1 to 2,000 characters), all
--    three or none, and the application's right to set them. Now one call.
create function recolo_private.add_withdrawal(p_table regclass) returns void
  language plpgsql volatile set search_path = ''
  as $$
  declare
    name text;
  begin
    select c.relname into strict name from pg_catalog.pg_class c where c.oid = p_table;
    execute format(
      'alter table %s
         add column withdrawn_at timestamptz,
         add column withdrawn_by uuid references public.app_user(id),
         add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
         add constraint %I check (
           (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
           or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null))',
      p_table, name || '_withdrawn_whole');
    execute format('grant update (withdrawn_at, withdrawn_by, withdrawn_reason) on %s to recolo_app', p_table);
  end
  $$;
revoke all on function recolo_private.add_withdrawal(regclass) from public;

-- 2. The discharge. Its summary and its agreements are withdrawn with it (they belong to one
--    discharge), so they need no columns of their own.
select recolo_private.add_withdrawal('public.discharge');

-- One standing (not withdrawn) discharge per case, in place of one discharge per case: after a
-- withdrawal the right discharge can be recorded.
alter table discharge drop constraint discharge_case_id_key;
create unique index discharge_standing_idx on discharge (case_id) where withdrawn_at is null;
create index discharge_case_idx on discharge (case_id);

-- 3. The evaluation reads the standing discharge only: evaluation_load restated whole from
--    migration 043 with the one condition `d.withdrawn_at is null` added.
create or replace function recolo_private.evaluation_load(p_sites uuid[], p_from date, p_to date, p_as_of timestamptz)
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
      left join public.discharge d on d.case_id = c.id and d.created_at <= p_as_of and d.withdrawn_at is null
      left join status st on st.case_id = c.id
      left join first_session fs on fs.case_id = c.id
      left join first_spj spj on spj.case_id = c.id;
    alter table pg_temp.evaluation_case add primary key (case_id);
    analyze pg_temp.evaluation_case;
    return query select e.* from pg_temp.evaluation_case e order by e.referred_on, e.case_id;
  end
  $$;
