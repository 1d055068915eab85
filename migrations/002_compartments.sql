-- Need-to-know access: compartments, site tightening, break-glass, and a table of case data for
-- every compartment. The row-level-security policies of compartment tables are generated from
-- src/platform/access/policy.ts after migrations run (src/platform/access/rls.ts).

create table access_policy (
  role text not null,
  compartment text not null check (compartment in
    ('core', 'risk', 'clinical', 'victim_contact', 'victim_voice', 'police_intelligence')),
  access text not null check (access in ('none', 'read', 'write')),
  primary key (role, compartment)
);

-- A site's information-sharing agreement may tighten the defaults; widening needs an
-- administrator's recorded decision.
create table site_access_policy (
  site_id uuid not null references site(id),
  role text not null check (role in (
    'stalking_coordinator', 'investigating_officer', 'probation_practitioner',
    'forensic_psychiatrist', 'clinical_psychologist', 'forensic_psychologist', 'occupational_therapist',
    'stalking_advocate', 'site_coordinator', 'national_coordinator', 'evaluator', 'administrator')),
  compartment text not null check (compartment in
    ('core', 'risk', 'clinical', 'victim_contact', 'victim_voice', 'police_intelligence')),
  access text not null check (access in ('none', 'read', 'write')),
  widening_approved_by uuid references app_user(id),
  reason text not null check (length(reason) > 0),
  decided_by uuid not null references app_user(id),
  decided_at timestamptz not null default now(),
  primary key (site_id, role, compartment)
);

create table break_glass_grant (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  user_id uuid not null references app_user(id),
  reason_code text not null,
  reason_text text not null check (length(reason_text) > 0),
  granted_at timestamptz not null default now(),
  expires_at timestamptz not null,
  reviewed_by uuid references app_user(id),
  reviewed_at timestamptz,
  review_note text
);
create index break_glass_case_idx on break_glass_grant (case_id);
create index break_glass_user_idx on break_glass_grant (user_id, expires_at);

-- One table of case data per compartment -------------------------------------------------------

