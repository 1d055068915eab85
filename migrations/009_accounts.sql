-- Accounts (security issue 8, items 4 and 5): sign-in throttling that tells strangers nothing,
-- one case-reference counter per site, and passwords an administrator set must be changed.

-- Sign-in throttling --------------------------------------------------------------------------
-- Failed passwords are counted per (email address, source address) and per source address, keyed
-- by hashes, whether or not the address has an account: the answer is the same either way, and an
-- attacker's address is slowed down without locking the owner out from anywhere else. Only these
-- functions touch the table.
create table sign_in_throttle (
  key text primary key,
  failures integer not null default 0,
  blocked_until timestamptz,
  last_failure_at timestamptz not null default now()
);
alter table sign_in_throttle enable row level security;
alter table sign_in_throttle force row level security;
revoke all on sign_in_throttle from recolo_app;

-- the latest time any of the keys is blocked until, if later than now
create function recolo_private.sign_in_blocked_until(p_keys text[]) returns timestamptz
  language sql stable security definer set search_path = ''
  as $$
    select max(t.blocked_until) from public.sign_in_throttle t
     where t.key = any(p_keys) and t.blocked_until > now()
  $$;

-- counts one failure (a day without failures starts the count again) and returns the count
create function recolo_private.sign_in_failed(p_key text) returns integer
  language sql volatile security definer set search_path = ''
  as $$
    insert into public.sign_in_throttle as t (key, failures, last_failure_at)
    values (p_key, 1, now())
    on conflict (key) do update
      set failures = case when t.last_failure_at < now() - interval '1 day' then 1 else t.failures + 1 end,
          last_failure_at = now()
    returning failures
  $$;

create function recolo_private.sign_in_block(p_key text, p_minutes integer) returns void
  language sql volatile security definer set search_path = ''
  as $$
    update public.sign_in_throttle set blocked_until = now() + make_interval(mins => p_minutes)
     where key = p_key
  $$;

create function recolo_private.sign_in_succeeded(p_key text) returns void
  language sql volatile security definer set search_path = ''
  as $$ delete from public.sign_in_throttle where key = p_key $$;

-- Case references: one counter per site ---------------------------------------------------------
-- A single counter for every site let anyone at one site read the others' volumes from the gaps.
create table site_case_counter (
  site_id uuid primary key references site(id),
  last_number integer not null
);
alter table site_case_counter enable row level security;
alter table site_case_counter force row level security;
revoke all on site_case_counter from recolo_app;

insert into site_case_counter (site_id, last_number)
select c.site_id, max(coalesce(substring(c.reference from '-([0-9]+)$')::integer, 0))
  from cases c group by c.site_id;

-- the next number at the site, taken in the referral's own transaction (the row lock serialises
-- concurrent referrals at one site; a rolled-back referral gives its number back)
create function recolo_private.next_case_number(p_site uuid) returns integer
  language sql volatile security definer set search_path = ''
  as $$
    insert into public.site_case_counter as c (site_id, last_number) values (p_site, 1)
    on conflict (site_id) do update set last_number = c.last_number + 1
    returning last_number
  $$;

revoke usage on sequence case_reference_seq from recolo_app;

-- Passwords an administrator knows must be changed -------------------------------------------------
alter table app_user add column must_change_password boolean not null default false;
alter table app_user add column password_changed_at timestamptz;
grant update (must_change_password, password_changed_at) on app_user to recolo_app;

-- A user's password and second factor may be changed by the user themselves, or by an
-- administrator (a reset); nobody else, whatever a route does.
create or replace function recolo_private.guard_user_admin_fields() returns trigger
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
    if current_user = 'recolo_app'
       and (new.password_hash, new.totp_secret, new.totp_enrolled_at, new.must_change_password)
           is distinct from (old.password_hash, old.totp_secret, old.totp_enrolled_at, old.must_change_password)
       and old.id is distinct from recolo_private.current_user_id()
       and recolo_private.current_user_role() is distinct from 'administrator' then
      raise exception 'only the user or an administrator may change a user''s password or second factor'
        using errcode = '42501';
    end if;
    return new;
  end
  $$;

-- An administrator's reset or deactivation ends the user's sessions and revokes their API tokens.
-- Row-level security lets a request reach only its own session and its user's own tokens, so this
-- is done here, for an administrator only.
create function recolo_private.end_user_credentials(p_user uuid, out sessions integer, out tokens integer)
  language plpgsql volatile security definer set search_path = ''
  as $$
  begin
    if recolo_private.current_user_role() is distinct from 'administrator' then
      raise exception 'only an administrator may end another user''s sessions' using errcode = '42501';
    end if;
    delete from public.session where user_id = p_user;
    get diagnostics sessions = row_count;
    update public.api_token set revoked_at = now() where user_id = p_user and revoked_at is null;
    get diagnostics tokens = row_count;
  end
  $$;

-- A user who changes their password ends their other sessions (this one carries on).
create function recolo_private.end_own_other_sessions(p_keep text) returns integer
  language plpgsql volatile security definer set search_path = ''
  as $$
  declare
    n integer;
  begin
    delete from public.session
     where user_id = recolo_private.current_user_id() and id_hash is distinct from p_keep;
    get diagnostics n = row_count;
    return n;
  end
  $$;

grant execute on all functions in schema recolo_private to recolo_app;
