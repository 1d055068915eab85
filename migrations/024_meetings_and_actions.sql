-- The multi-agency meeting and its actions (issue 15, items 1 to 5). A meeting belongs to a site:
-- its date, chair, minute-taker, the agencies and people invited and who attended are the site's
-- (no case data), readable by everyone at the site and written only by the site's coordinator.
-- What the meeting says about a case is held PER CASE ITEM (meeting_item, with its case_id), in
-- the core compartment, so a person sees only the items of the cases they may see; an addendum
-- after the minutes are approved is a row of its own. Actions (case_action) belong to a case, from
-- a meeting item or from the case itself, core too. Row-level security of the case tables is
-- generated from src/platform/access/policy.ts.

-- the site's quoracy rule: the kinds of agency that must be present for the meeting to be quorate
create table site_meeting_rule (
  site_id uuid primary key references site(id),
  quorum_kinds text[] not null
    check (quorum_kinds <@ array['police', 'probation', 'health', 'victim_service', 'programme']::text[]),
  updated_by uuid not null references app_user(id),
  updated_at timestamptz not null default now()
);

create table meeting (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references site(id),
  -- meetings scheduled together as one recurring series share it (null: one-off)
  series_id uuid,
  recurrence text not null default 'none' check (recurrence in ('none', 'weekly', 'monthly')),
  starts_at timestamptz not null,
  location text not null default '',
  chair_id uuid not null references app_user(id),
  minute_taker_id uuid references app_user(id),
  status text not null default 'planned'
    check (status in ('planned', 'held', 'minutes_draft', 'minutes_approved')),
  approved_by uuid references app_user(id),
  approved_at timestamptz,
  version integer not null default 1,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check ((status = 'minutes_approved') = (approved_at is not null))
);
create index meeting_site_idx on meeting (site_id, starts_at);

create table meeting_invited_agency (
  meeting_id uuid not null references meeting(id) on delete cascade,
  agency_id uuid not null references agency(id),
  primary key (meeting_id, agency_id)
);

-- the people invited and, once held, whether each came, sent apologies or sent a deputy
create table meeting_participant (
  meeting_id uuid not null references meeting(id) on delete cascade,
  user_id uuid not null references app_user(id),
  attendance text check (attendance in ('present', 'apologies', 'deputy')),
  deputy_id uuid references app_user(id),
  primary key (meeting_id, user_id),
  check ((attendance = 'deputy') = (deputy_id is not null))
);

-- one case on one meeting's agenda, and the minutes of its discussion
create table meeting_item (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meeting(id),
  case_id uuid not null references cases(id),
  position integer not null,
  -- why it is on the agenda: the suggestion's reasons, or 'Added by the coordinator'
  reason text not null default '',
  discussion text not null default '',
  -- the victim's voice brought by the advocate: the latest shared entry, or why none is fresh
  victim_voice_id uuid references victim_voice(id),
  voice_reason text not null default '',
  agreed_risk text check (agreed_risk in ('low', 'moderate', 'high')),
  risk_rationale text not null default '',
  decision text check (decision in ('accept', 'decline', 'refer_mappa', 'refer_marac', 'escalate')),
  version integer not null default 1,
  updated_by uuid references app_user(id),
  updated_at timestamptz,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  unique (meeting_id, case_id)
);
create index meeting_item_case_idx on meeting_item (case_id);

-- after the minutes are approved, an item is never edited: an addendum is added
create table meeting_item_addendum (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references meeting_item(id),
  case_id uuid not null references cases(id),
  body text not null check (length(body) between 1 and 5000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index meeting_item_addendum_item_idx on meeting_item_addendum (item_id);

create table case_action (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  meeting_item_id uuid references meeting_item(id),
  description text not null check (length(description) between 1 and 2000),
  -- a person, or an agency at the site when no person is named
  owner_user_id uuid references app_user(id),
  owner_agency_id uuid references agency(id),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'done', 'not_done')),
  not_done_reason text not null default '',
  closed_by uuid references app_user(id),
  closed_at timestamptz,
  -- the reminders job: each sent once
  due_soon_notified boolean not null default false,
  overdue_notified boolean not null default false,
  version integer not null default 1,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check ((owner_user_id is null) <> (owner_agency_id is null)),
  check (status <> 'not_done' or length(not_done_reason) > 0)
);
create index case_action_case_idx on case_action (case_id, due_on);
create index case_action_owner_idx on case_action (owner_user_id, status);
create index case_action_open_due_idx on case_action (due_on) where status = 'open';

