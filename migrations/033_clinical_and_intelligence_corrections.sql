-- Correcting the records only one profession may read (issue 11): a clinical note, a session's
-- clinical note or a police intelligence entry can be amended with a reason, each amendment keeping what changed (each field
-- before and after), who, when and why and the version it made; and withdrawn as entered in error
-- with a reason, leaving the lists but staying, marked, on its own page. The amendments sit in their
-- record's compartment (clinical, police intelligence), so row-level security shows a note's history
-- exactly to those who may read the note (clinical notes and session notes: clinical): never to the police, probation, the advocate or the site
-- coordinator for a clinical note; never to the health team or the coordinator for intelligence.
-- Neither text is encrypted at rest, so neither is the history.
alter table clinical_note
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint clinical_note_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table police_intelligence
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint police_intelligence_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table intervention_session_note
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint intervention_session_note_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

create table clinical_note_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references clinical_note(id),
  -- the note's version after this amendment
  version_after integer not null check (version_after > 1),
  -- { field: { "from": value, "to": value } } for the fields that changed
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index clinical_note_amendment_case_idx on clinical_note_amendment (case_id);

create table police_intelligence_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references police_intelligence(id),
  -- the entry's version after this amendment
  version_after integer not null check (version_after > 1),
  -- { field: { "from": value, "to": value } } for the fields that changed (text and handling)
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index police_intelligence_amendment_case_idx on police_intelligence_amendment (case_id);

create table intervention_session_note_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  record_id uuid not null references intervention_session_note(id),
  -- the session note's version after this amendment
  version_after integer not null check (version_after > 1),
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (record_id, version_after)
);
create index intervention_session_note_amendment_case_idx on intervention_session_note_amendment (case_id);

grant select, insert on clinical_note_amendment to recolo_app;
grant select, insert on intervention_session_note_amendment to recolo_app;
grant select, insert on police_intelligence_amendment to recolo_app;
-- only what a correction or a withdrawal changes; never the case, the author or when it was written
grant update (body, version, withdrawn_at, withdrawn_by, withdrawn_reason) on clinical_note to recolo_app;
grant update (body, version, withdrawn_at, withdrawn_by, withdrawn_reason)
  on intervention_session_note to recolo_app;
grant update (body, handling, version, withdrawn_at, withdrawn_by, withdrawn_reason)
  on police_intelligence to recolo_app;
