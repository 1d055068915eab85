-- Orders on a case (restraining orders, stalking protection orders, bail, licence and community
-- order requirements), their conditions, their lifecycle as dated events, the SPO notification
-- requirements, and breaches (issue 13). Nothing here is overwritten: a variation, renewal,
-- discharge or expiry is a new event; a condition is added by an event and removed by a later one.
-- Row-level security of these tables is generated from src/platform/access/policy.ts: all are core
-- except the details of protected people who are not victims on the case (victim-contact).

create table court_order (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('restraining_conviction', 'restraining_acquittal', 'spo', 'interim_spo',
    'pre_charge_bail', 'court_bail', 'licence', 'community_order')),
  issuing_body text not null check (length(issuing_body) > 0),
  reference text,
  made_on date not null,
  served_on date,
  starts_on date not null,
  ends_on date,
  until_further_order boolean not null default false,
  -- licence conditions: the supervising probation practitioner (a name: they may not use Recolo)
  supervising_practitioner text,
  notes text not null default '',
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on),
  check (served_on is null or served_on >= made_on),
  check (not (until_further_order and ends_on is not null))
);
create index court_order_case_idx on court_order (case_id, made_on);
-- the alerts job: orders by their end date
create index court_order_ends_idx on court_order (ends_on) where ends_on is not null;

-- Lifecycle: made, served, varied, renewed, discharged, expired, appealed
create table court_order_event (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  order_id uuid not null references court_order(id),
  kind text not null check (kind in ('made', 'served', 'varied', 'renewed', 'discharged', 'expired', 'appealed')),
  occurred_on date not null,
  -- a renewal (or a variation of the term): the new end, or until further order
  new_ends_on date,
  new_until_further_order boolean,
  -- a variation: the conditions it removed (those it added point to it from court_order_condition)
  removed_condition_ids uuid[] not null default '{}',
  -- the victim's view on the proposed change, as shared for the court, and the voice entry it came from
  victim_view text,
  victim_voice_id uuid references victim_voice(id),
  notes text not null default '',
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index court_order_event_order_idx on court_order_event (order_id, occurred_on);
create index court_order_event_case_idx on court_order_event (case_id, occurred_on);
-- the alerts: renewals and variations of the term by their new end date
create index court_order_event_new_ends_idx on court_order_event (new_ends_on) where new_ends_on is not null;

create table court_order_condition (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  order_id uuid not null references court_order(id),
  -- the event that added it: 'made' for the conditions of the order as made, else a variation
  added_event_id uuid not null references court_order_event(id),
  kind text not null check (kind in ('prohibition', 'positive_requirement')),
  text text not null check (length(text) > 0),
  -- a positive requirement: the assessment or intervention it requires, as a reference
  intervention_ref text,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  check (kind = 'positive_requirement' or intervention_ref is null)
);
create index court_order_condition_order_idx on court_order_condition (order_id);

-- Other protected people (not victims on the case): their details are victim-contact
create table order_protected_contact (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  name text not null check (length(name) > 0),
  relationship text not null default '',
  contact_details text not null default '',
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index order_protected_contact_case_idx on order_protected_contact (case_id);

-- Who an order protects: a victim on the case, or another person (their details kept above)
create table court_order_protected (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  order_id uuid not null references court_order(id),
  case_victim_id uuid references case_victim(id),
  protected_contact_id uuid references order_protected_contact(id),
  check ((case_victim_id is null) <> (protected_contact_id is null))
);
create index court_order_protected_order_idx on court_order_protected (order_id);

-- SPO notification requirements: the subject must notify the police within the period of 3 days
-- beginning with the trigger (the order served, or a change of name or home address)
create table order_notification (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  order_id uuid not null references court_order(id),
  trigger text not null check (trigger in ('order', 'change_of_name', 'change_of_address')),
  trigger_on date not null,
  due_on date not null,
  notified_on date,
  notified_recorded_by uuid references app_user(id),
  notes text not null default '',
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check (due_on >= trigger_on),
  check (notified_on is null or notified_on >= trigger_on)
);
create index order_notification_order_idx on order_notification (order_id);
create index order_notification_due_idx on order_notification (due_on) where notified_on is null;

create table order_breach (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  order_id uuid not null references court_order(id),
  -- the condition broken, or null with failure_to_notify
  condition_id uuid references court_order_condition(id),
  failure_to_notify boolean not null default false,
  occurred_on date not null,
  came_to_light text not null check (came_to_light in ('victim', 'police', 'probation', 'electronic_monitoring')),
  incident_ids uuid[] not null default '{}',
  action text not null check (action in ('warning', 'arrest', 'charge', 'recall', 'nfa')),
  outcome text not null default '',
  description text not null check (length(description) > 0),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check ((condition_id is null) = failure_to_notify)
);
create index order_breach_order_idx on order_breach (order_id, occurred_on);
create index order_breach_case_idx on order_breach (case_id, occurred_on);
-- the alerts: breaches recorded recently
create index order_breach_created_idx on order_breach (created_at);

grant select, insert on court_order, court_order_event, court_order_condition, order_protected_contact,
  court_order_protected, order_notification, order_breach to recolo_app;
grant update (notified_on, notified_recorded_by, notes) on order_notification to recolo_app;

-- A core writer on a case tells its team of a breach (the alert of migration 004 is for risk writers)
create policy notification_order_alert on notification for insert to recolo_app
  with check (case_id is not null and kind = 'order_breach'
              and recolo_private.can_write(case_id, 'core')
              and exists (select 1 from public.case_team t where t.case_id = notification.case_id
                                                             and t.user_id = notification.user_id));
