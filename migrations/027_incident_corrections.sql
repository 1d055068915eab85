-- Correcting the course of conduct (issue 11): an incident can be amended with a reason, each
-- amendment keeping what changed (each field before and after), who, when and why, and the
-- incident's version it made, so the history shows the differences and a save based on an older
-- version is refused showing what changed since. An incident or an evidence file can be withdrawn
-- as entered in error, with a reason: it leaves the lists, the overview and the timeline but stays,
-- marked, for those who may see the case. A withdrawn evidence file keeps its name, size and
-- SHA-256; its content leaves the store only under the retention rules. All core compartment.
alter table incident
  add column version integer not null default 1 check (version > 0),
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint incident_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table evidence_file
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint evidence_file_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

create table incident_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  incident_id uuid not null references incident(id),
  -- the incident's version after this amendment
  version_after integer not null check (version_after > 1),
  -- { field: { "from": value, "to": value } } for the fields that changed
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (incident_id, version_after)
);
create index incident_amendment_incident_idx on incident_amendment (incident_id, version_after);
create index incident_amendment_case_idx on incident_amendment (case_id);

grant select, insert on incident_amendment to recolo_app;
-- only what a correction or a withdrawal changes; never the case, the creator or the import batch
grant update (occurred_from, occurred_to, approximate, behaviours, reported_by, case_victim_id, description,
  version, withdrawn_at, withdrawn_by, withdrawn_reason) on incident to recolo_app;
grant update (withdrawn_at, withdrawn_by, withdrawn_reason) on evidence_file to recolo_app;
