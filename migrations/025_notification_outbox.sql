-- Notifications owned by one service (issue 15, items 7 and 8): each person's choice per kind of
-- notification (in-app only, or in-app and e-mail) and of a daily digest; the outbox of e-mails
-- written in the same transaction as the notification they tell of, and delivered by a background
-- job with retries and a dead-letter state. An e-mail carries no personal data (the case reference
-- only), so the outbox holds no text: the job builds the words from the kind as it sends.

-- A person's choices: the kinds they also want by e-mail, and whether they want the daily digest
create table notification_setting (
  user_id uuid primary key references app_user(id) on delete cascade,
  email_kinds text[] not null default '{}',
  daily_digest boolean not null default false,
  version integer not null default 1 check (version >= 1),
  updated_at timestamptz not null default now()
);
alter table notification_setting enable row level security;
alter table notification_setting force row level security;
create policy notification_setting_own on notification_setting for all to recolo_app
  using (user_id = (select recolo_private.current_user_id()))
  with check (user_id = (select recolo_private.current_user_id()));
grant select, insert, update (email_kinds, daily_digest, version, updated_at) on notification_setting to recolo_app;

-- One e-mail to send. state: pending (to send at next_attempt_at) → sending (claimed, attempt made)
-- → sent; or back to pending with a later next_attempt_at after a failure; dead after the last
-- attempt. A claim older than the lease is taken again (the sender died between send and mark):
-- the same Message-ID (from delivery_key) goes again, so a mail system sees one message.
create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id),
  -- the in-app notification it tells of; null for a daily digest
  notification_id uuid references notification(id),
  kind text not null,
  -- a digest's counts per kind ({"action_assigned": 2}); no case, no names
  counts jsonb,
  delivery_key text not null unique,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  claimed_at timestamptz,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  check ((notification_id is null) = (counts is not null))
);
create index notification_outbox_due_idx on notification_outbox (next_attempt_at) where state in ('pending', 'sending');
create index notification_outbox_user_idx on notification_outbox (user_id, created_at desc);
alter table notification_outbox enable row level security;
alter table notification_outbox force row level security;
-- a person reads only their own; rows are written and delivered by the owner (trigger and job)
create policy notification_outbox_own on notification_outbox for select to recolo_app
  using (user_id = (select recolo_private.current_user_id()));
grant select on notification_outbox to recolo_app;

-- The outbox row of a notification, in the same statement as the notification: when its recipient
-- (an active account) chose e-mail for its kind. Every way a notification is written (notify(),
-- the database's own possible-duplicate notice of migration 014, a job) queues its e-mail the same.
create function recolo_private.queue_notification_mail() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    insert into public.notification_outbox (user_id, notification_id, kind, delivery_key, next_attempt_at)
    select new.user_id, new.id, new.kind, 'notification:' || new.id::text, now()
      from public.notification_setting s
      join public.app_user u on u.id = s.user_id and u.active
     where s.user_id = new.user_id and new.kind = any (s.email_kinds)
    on conflict (delivery_key) do nothing;
    return new;
  end
  $$;
create trigger notification_queue_mail after insert on notification
  for each row execute function recolo_private.queue_notification_mail();

-- May this user be told of this case? On its team, or an active site coordinator at its site.
-- Answers only to one who may read the case (else false), so it tells no one of other teams.
create function recolo_private.may_be_told(p_case uuid, p_user uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select recolo_private.can_read(p_case, 'core') and (
           exists (select 1 from public.case_team t where t.case_id = p_case and t.user_id = p_user)
        or exists (select 1 from public.cases c
                     join public.user_site us on us.site_id = c.site_id and us.user_id = p_user
                     join public.app_user u on u.id = p_user and u.active and u.role = 'site_coordinator'
                    where c.id = p_case))
  $$;

-- The active site coordinators of a case's site, for one who may read the case (a new referral
-- tells them); nothing for anyone else.
create function recolo_private.case_coordinator_ids(p_case uuid) returns setof uuid
  language sql stable security definer set search_path = ''
  as $$
    select u.id
      from public.cases c
      join public.user_site us on us.site_id = c.site_id
      join public.app_user u on u.id = us.user_id and u.active and u.role = 'site_coordinator'
     where c.id = p_case and recolo_private.can_read(p_case, 'core')
  $$;
grant execute on function recolo_private.case_coordinator_ids(uuid) to recolo_app;

-- One who may read a case tells its team or its site's coordinators (a new referral, a member
-- added, meetings and actions): reading, not writing, so a site that tightens a role to read-only
-- core does not make a referral fail. The alerts of migrations 004 and 017 stay as they are.
create policy notification_core_alert on notification for insert to recolo_app
  with check (case_id is not null and recolo_private.can_read(case_id, 'core')
              and recolo_private.may_be_told(case_id, user_id));

-- The administrator's dead-letter list: what could not be delivered, to which account, never
-- what it was about (no case, no notification text). Empty for anyone but an administrator.
create function recolo_private.mail_dead_letters(p_limit integer)
  returns table (id uuid, kind text, recipient text, attempts integer, last_error text,
                 created_at timestamptz, failed_at timestamptz)
  language sql stable security definer set search_path = ''
  as $$
    select o.id, o.kind, u.email, o.attempts, o.last_error, o.created_at, o.next_attempt_at
      from public.notification_outbox o
      join public.app_user u on u.id = o.user_id
     where o.state = 'dead' and recolo_private.current_user_role() = 'administrator'
     order by o.next_attempt_at desc, o.id
     limit p_limit
  $$;
grant execute on function recolo_private.mail_dead_letters(integer) to recolo_app;

-- An administrator sends a dead e-mail again (after mending the mail server): back to pending,
-- its attempts counted afresh. True when it was dead and is queued again.
create function recolo_private.retry_dead_letter(p_id uuid) returns boolean
  language plpgsql volatile security definer set search_path = ''
  as $$
  declare
    v_done integer;
  begin
    if recolo_private.current_user_role() is distinct from 'administrator' then return false; end if;
    update public.notification_outbox
       set state = 'pending', attempts = 0, next_attempt_at = now(), claimed_at = null
     where id = p_id and state = 'dead';
    get diagnostics v_done = row_count;
    return v_done = 1;
  end
  $$;
grant execute on function recolo_private.retry_dead_letter(uuid) to recolo_app;
