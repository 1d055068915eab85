-- Audit integrity: every event carries an HMAC computed by the application with a key the database
-- never sees, binding the event's content, its time and the session (or API token) that made the
-- request; sealing selects by a high-water mark instead of re-scanning the table.

-- the application now supplies the time it authenticates; a trigger keeps it honest (see below)
alter table audit.event
  add column mac text,
  add column mac_key_id text,
  -- a one-way reference to the credential (session or API token) that made the request
  add column session_ref text,
  -- the user that credential belongs to, as authentication found it (not as the code claimed)
  add column session_user_id uuid;

-- a MAC is unique to its event: a copy of a genuine event is refused, not recorded twice
create unique index audit_event_mac_idx on audit.event (mac) where mac is not null;

-- sealing walks events in (transaction, id) order from the last sealed one: an index range scan
create index audit_event_xid_id_idx on audit.event (xid, id);
drop index audit.audit_event_xid_idx;

-- events before this migration were written without a MAC; verify expects one from here on
create table audit.mac_required_from (
  one boolean primary key default true check (one),
  first_event_id bigint not null
);
insert into audit.mac_required_from (first_event_id)
  select coalesce(max(id), 0) + 1 from audit.event;

-- the seal records where it stopped, so the next one starts there
alter table audit.seal
  add column last_xid xid8,
  add column last_event_id bigint;

-- the request role may name the time, but only the present: never back-dated or post-dated
create function audit.event_time_is_now() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if current_user = 'recolo_app'
       and abs(extract(epoch from (new.at - clock_timestamp()))) > 120 then
      raise exception 'an audit event''s time must be the present'
        using errcode = 'check_violation';
    end if;
    return new;
  end
  $$;
create trigger audit_event_time_is_now before insert on audit.event
  for each row execute function audit.event_time_is_now();

grant insert (at, user_id, action, case_id, record_type, record_id, reason, request_id, break_glass,
              details, mac, mac_key_id, session_ref, session_user_id)
  on audit.event to recolo_app;

-- refused attempts to open a case are security events for the administrator too (no case content:
-- the event holds ids only); the site coordinator already sees every event about their cases
create policy audit_event_select_refused on audit.event for select to recolo_app
  using (action = 'access.refused' and recolo_private.current_user_role() = 'administrator');

-- Refused access is recorded as a security event, at most once a minute per user and case and 20
-- times a minute per user, so refusals cannot flood the log. The request role cannot read other
-- people's events, so this asks on its behalf, about the signed-in user only.
create index audit_event_refused_idx on audit.event (user_id, at) where action = 'access.refused';

create function recolo_private.may_record_refusal(p_case uuid) returns boolean
  language plpgsql volatile security definer set search_path = ''
  as $$
  declare
    me uuid := recolo_private.current_user_id();
  begin
    if me is null then
      return false;
    end if;
    -- one refusal decision at a time per user, so parallel requests cannot all slip under the limit
    perform pg_advisory_xact_lock(7324003, hashtext(me::text));
    return not exists (
             select 1 from audit.event e
              where e.action = 'access.refused' and e.user_id = me and e.case_id is not distinct from p_case
                and e.at > clock_timestamp() - interval '1 minute')
       and (select count(*) from audit.event e
             where e.action = 'access.refused' and e.user_id = me
               and e.at > clock_timestamp() - interval '1 minute') < 20;
  end
  $$;
revoke all on function recolo_private.may_record_refusal(uuid) from public;
grant execute on function recolo_private.may_record_refusal(uuid) to recolo_app;
