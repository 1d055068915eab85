-- The intervention (issue 14, items 2, 3, 5 and 6): formulation templates and outcome measure
-- definitions (reference data, loaded like risk instruments), the formulation (clinical, versioned,
-- signed off and then locked) and the short summary its author chooses to share (core), the
-- intervention plan (core: goals, components, leads, frequency) with its clinical rationale
-- (clinical), outcome measure scores (clinical), and the discharge: the decision and the letter to
-- the referring agency (core), the discharge summary (clinical) and each agency's agreement to
-- close (core). Row-level security of the case tables is generated from
-- src/platform/access/policy.ts.

-- Formulation templates and outcome measures: versioned JSON definitions. A published version never
-- changes; a new version supersedes it; records keep the version they used.
create table clinical_template (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('formulation', 'outcome_measure')),
  code text not null,
  version integer not null check (version >= 1),
  name text not null,
  definition jsonb not null,
  is_template boolean not null default false,
  published_at timestamptz not null default now(),
  published_by uuid references app_user(id),
  superseded_at timestamptz,
  unique (kind, code, version)
);

create function recolo_private.clinical_template_immutable() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'DELETE' then
      raise exception 'a published clinical template cannot be deleted' using errcode = '42501';
    end if;
    if (new.definition, new.version, new.code, new.kind, new.published_at)
       is distinct from (old.definition, old.version, old.code, old.kind, old.published_at) then
      raise exception 'a published clinical template cannot be changed: publish a new version' using errcode = '42501';
    end if;
    return new;
  end
  $$;
create trigger clinical_template_immutable before update or delete on clinical_template
  for each row execute function recolo_private.clinical_template_immutable();

alter table clinical_template enable row level security;
alter table clinical_template force row level security;
create policy clinical_template_read on clinical_template for select to recolo_app using (true);
create policy clinical_template_admin on clinical_template for insert to recolo_app
  with check (recolo_private.current_user_role() = 'administrator');
create policy clinical_template_supersede on clinical_template for update to recolo_app
  using (recolo_private.current_user_role() = 'administrator')
  with check (recolo_private.current_user_role() = 'administrator');

-- The formulation: one document per case in numbered versions. A draft is edited (row_version
-- guards against a stale save); sign-off locks it; a change after sign-off is a new version.
create table formulation (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  version integer not null check (version >= 1),
  template_id uuid not null references clinical_template(id),
  -- { "<section id>": "text", ... } as the template's sections
  answers jsonb not null default '{}'::jsonb,
  typology text,
  author_id uuid not null references app_user(id),
  co_author_ids uuid[] not null default '{}',
  row_version integer not null default 1,
  signed_off_by uuid references app_user(id),
  signed_off_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (case_id, version),
  check ((signed_off_by is null) = (signed_off_at is null))
);

create function recolo_private.formulation_locked() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if old.signed_off_at is not null then
      raise exception 'a signed-off formulation cannot be changed: start a new version' using errcode = '42501';
    end if;
    return new;
  end
  $$;
create trigger formulation_locked before update on formulation
  for each row execute function recolo_private.formulation_locked();

-- what the clinician chooses to share with the whole team: short and non-clinical
create table formulation_summary (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  formulation_id uuid not null references formulation(id),
  summary text not null check (length(summary) between 1 and 2000),
  shared_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index formulation_summary_case_idx on formulation_summary (case_id, created_at);

-- The intervention plan: every review a new version, the earlier kept
create table intervention_plan (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  version integer not null check (version >= 1),
  risk_assessment_id uuid not null references risk_assessment(id),
  -- [{ "area": "...", "goal": "...", "measure": "..." }]
  goals jsonb not null check (jsonb_array_length(goals) > 0),
  -- [{ "component": "...", "leadId": "...", "lead": "...", "frequency": "...", "plannedSessions": n }]
  components jsonb not null check (jsonb_array_length(components) > 0),
  review_date date not null,
  review_note text not null default '',
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  unique (case_id, version)
);

-- the clinical reasoning behind a plan version, for the health team only
create table intervention_plan_rationale (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  plan_id uuid not null unique references intervention_plan(id),
  rationale text not null check (length(rationale) > 0),
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);

-- Outcome measures: one administration of a measure at a stage of the intervention
create table outcome_measure_score (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  template_id uuid not null references clinical_template(id),
  stage text not null check (stage in ('pre', 'during', 'post', 'follow_up')),
  administered_on date not null,
  answers jsonb not null,
  score double precision not null,
  notes text not null default '',
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index outcome_measure_score_case_idx on outcome_measure_score (case_id, template_id, administered_on);

-- Discharge: one per case. The date is the one the evaluation counts from.
create table discharge (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null unique references cases(id),
  kind text not null check (kind in ('planned', 'unplanned')),
  unplanned_reason text check (unplanned_reason in ('disengaged', 'moved_out_of_area', 'returned_to_custody', 'transferred')),
  reason text not null check (length(reason) > 0),
  discharged_on date not null,
  letter_to text not null check (length(letter_to) > 0),
  letter text not null check (length(letter) > 0),
  recorded_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check ((kind = 'unplanned') = (unplanned_reason is not null))
);

create table discharge_summary (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  discharge_id uuid not null unique references discharge(id),
  summary text not null check (length(summary) > 0),
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);

-- each agency on the case team agrees that the case may close
create table discharge_agreement (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  discharge_id uuid not null references discharge(id),
  agency_id uuid not null references agency(id),
  agreed_by uuid not null references app_user(id),
  agreed_at timestamptz not null default now(),
  unique (discharge_id, agency_id)
);

grant select, insert, update (superseded_at) on clinical_template to recolo_app;
grant select, insert on formulation_summary, intervention_plan, intervention_plan_rationale,
  outcome_measure_score, discharge, discharge_summary, discharge_agreement to recolo_app;
grant select, insert, update (answers, typology, co_author_ids, row_version, signed_off_by, signed_off_at, updated_at)
  on formulation to recolo_app;
