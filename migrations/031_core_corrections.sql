-- Correcting the case's core record (issue 11): the referral's details, each offence and each
-- victim's place on the case (relationship, victim / proxy / third party) can be amended with a
-- reason, each amendment keeping what changed (each field before and after), who, when and why,
-- and the record's version it made (the shape platform/corrections amendRecord writes). An offence
-- or a victim can be withdrawn as entered in error, with a reason: it leaves the lists, the
-- overview and the figures but stays, marked, for those who may see the case. The referral has
-- the same three columns so the one correction flow serves it, but is not withdrawn on its own (a
-- case referred in error is closed, with its reason). All core compartment.
alter table referral
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint referral_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table case_offence
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint case_offence_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table case_victim
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint case_victim_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

create table referral_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references referral(id),
  -- the record's version after this amendment
  version_after integer not null check (version_after > 1),
  -- { field: { "from": value, "to": value } } for the fields that changed
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index referral_amendment_case_idx on referral_amendment (case_id);

create table case_offence_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references case_offence(id),
  version_after integer not null check (version_after > 1),
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index case_offence_amendment_case_idx on case_offence_amendment (case_id);

create table case_victim_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references case_victim(id),
  version_after integer not null check (version_after > 1),
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index case_victim_amendment_case_idx on case_victim_amendment (case_id);

grant select, insert on referral_amendment, case_offence_amendment, case_victim_amendment to recolo_app;
-- only what a correction or a withdrawal changes; never the case, the referrer's account, the
-- person linked as the victim (a wrong person is withdrawn and the right one added) or the creator
grant update (referring_agency_id, referrer_name, reason, consent, consent_notes, is_adult, lives_in_area,
  version) on referral to recolo_app;
grant update (code, description, version, withdrawn_at, withdrawn_by, withdrawn_reason) on case_offence
  to recolo_app;
grant update (relationship, victim_kind, version, withdrawn_at, withdrawn_by, withdrawn_reason) on case_victim
  to recolo_app;

-- A victim withdrawn as entered in error is not someone whose voice a case decision waits for
-- (migration 006's function, with that one condition).
create or replace function recolo_private.voice_currency(p_case uuid)
  returns table (case_victim_id uuid, is_current boolean)
  language sql stable security definer set search_path = ''
  as $$
    select v.id,
           exists (select 1 from public.victim_voice vv
                    where vv.case_id = p_case and vv.case_victim_id = v.id
                      and vv.recorded_on >= current_date - s.voice_fresh_days)
      from public.case_victim v
      join public.cases c on c.id = v.case_id
      join public.site s on s.id = c.site_id
     where v.case_id = p_case and v.withdrawn_at is null and recolo_private.can_read(p_case, 'core')
  $$;

-- ...nor counted among the evaluation's victims (migration 030's function, with that one condition).
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
        from x join public.case_victim cv on cv.case_id = x.case_id and cv.withdrawn_at is null
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
