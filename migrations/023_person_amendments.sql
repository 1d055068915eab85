-- Correcting the person referred (issue 11): names, date of birth and identifiers can be amended
-- with a reason; each amendment keeps what changed (each field's value before and after), who,
-- when and why, and the person's version it made, so the history shows the differences and a save
-- based on an older version is refused showing what changed since. Core compartment, through the
-- case the amendment was made on (its row-level security is generated from policy.ts); the person
-- row itself is updated under its own policy (migration 002: core write on a case of theirs).
create table person_amendment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  person_id uuid not null references person(id),
  -- the person's version after this amendment
  version_after integer not null check (version_after > 1),
  -- { field: { "from": value, "to": value } } for the fields that changed
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text not null check (length(reason) between 1 and 2000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  unique (person_id, version_after)
);
create index person_amendment_case_idx on person_amendment (case_id, at);

grant select, insert on person_amendment to recolo_app;
