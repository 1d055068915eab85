-- Foundation: roles, sites and users, people, referrals and cases, row-level security, audit.
-- Runs as the owner role. The application logs in as recolo_login (no privileges of its own,
-- NOINHERIT) and switches per request to recolo_app, which row-level security governs.

do $$
begin
  begin
    create role recolo_app nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role recolo_login login noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
end
$$;
grant recolo_app to recolo_login;
do $$
begin
  -- the owner (a non-superuser in some deployments) must be able to switch to the request role too
  execute format('grant recolo_app to %I', current_user);
exception when others then null;
end
$$;

create extension if not exists pg_trgm;

create schema if not exists recolo_private;
create schema if not exists audit;
revoke all on schema recolo_private from public;
revoke all on schema audit from public;
grant usage on schema public, recolo_private, audit to recolo_app;

-- Platform: sites, agencies, users ------------------------------------------------------------

create table site (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z]{3}$'),
  name text not null,
  area_description text not null default '',
  created_at timestamptz not null default now()
);

create table agency (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references site(id),
  kind text not null check (kind in ('police', 'probation', 'health', 'victim_service', 'programme')),
  name text not null,
  unique (site_id, name)
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email)),
  display_name text not null,
  role text not null check (role in (
    'stalking_coordinator', 'investigating_officer', 'probation_practitioner',
    'forensic_psychiatrist', 'clinical_psychologist', 'forensic_psychologist', 'occupational_therapist',
    'stalking_advocate', 'site_coordinator', 'national_coordinator', 'evaluator', 'administrator')),
  agency_id uuid references agency(id),
  password_hash text not null,
  totp_secret text,
  totp_enrolled_at timestamptz,
  totp_last_step bigint,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  version integer not null default 1
);

create table user_site (
  user_id uuid not null references app_user(id) on delete cascade,
  site_id uuid not null references site(id),
  primary key (user_id, site_id)
);

