-- The victim's voice, safety plans and the course of conduct. Row-level security of the new
-- compartment tables is generated from src/platform/access/policy.ts.

-- Victims on a case: the victim themselves, a proxy victim or a third party; the advocate assigned
alter table case_victim add column victim_kind text not null default 'victim'
  check (victim_kind in ('victim', 'proxy', 'third_party'));
alter table case_victim add column advocate_id uuid references app_user(id);
alter table case_victim add column added_by uuid references app_user(id);
grant update (advocate_id) on case_victim to recolo_app;

-- How recent the victim's voice must be before a case decision (the site sets it)
alter table site add column voice_fresh_days integer not null default 28 check (voice_fresh_days between 1 and 365);

-- The voice: what it is about, and whether (and how) the victim agreed to share it. Entries not to
-- be shared are seen only by those who hold the victim's contact (the advocate).
alter table victim_voice add column topic text not null default 'other'
  check (topic in ('interventions', 'order_conditions', 'bail_licence_conditions', 'own_safety', 'other'));
alter table victim_voice drop constraint victim_voice_sharing_check;
alter table victim_voice add constraint victim_voice_sharing_check
  check (sharing in ('verbatim', 'summarised', 'not_shared'));

-- A status decision taken while the victim's voice was not up to date records why
alter table case_status_event add column voice_not_current_reason text;

-- The advocate's contacts with the victim
create table victim_contact_log (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  case_victim_id uuid not null references case_victim(id),
  contacted_on date not null,
  method text not null check (method in ('phone', 'in_person', 'email', 'letter', 'text_message', 'video_call', 'other')),
  contact_with text not null,
  summary text not null check (length(summary) > 0),
  victim_updated boolean not null,
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index victim_contact_log_case_idx on victim_contact_log (case_id, contacted_on);

-- Safety plans per victim, versioned: every save is a new version, the history kept
create table safety_plan (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  case_victim_id uuid not null references case_victim(id),
  version integer not null check (version >= 1),
  risk_assessment_id uuid references risk_assessment(id),
  summary text not null default '',
  -- [{ "action": "...", "owner": "...", "reviewOn": "YYYY-MM-DD" }]
  actions jsonb not null check (jsonb_array_length(actions) > 0),
  review_date date not null,
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  unique (case_victim_id, version)
);
create index safety_plan_case_idx on safety_plan (case_id, case_victim_id, version);

-- The course of conduct
create table incident (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  case_victim_id uuid references case_victim(id),
  occurred_from timestamptz not null,
  occurred_to timestamptz,
  approximate boolean not null default false,
  behaviours text[] not null check (cardinality(behaviours) > 0 and behaviours <@ array[
    'following', 'contacting', 'publishing', 'monitoring_communications', 'loitering',
    'interfering_with_property', 'watching', 'threats', 'violence', 'online', 'other']),
  reported_by text not null check (reported_by in ('victim_diary', 'advocate', 'police', 'probation', 'health')),
  description text not null check (length(description) > 0),
  import_batch text,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check (occurred_to is null or occurred_to >= occurred_from)
);
create index incident_case_idx on incident (case_id, occurred_from);

create table evidence_file (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  incident_id uuid not null references incident(id),
  file_name text not null,
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  uploaded_by uuid not null references app_user(id),
  uploaded_at timestamptz not null default now()
);
create index evidence_file_incident_idx on evidence_file (incident_id);

grant select, insert on victim_contact_log, safety_plan, incident, evidence_file to recolo_app;
grant update (advocate_id) on case_victim to recolo_app;
grant update (voice_fresh_days) on site to recolo_app;