create table risk_plan (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  risk_level text not null check (risk_level in ('low', 'moderate', 'high')),
  summary text not null,
  next_review_date date not null,
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index risk_plan_case_idx on risk_plan (case_id, created_at);

create table clinical_note (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  body text not null,
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index clinical_note_case_idx on clinical_note (case_id, created_at);

create table police_intelligence (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  body text not null,
  handling text not null check (handling in ('police_only', 'may_be_summarised')),
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index police_intelligence_case_idx on police_intelligence (case_id, created_at);

create table victim_voice (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  case_victim_id uuid not null references case_victim(id),
  body text not null,
  sharing text not null check (sharing in ('verbatim', 'summarised')),
  recorded_on date not null,
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index victim_voice_case_idx on victim_voice (case_id, recorded_on);

-- Address, phone, e-mail and safe-contact notes, encrypted in the application: a data key per
-- record (AES-256-GCM), itself wrapped by the master key named in key_id.
create table victim_contact (
  id uuid primary key,
  case_id uuid not null references cases(id),
  case_victim_id uuid not null unique references case_victim(id),
  key_id text not null,
  wrapped_key bytea not null,
  ciphertext bytea not null,
  updated_by uuid not null references app_user(id),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index victim_contact_case_idx on victim_contact (case_id);

-- Access functions -------------------------------------------------------------------------------

create function recolo_private.access_rank(p text) returns integer
  language sql immutable set search_path = ''
  as $$ select array_position(array['none', 'read', 'write'], p) $$;

-- the default, tightened by the site (or widened only with an administrator's recorded decision)
create function recolo_private.effective_access(p_role text, p_site uuid, p_compartment text) returns text
  language sql stable security definer set search_path = ''
  as $$
    select coalesce(
      (select case
                when o.widening_approved_by is not null
                  or recolo_private.access_rank(o.access) <= recolo_private.access_rank(d.access) then o.access
                else d.access
              end
         from public.site_access_policy o
        where o.site_id = p_site and o.role = p_role and o.compartment = p_compartment),
      d.access, 'none')
      from (select 1) one
      left join public.access_policy d on d.role = p_role and d.compartment = p_compartment
  $$;

-- May the user read this compartment of this case? At their site, the role allows it, and they are
-- on the team or the site's coordinator; or an unexpired break-glass grant (read only, never
-- victim contact). plpgsql so its plans are cached: it runs once per row a policy checks.
create function recolo_private.can_read(p_case uuid, p_compartment text) returns boolean
  language plpgsql stable security definer set search_path = ''
  as $$
  declare
    v_user uuid := recolo_private.current_user_id();
    v_role text;
    v_site uuid;
  begin
    if v_user is null or p_case is null then return false; end if;
    select u.role into v_role from public.app_user u where u.id = v_user and u.active;
    if v_role is null then return false; end if;
    select c.site_id into v_site from public.cases c where c.id = p_case;
    if v_site is null
       or not exists (select 1 from public.user_site us where us.user_id = v_user and us.site_id = v_site)
       or recolo_private.effective_access(v_role, v_site, p_compartment) = 'none' then
      return false;
    end if;
    if v_role = 'site_coordinator'
       or exists (select 1 from public.case_team t where t.case_id = p_case and t.user_id = v_user) then
      return true;
    end if;
    return p_compartment <> 'victim_contact'
       and exists (select 1 from public.break_glass_grant g
                    where g.case_id = p_case and g.user_id = v_user and g.expires_at > now());
  end
  $$;

-- a person is visible when they are the subject or a victim of a case whose core the user may read
create function recolo_private.can_read_person(p_person uuid) returns boolean
  language plpgsql stable security definer set search_path = ''
  as $$
  begin
    return exists (select 1 from public.cases c
                    where c.subject_id = p_person and recolo_private.can_read(c.id, 'core'))
        or exists (select 1 from public.case_victim v
                    where v.victim_id = p_person and recolo_private.can_read(v.case_id, 'core'));
  end
  $$;

create function recolo_private.can_write(p_case uuid, p_compartment text) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1
        from public.cases c
        join public.user_site us on us.site_id = c.site_id and us.user_id = recolo_private.current_user_id()
        join public.app_user u on u.id = us.user_id and u.active
       where c.id = p_case
         and recolo_private.effective_access(u.role, c.site_id, p_compartment) = 'write'
         and (u.role = 'site_coordinator'
              or exists (select 1 from public.case_team t where t.case_id = c.id and t.user_id = u.id)))
  $$;

-- break-glass: a case at one of the user's sites, found by its reference, whether or not they may see it
create function recolo_private.case_at_my_site(p_case uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (select 1 from public.cases c
                     join public.user_site us on us.site_id = c.site_id
                    where c.id = p_case and us.user_id = recolo_private.current_user_id())
  $$;

create function recolo_private.case_id_for_break_glass(p_reference text) returns uuid
  language sql stable security definer set search_path = ''
  as $$
    select c.id from public.cases c
      join public.user_site us on us.site_id = c.site_id
     where c.reference = p_reference and us.user_id = recolo_private.current_user_id()
  $$;

-- what this user may do with one compartment of one case: 'write', 'read' or 'none'
create function recolo_private.case_access(p_case uuid, p_compartment text) returns text
  language sql stable security definer set search_path = ''
  as $$
    select case
             when recolo_private.can_write(p_case, p_compartment) then 'write'
             when recolo_private.can_read(p_case, p_compartment) then 'read'
             else 'none'
           end
  $$;

-- core visibility now comes from the policy table: replace the first policies, then their helpers
drop policy cases_select on cases;
create policy cases_select on cases for select to recolo_app using (recolo_private.can_read(id, 'core'));
drop policy person_select on person;
create policy person_select on person for select to recolo_app using (recolo_private.can_read_person(id));
drop policy case_team_select on case_team;
create policy case_team_select on case_team for select to recolo_app using (recolo_private.can_read(case_id, 'core'));
drop policy audit_event_select on audit.event;
create policy audit_event_select on audit.event for select to recolo_app
  using (case_id is not null and recolo_private.is_site_coordinator_of_case(case_id));
do $$
declare
  t text;
begin
  -- regenerated from src/platform/access/policy.ts once migrations have run
  foreach t in array array['referral', 'case_offence', 'case_victim', 'case_status_event'] loop
    execute format('drop policy %I on %I', t || '_select', t);
    execute format('drop policy %I on %I', t || '_insert', t);
  end loop;
end
$$;

revoke all on all functions in schema recolo_private from public;
grant execute on all functions in schema recolo_private to recolo_app;

-- Policies of the case tables themselves (compartment tables are generated) ----------------------

drop policy cases_update on cases;
create policy cases_update on cases for update to recolo_app
  using (recolo_private.can_write(id, 'core'))
  with check (recolo_private.can_write(id, 'core'));

drop policy person_update on person;
create policy person_update on person for update to recolo_app
  using (recolo_private.can_read_person(id))
  with check (exists (select 1 from public.cases c where c.subject_id = person.id and recolo_private.can_write(c.id, 'core')));

alter table break_glass_grant enable row level security;
alter table break_glass_grant force row level security;
-- a user sees their own grants; the site coordinator sees (and reviews) all grants at their site
create policy break_glass_select on break_glass_grant for select to recolo_app
  using (user_id = (select recolo_private.current_user_id())
         or recolo_private.is_site_coordinator_of_case(case_id));
create policy break_glass_insert on break_glass_grant for insert to recolo_app
  with check (user_id = (select recolo_private.current_user_id()) and recolo_private.case_at_my_site(case_id)
              and expires_at <= now() + interval '12 hours');
create policy break_glass_review on break_glass_grant for update to recolo_app
  using (recolo_private.is_site_coordinator_of_case(case_id))
  with check (recolo_private.is_site_coordinator_of_case(case_id));

alter table site_access_policy enable row level security;
alter table site_access_policy force row level security;
create policy site_access_policy_select on site_access_policy for select to recolo_app using (true);
create policy site_access_policy_admin on site_access_policy for all to recolo_app
  using (recolo_private.current_user_role() = 'administrator')
  with check (recolo_private.current_user_role() = 'administrator');

grant select on access_policy to recolo_app;
grant select, insert, update, delete on site_access_policy to recolo_app;
grant select, insert, update (reviewed_by, reviewed_at, review_note) on break_glass_grant to recolo_app;
grant select on break_glass_grant to recolo_app;
grant select, insert on risk_plan, clinical_note, police_intelligence, victim_voice to recolo_app;
grant select, insert, update on victim_contact to recolo_app;

-- person search
create index person_family_trgm_idx on person using gin (family_name gin_trgm_ops);

-- Users and their sites: everyone may read (names on case teams, sign-in); only an administrator
-- creates users or changes who belongs to which site.
grant insert on app_user to recolo_app;
grant update (display_name, role, agency_id, active) on app_user to recolo_app;
grant delete on user_site to recolo_app;
alter table app_user enable row level security;
alter table app_user force row level security;
create policy app_user_select on app_user for select to recolo_app using (true);
-- a user's own sign-in fields (failed attempts, second factor) change before their id is known, so
-- updates are limited by column grants; role and site changes are the administrator's
create policy app_user_update on app_user for update to recolo_app using (true) with check (true);
-- security invoker, so current_user is the request role
create function recolo_private.guard_user_admin_fields() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if current_user = 'recolo_app'
       and (new.role, new.agency_id, new.active, new.display_name, new.email)
           is distinct from (old.role, old.agency_id, old.active, old.display_name, old.email)
       and recolo_private.current_user_role() is distinct from 'administrator' then
      raise exception 'only an administrator may change a user''s role, agency, name or status'
        using errcode = '42501';
    end if;
    return new;
  end
  $$;
create trigger app_user_admin_fields before update on app_user
  for each row execute function recolo_private.guard_user_admin_fields();
create policy app_user_insert on app_user for insert to recolo_app
  with check (recolo_private.current_user_role() = 'administrator');
alter table user_site enable row level security;
alter table user_site force row level security;
create policy user_site_select on user_site for select to recolo_app using (true);
create policy user_site_insert on user_site for insert to recolo_app
  with check (recolo_private.current_user_role() = 'administrator');
create policy user_site_delete on user_site for delete to recolo_app
  using (recolo_private.current_user_role() = 'administrator');
revoke update on user_site from recolo_app;

-- Who can see which cases at a site, and why: for the quarterly access review. Only the site's
-- coordinator or an administrator may ask.
create function recolo_private.access_review(p_site uuid)
  returns table (case_id uuid, case_reference text, user_id uuid, user_name text, role text,
                 basis text, until timestamptz, compartments text[])
  language sql stable security definer set search_path = ''
  as $$
    with asker as (
      select 1 from public.app_user u
       where u.id = recolo_private.current_user_id() and u.active
         and (u.role = 'administrator'
              or (u.role = 'site_coordinator'
                  and exists (select 1 from public.user_site us where us.user_id = u.id and us.site_id = p_site)))
    ), staff as (
      select u.id, u.display_name, u.role from public.app_user u
        join public.user_site us on us.user_id = u.id and us.site_id = p_site
       where u.active
    ), grants as (
      select c.id as case_id, c.reference, s.id as user_id, s.display_name, s.role,
             case when exists (select 1 from public.case_team t where t.case_id = c.id and t.user_id = s.id) then 'case team'
                  when s.role = 'site_coordinator' then 'site coordinator'
                  else 'break-glass' end as basis,
             (select max(g.expires_at) from public.break_glass_grant g
               where g.case_id = c.id and g.user_id = s.id and g.expires_at > now()) as until
        from public.cases c cross join staff s
       where c.site_id = p_site and exists (select 1 from asker)
    )
    select g.case_id, g.reference, g.user_id, g.display_name, g.role, g.basis,
           case when g.basis = 'break-glass' then g.until end,
           array(select comp from unnest(array['core', 'risk', 'clinical', 'victim_contact', 'victim_voice', 'police_intelligence']) comp
                  where recolo_private.effective_access(g.role, p_site, comp) <> 'none'
                    and (g.basis <> 'break-glass' or comp <> 'victim_contact'))
      from grants g
     where g.basis <> 'break-glass' or g.until is not null
     order by g.reference, g.display_name
  $$;
revoke all on function recolo_private.access_review(uuid) from public;
grant execute on function recolo_private.access_review(uuid) to recolo_app;

-- the first access helpers, now replaced by can_read and the policy table
drop function recolo_private.can_see_case(uuid);
drop function recolo_private.visible_person_ids();
drop function recolo_private.visible_case_ids();

-- Sessions and API tokens: a request reaches only the one credential it presented (its hash is set
-- for the transaction), and a signed-in user their own tokens; never anyone else's.
alter table session enable row level security;
alter table session force row level security;
create policy session_own on session for all to recolo_app
  using (id_hash = current_setting('recolo.credential', true))
  with check (id_hash = current_setting('recolo.credential', true));
alter table api_token enable row level security;
alter table api_token force row level security;
create policy api_token_select on api_token for select to recolo_app
  using (user_id = (select recolo_private.current_user_id()) or token_hash = current_setting('recolo.credential', true));
create policy api_token_update on api_token for update to recolo_app
  using (user_id = (select recolo_private.current_user_id()) or token_hash = current_setting('recolo.credential', true));
create policy api_token_insert on api_token for insert to recolo_app
  with check (user_id = (select recolo_private.current_user_id()));
revoke delete on api_token from recolo_app;