create table session (
  id_hash text primary key,
  user_id uuid not null references app_user(id) on delete cascade,
  csrf_token text not null,
  mfa_verified boolean not null default false,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index session_user_idx on session (user_id);

create table api_token (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

grant select, insert, update on site, agency, user_site to recolo_app;
grant select, update (failed_attempts, locked_until, totp_secret, totp_enrolled_at, totp_last_step, password_hash)
  on app_user to recolo_app;
grant select on app_user to recolo_app;
grant select, insert, update, delete on session, api_token to recolo_app;

-- Who is asking: set per request transaction --------------------------------------------------

create function recolo_private.current_user_id() returns uuid
  language sql stable set search_path = ''
  as $$ select nullif(current_setting('recolo.user_id', true), '')::uuid $$;

create function recolo_private.current_user_role() returns text
  language sql stable security definer set search_path = ''
  as $$ select u.role from public.app_user u where u.id = recolo_private.current_user_id() and u.active $$;

-- Case data ------------------------------------------------------------------------------------

create table person (
  id uuid primary key default gen_random_uuid(),
  given_name text not null,
  family_name text not null,
  aliases text[] not null default '{}',
  date_of_birth date,
  pnc_id text,
  nhs_number text check (nhs_number ~ '^[0-9]{10}$'),
  probation_ref text,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  version integer not null default 1
);
create index person_name_trgm_idx on person using gin ((given_name || ' ' || family_name) gin_trgm_ops);
create index person_dob_idx on person (date_of_birth);

create sequence case_reference_seq;

create table cases (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  site_id uuid not null references site(id),
  subject_id uuid not null references person(id),
  status text not null default 'referred'
    check (status in ('referred', 'screening', 'accepted', 'active', 'closed', 'declined')),
  accepted_mode text check (accepted_mode in ('consultation', 'intervention')),
  investigation_status text not null
    check (investigation_status in ('under_investigation', 'charged', 'convicted', 'no_further_action')),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check ((status in ('accepted', 'active')) = (accepted_mode is not null) or status = 'closed')
);
create index cases_site_status_idx on cases (site_id, status);
create index cases_subject_idx on cases (subject_id);

create table referral (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null unique references cases(id),
  referring_agency_id uuid not null references agency(id),
  referrer_name text not null,
  referrer_user_id uuid not null references app_user(id),
  reason text not null,
  consent text not null check (consent in ('given', 'refused', 'not_sought')),
  consent_notes text not null default '',
  is_adult boolean not null,
  lives_in_area boolean not null,
  created_at timestamptz not null default now()
);

create table case_offence (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  code text not null check (code in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4', 'other')),
  description text not null default ''
);
create index case_offence_case_idx on case_offence (case_id);

create table case_victim (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  victim_id uuid not null references person(id),
  relationship text not null
    check (relationship in ('ex_intimate', 'acquaintance', 'stranger', 'work', 'family', 'public_figure')),
  created_at timestamptz not null default now(),
  unique (case_id, victim_id)
);
create index case_victim_victim_idx on case_victim (victim_id);

create table case_team (
  case_id uuid not null references cases(id),
  user_id uuid not null references app_user(id),
  added_by uuid not null references app_user(id),
  added_at timestamptz not null default now(),
  primary key (case_id, user_id)
);
create index case_team_user_idx on case_team (user_id);

create table case_status_event (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  from_status text,
  to_status text not null,
  accepted_mode text,
  reason text not null,
  by_user uuid not null references app_user(id),
  at timestamptz not null default now()
);
create index case_status_event_case_idx on case_status_event (case_id, at);

-- Access: the cases a user may see -------------------------------------------------------------
-- A case is visible when it is at one of the user's sites and the user is on its team or is that
-- site's coordinator. Security definer so policies can consult case_team without recursion.

create function recolo_private.visible_case_ids() returns setof uuid
  language sql stable security definer set search_path = ''
  as $$
    select c.id
      from public.cases c
      join public.user_site us on us.site_id = c.site_id and us.user_id = recolo_private.current_user_id()
     where exists (select 1 from public.case_team t where t.case_id = c.id and t.user_id = us.user_id)
        or recolo_private.current_user_role() = 'site_coordinator'
  $$;

create function recolo_private.can_see_case(p_case uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select exists (select 1 from recolo_private.visible_case_ids() v where v = p_case) $$;

create function recolo_private.is_site_coordinator_of_case(p_case uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select recolo_private.current_user_role() = 'site_coordinator'
       and exists (select 1 from public.cases c
                     join public.user_site us on us.site_id = c.site_id
                    where c.id = p_case and us.user_id = recolo_private.current_user_id())
  $$;

create function recolo_private.created_case(p_case uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select exists (select 1 from public.cases c
                        where c.id = p_case and c.created_by = recolo_private.current_user_id()) $$;

create function recolo_private.visible_person_ids() returns setof uuid
  language sql stable security definer set search_path = ''
  as $$
    select c.subject_id from public.cases c where c.id in (select recolo_private.visible_case_ids())
    union
    select v.victim_id from public.case_victim v where v.case_id in (select recolo_private.visible_case_ids())
  $$;

create function recolo_private.may_refer_at(p_site uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select recolo_private.current_user_role() in (
             'stalking_coordinator', 'investigating_officer', 'probation_practitioner',
             'forensic_psychiatrist', 'clinical_psychologist', 'forensic_psychologist',
             'occupational_therapist', 'stalking_advocate', 'site_coordinator')
       and exists (select 1 from public.user_site us
                    where us.site_id = p_site and us.user_id = recolo_private.current_user_id())
  $$;

revoke all on all functions in schema recolo_private from public;
grant execute on all functions in schema recolo_private to recolo_app;

-- Row-level security on every table of case data ------------------------------------------------

alter table cases enable row level security;
alter table cases force row level security;
create policy cases_select on cases for select to recolo_app
  using (id in (select recolo_private.visible_case_ids()));
create policy cases_insert on cases for insert to recolo_app
  with check (created_by = (select recolo_private.current_user_id()) and recolo_private.may_refer_at(site_id));
create policy cases_update on cases for update to recolo_app
  using (id in (select recolo_private.visible_case_ids()))
  with check (id in (select recolo_private.visible_case_ids()));

alter table person enable row level security;
alter table person force row level security;
create policy person_select on person for select to recolo_app
  using (id in (select recolo_private.visible_person_ids()));
create policy person_insert on person for insert to recolo_app
  with check (created_by = (select recolo_private.current_user_id()));
create policy person_update on person for update to recolo_app
  using (id in (select recolo_private.visible_person_ids()));

-- Tables that hang off a case share one shape of policy.
do $$
declare
  t text;
begin
  foreach t in array array['referral', 'case_offence', 'case_victim', 'case_status_event'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy %I on %I for select to recolo_app using (case_id in (select recolo_private.visible_case_ids()))', t || '_select', t);
    execute format('create policy %I on %I for insert to recolo_app with check (recolo_private.can_see_case(case_id) or recolo_private.created_case(case_id))', t || '_insert', t);
  end loop;
end
$$;

alter table case_team enable row level security;
alter table case_team force row level security;
create policy case_team_select on case_team for select to recolo_app
  using (case_id in (select recolo_private.visible_case_ids()));
-- the referrer joins the team of the case they just created; otherwise only the site coordinator allocates
create policy case_team_insert on case_team for insert to recolo_app
  with check (recolo_private.is_site_coordinator_of_case(case_id)
              or (recolo_private.created_case(case_id) and user_id = (select recolo_private.current_user_id())));
create policy case_team_delete on case_team for delete to recolo_app
  using (recolo_private.is_site_coordinator_of_case(case_id));

grant select, insert, update on cases, person to recolo_app;
grant select, insert on referral, case_offence, case_victim, case_status_event to recolo_app;
grant select, insert, delete on case_team to recolo_app;
grant usage on sequence case_reference_seq to recolo_app;

-- Audit: append-only for the application, sealed into a hash chain by a job ----------------------

create table audit.event (
  id bigserial primary key,
  at timestamptz not null default clock_timestamp(),
  xid xid8 not null default pg_current_xact_id(),
  user_id uuid,
  action text not null,
  case_id uuid,
  record_type text,
  record_id text,
  reason text not null,
  request_id text,
  break_glass boolean not null default false,
  details jsonb not null default '{}'
);
create index audit_event_case_idx on audit.event (case_id, at);
create index audit_event_xid_idx on audit.event (xid);

alter table audit.event enable row level security;
alter table audit.event force row level security;
create policy audit_event_insert on audit.event for insert to recolo_app
  with check (user_id is not distinct from recolo_private.current_user_id());
-- the access log of a case is for its site coordinator
create policy audit_event_select on audit.event for select to recolo_app
  using (case_id is not null and recolo_private.is_site_coordinator_of_case(case_id));
-- the application names what happened; the database alone decides the id, the time and the transaction
grant insert (user_id, action, case_id, record_type, record_id, reason, request_id, break_glass, details)
  on audit.event to recolo_app;
grant select on audit.event to recolo_app;
grant usage on sequence audit.event_id_seq to recolo_app;

-- Written only by the sealing job (owner connection): one row per sealed event, in chain order.
create table audit.chain (
  seq bigserial primary key,
  event_id bigint not null unique,
  seal_id bigint not null,
  hash text not null
);

create table audit.seal (
  id bigserial primary key,
  sealed_at timestamptz not null default clock_timestamp(),
  event_count integer not null,
  first_seq bigint,
  last_seq bigint,
  head_hash text not null
);
