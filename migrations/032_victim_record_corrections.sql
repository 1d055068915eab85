-- Correcting the victim's records (issue 11): a voice entry, a contact log entry and a victim's
-- contact details can be amended with a reason, each amendment keeping what changed, who, when and
-- why, and the version it made (a save based on an older version is refused showing what changed
-- since); and withdrawn as entered in error, with a reason: the record leaves the lists, the
-- overview, the voice freshness and the evaluation but stays, marked, for those who may see it.
--
-- Each amendment table sits in its record's compartment. A voice entry's amendments hold the
-- entry's text, so they are seen exactly when the entry is, and never by more people than saw it
-- at any time: once an entry has been marked "not to be shared" (at any version), its history
-- stays with those who hold the victim's contact even if the victim later agrees to share it.
-- Contact details are encrypted at rest; their amendments keep only the names of the fields that
-- changed, never the values (no second copy of an address outside the envelope encryption).

-- The victim's voice ------------------------------------------------------------------------------
alter table victim_voice
  add column version integer not null default 1 check (version > 0),
  -- set by the trigger below, never by the application: the entry was "not to be shared" at some version
  add column ever_not_shared boolean not null default false,
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint victim_voice_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

update victim_voice set ever_not_shared = true where sharing = 'not_shared';

create function recolo_private.victim_voice_sharing_kept() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'UPDATE' then
      new.ever_not_shared := old.ever_not_shared or new.sharing = 'not_shared';
    else
      new.ever_not_shared := new.sharing = 'not_shared';
    end if;
    return new;
  end
  $$;
create trigger victim_voice_sharing_kept before insert or update on victim_voice
  for each row execute function recolo_private.victim_voice_sharing_kept();

create table victim_voice_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references victim_voice(id),
  -- the entry's version after this amendment
  version_after integer not null check (version_after > 1),
  -- { field: { "from": value, "to": value } } for the fields that changed
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index victim_voice_amendment_case_idx on victim_voice_amendment (case_id);

grant select, insert on victim_voice_amendment to recolo_app;
grant update (case_victim_id, body, topic, sharing, recorded_on, version,
  withdrawn_at, withdrawn_by, withdrawn_reason) on victim_voice to recolo_app;

-- The contact log ---------------------------------------------------------------------------------
alter table victim_contact_log
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint victim_contact_log_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

create table victim_contact_log_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references victim_contact_log(id),
  version_after integer not null check (version_after > 1),
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index victim_contact_log_amendment_case_idx on victim_contact_log_amendment (case_id);

grant select, insert on victim_contact_log_amendment to recolo_app;
grant update (case_victim_id, contacted_on, method, contact_with, summary, victim_updated, version,
  withdrawn_at, withdrawn_by, withdrawn_reason) on victim_contact_log to recolo_app;

-- A victim's contact details (encrypted) -------------------------------------------------------------
alter table victim_contact
  add constraint victim_contact_version_positive check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint victim_contact_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));
-- details withdrawn as entered in error stay, marked; the victim's details can then be entered afresh
alter table victim_contact drop constraint victim_contact_case_victim_id_key;
create unique index victim_contact_standing_idx on victim_contact (case_victim_id) where withdrawn_at is null;

create table victim_contact_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references victim_contact(id),
  version_after integer not null check (version_after > 1),
  -- the changed fields' names only: { field: { "from": null, "to": null } }, never the values
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index victim_contact_amendment_case_idx on victim_contact_amendment (case_id);

grant select, insert on victim_contact_amendment to recolo_app;
-- victim_contact already has table-wide update (migration 002), which covers the new columns

-- A withdrawn voice entry is not the victim's voice: the freshness rule (migration 006) and the
-- evaluation (migration 030) leave it out (and, as migration 031 has them, withdrawn victims) -----------------------------------------------------------
create or replace function recolo_private.voice_currency(p_case uuid)
  returns table (case_victim_id uuid, is_current boolean)
  language sql stable security definer set search_path = ''
  as $$
    select v.id,
           exists (select 1 from public.victim_voice vv
                    where vv.case_id = p_case and vv.case_victim_id = v.id and vv.withdrawn_at is null
                      and vv.recorded_on >= current_date - s.voice_fresh_days)
      from public.case_victim v
      join public.cases c on c.id = v.case_id
      join public.site s on s.id = c.site_id
     where v.case_id = p_case and v.withdrawn_at is null and recolo_private.can_read(p_case, 'core')
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
                      where vv.case_victim_id = cv.id and vv.withdrawn_at is null
                        and vv.recorded_on <= x.accepted_on
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