-- The site's own tables: everyone at the site reads them; the site's coordinator writes them.
create function recolo_private.works_at_site(p_site uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select exists (select 1 from public.user_site us join public.app_user u on u.id = us.user_id and u.active
                        where us.user_id = recolo_private.current_user_id() and us.site_id = p_site) $$;
create function recolo_private.coordinates_site(p_site uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select recolo_private.current_user_role() = 'site_coordinator' and recolo_private.works_at_site(p_site) $$;
create function recolo_private.meeting_site(p_meeting uuid) returns uuid
  language sql stable security definer set search_path = ''
  as $$ select m.site_id from public.meeting m where m.id = p_meeting $$;
grant execute on function recolo_private.works_at_site(uuid), recolo_private.coordinates_site(uuid),
  recolo_private.meeting_site(uuid) to recolo_app;

alter table site_meeting_rule enable row level security;
alter table site_meeting_rule force row level security;
create policy site_meeting_rule_read on site_meeting_rule for select to recolo_app
  using (recolo_private.works_at_site(site_id));
create policy site_meeting_rule_insert on site_meeting_rule for insert to recolo_app
  with check (recolo_private.coordinates_site(site_id));
create policy site_meeting_rule_update on site_meeting_rule for update to recolo_app
  using (recolo_private.coordinates_site(site_id)) with check (recolo_private.coordinates_site(site_id));

alter table meeting enable row level security;
alter table meeting force row level security;
create policy meeting_read on meeting for select to recolo_app using (recolo_private.works_at_site(site_id));
create policy meeting_insert on meeting for insert to recolo_app
  with check (recolo_private.coordinates_site(site_id));
create policy meeting_update on meeting for update to recolo_app
  using (recolo_private.coordinates_site(site_id)) with check (recolo_private.coordinates_site(site_id));

alter table meeting_invited_agency enable row level security;
alter table meeting_invited_agency force row level security;
create policy meeting_invited_agency_read on meeting_invited_agency for select to recolo_app
  using (recolo_private.works_at_site(recolo_private.meeting_site(meeting_id)));
create policy meeting_invited_agency_write on meeting_invited_agency for insert to recolo_app
  with check (recolo_private.coordinates_site(recolo_private.meeting_site(meeting_id)));

alter table meeting_participant enable row level security;
alter table meeting_participant force row level security;
create policy meeting_participant_read on meeting_participant for select to recolo_app
  using (recolo_private.works_at_site(recolo_private.meeting_site(meeting_id)));
create policy meeting_participant_insert on meeting_participant for insert to recolo_app
  with check (recolo_private.coordinates_site(recolo_private.meeting_site(meeting_id)));
create policy meeting_participant_update on meeting_participant for update to recolo_app
  using (recolo_private.coordinates_site(recolo_private.meeting_site(meeting_id)))
  with check (recolo_private.coordinates_site(recolo_private.meeting_site(meeting_id)));

grant select, insert, update on site_meeting_rule, meeting, meeting_participant to recolo_app;
grant select, insert on meeting_invited_agency, meeting_item_addendum to recolo_app;
grant select, insert, update, delete on meeting_item to recolo_app;
grant select, insert, update on case_action to recolo_app;

-- An action's owner is told of it (assigned, due in 2 days, overdue): a core writer on the case
-- notifies a person who may read it
create policy notification_action on notification for insert to recolo_app
  with check (case_id is not null and kind = 'action_assigned'
              and recolo_private.can_write(case_id, 'core'));
