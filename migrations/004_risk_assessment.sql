-- Risk assessment: versioned instrument definitions, assessments with answers over several
-- sittings, domain ratings with rationale, overrides with reasons, addenda after completion, and
-- in-app notifications. Assessments, ratings and addenda are in the risk compartment: their
-- row-level security is generated from src/platform/access/policy.ts.

create table instrument (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  tier text not null check (tier in ('screening', 'spj')),
  created_at timestamptz not null default now()
);

-- a published version is immutable; a new version supersedes it; assessments keep theirs
create table instrument_version (
  id uuid primary key default gen_random_uuid(),
  instrument_id uuid not null references instrument(id),
  version integer not null check (version >= 1),
  definition jsonb not null,
  is_template boolean not null default false,
  published_at timestamptz not null default now(),
  published_by uuid references app_user(id),
  superseded_at timestamptz,
  unique (instrument_id, version)
);

create function recolo_private.instrument_version_immutable() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'DELETE' then
      raise exception 'a published instrument version cannot be deleted' using errcode = '42501';
    end if;
    if (new.definition, new.version, new.instrument_id, new.is_template, new.published_at)
       is distinct from (old.definition, old.version, old.instrument_id, old.is_template, old.published_at) then
      raise exception 'a published instrument version cannot be changed: publish a new version' using errcode = '42501';
    end if;
    return new;
  end
  $$;
create trigger instrument_version_immutable before update or delete on instrument_version
  for each row execute function recolo_private.instrument_version_immutable();

create table risk_assessment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  instrument_version_id uuid not null references instrument_version(id),
  status text not null default 'draft' check (status in ('draft', 'completed')),
  assessor_id uuid not null references app_user(id),
  co_assessor text not null default '',
  answers jsonb not null default '{}',
  typology text,
  computed_band text check (computed_band in ('low', 'moderate', 'high')),
  override_band text check (override_band in ('low', 'moderate', 'high')),
  override_reason text,
  -- the risk management plan: [{ "action": "...", "owner": "..." }]
  plan_actions jsonb not null default '[]',
  next_review_date date,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  completed_by uuid references app_user(id),
  version integer not null default 1,
  check (override_band is null or length(coalesce(override_reason, '')) > 0),
  check (status = 'draft' or (completed_at is not null and next_review_date is not null
                               and jsonb_array_length(plan_actions) > 0))
);
create index risk_assessment_case_idx on risk_assessment (case_id, completed_at);
create index risk_assessment_review_idx on risk_assessment (next_review_date) where status = 'completed';

-- one rating per rated domain (section) of an assessment
create table risk_rating (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references risk_assessment(id),
  case_id uuid not null references cases(id),
  domain text not null,
  rating text not null check (rating in ('low', 'moderate', 'high')),
  rationale text not null check (length(rationale) > 0),
  rated_by uuid not null references app_user(id),
  rated_at timestamptz not null default now(),
  unique (assessment_id, domain)
);
create index risk_rating_case_idx on risk_rating (case_id, domain, rated_at);

-- a completed assessment is locked: corrections are addenda, never edits
create function recolo_private.assessment_locked() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_table_name = 'risk_assessment' then
      if old.status = 'completed' then
        raise exception 'a completed assessment is locked: add an addendum' using errcode = '42501';
      end if;
      return new;
    end if;
    if exists (select 1 from public.risk_assessment a where a.id = coalesce(new.assessment_id, old.assessment_id)
                                                         and a.status = 'completed')
       and tg_op <> 'INSERT' then
      raise exception 'a completed assessment is locked: add an addendum' using errcode = '42501';
    end if;
    return coalesce(new, old);
  end
  $$;
create trigger risk_assessment_locked before update or delete on risk_assessment
  for each row execute function recolo_private.assessment_locked();
create trigger risk_rating_locked before update or delete on risk_rating
  for each row execute function recolo_private.assessment_locked();

create table risk_assessment_addendum (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references risk_assessment(id),
  case_id uuid not null references cases(id),
  body text not null check (length(body) > 0),
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index risk_addendum_assessment_idx on risk_assessment_addendum (assessment_id);

-- in-app notifications: each person sees only their own
create table notification (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id),
  case_id uuid references cases(id),
  kind text not null,
  message text not null,
  link text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notification_user_idx on notification (user_id, created_at desc);
alter table notification enable row level security;
alter table notification force row level security;
create policy notification_own on notification for select to recolo_app
  using (user_id = (select recolo_private.current_user_id()));
create policy notification_read on notification for update to recolo_app
  using (user_id = (select recolo_private.current_user_id()))
  with check (user_id = (select recolo_private.current_user_id()));
-- a risk writer on a case alerts its team
create policy notification_alert on notification for insert to recolo_app
  with check (case_id is not null and recolo_private.can_write(case_id, 'risk')
              and exists (select 1 from public.case_team t where t.case_id = notification.case_id
                                                             and t.user_id = notification.user_id));

-- instruments are reference data: everyone reads them, only an administrator loads them
alter table instrument enable row level security;
alter table instrument force row level security;
create policy instrument_read on instrument for select to recolo_app using (true);
create policy instrument_admin on instrument for insert to recolo_app
  with check (recolo_private.current_user_role() = 'administrator');
alter table instrument_version enable row level security;
alter table instrument_version force row level security;
create policy instrument_version_read on instrument_version for select to recolo_app using (true);
create policy instrument_version_admin on instrument_version for insert to recolo_app
  with check (recolo_private.current_user_role() = 'administrator');
create policy instrument_version_supersede on instrument_version for update to recolo_app
  using (recolo_private.current_user_role() = 'administrator')
  with check (recolo_private.current_user_role() = 'administrator');

grant select, insert on instrument to recolo_app;
grant select, insert, update (superseded_at) on instrument_version to recolo_app;
grant select, insert, update on risk_assessment, risk_rating to recolo_app;
grant select, insert on risk_assessment_addendum to recolo_app;
grant select, insert, update (read_at) on notification to recolo_app;

-- who may assess with an instrument: health roles with any; police with screening tools only
create function recolo_private.may_assess_with(p_version uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select case
             when recolo_private.current_user_role() in
                  ('forensic_psychiatrist', 'clinical_psychologist', 'forensic_psychologist', 'occupational_therapist') then true
             when recolo_private.current_user_role() in ('stalking_coordinator', 'investigating_officer') then
               exists (select 1 from public.instrument_version v join public.instrument i on i.id = v.instrument_id
                        where v.id = p_version and i.tier = 'screening')
             else false
           end
  $$;
revoke all on function recolo_private.may_assess_with(uuid) from public;
grant execute on function recolo_private.may_assess_with(uuid) to recolo_app;
