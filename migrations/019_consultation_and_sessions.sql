-- Consultation (advice to the referring agency) and intervention sessions (appointments,
-- attendance, the clinicians present and their staff time, and the session's clinical note).
-- Consultation, sessions, clinicians and staff time are core: the whole case team (probation and
-- police too, e.g. for an SPO positive requirement) needs appointments and attendance. The session's
-- clinical note is clinical. Row-level security of every table here is generated from
-- src/platform/access/policy.ts (COMPARTMENT_TABLES): writes also need clinical write on the case
-- (the health team on it), and sessions cannot be written while the person is under police
-- investigation (consultation only).

create table consultation (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  -- who asked: the person and their agency, as the letter is addressed
  requested_by text not null check (length(requested_by) between 1 and 200),
  requesting_agency text not null check (length(requesting_agency) between 1 and 200),
  requested_on date not null,
  question text not null check (length(question) > 0),
  advice text not null check (length(advice) > 0),
  recommended_actions text not null default '',
  follow_up_on date,
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index consultation_case_idx on consultation (case_id, requested_on);

create table intervention_session (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  starts_at timestamptz not null,
  planned_minutes integer not null check (planned_minutes between 1 and 1439),
  mode text not null check (mode in ('clinic', 'prison', 'probation_office', 'video', 'phone')),
  place text not null default '' check (length(place) <= 200),
  -- the planned component it belongs to (free of any plan table: the plan is versioned elsewhere)
  component text check (component in ('individual_therapy', 'psychoeducation', 'occupational_therapy',
    'medication_review', 'joint_work_probation', 'spo_positive_requirement')),
  attendance text check (attendance in ('attended', 'did_not_attend', 'cancelled_by_person',
    'cancelled_by_service', 'late')),
  duration_minutes integer check (duration_minutes between 1 and 1439),
  attendance_recorded_by uuid references app_user(id),
  attendance_recorded_at timestamptz,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  version integer not null default 1,
  -- a session that took place has a duration; one that did not has none
  check (duration_minutes is null or attendance in ('attended', 'late')),
  check ((attendance is null) = (attendance_recorded_at is null))
);
create index intervention_session_case_idx on intervention_session (case_id, starts_at);
create index intervention_session_starts_idx on intervention_session (starts_at);

-- the clinicians present (several) and, once recorded, each one's staff time
create table intervention_session_clinician (
  session_id uuid not null references intervention_session(id),
  case_id uuid not null references cases(id),
  user_id uuid not null references app_user(id),
  face_to_face_minutes integer check (face_to_face_minutes between 0 and 1439),
  admin_minutes integer check (admin_minutes between 0 and 1439),
  primary key (session_id, user_id),
  check ((face_to_face_minutes is null) = (admin_minutes is null)),
  check (face_to_face_minutes is null or face_to_face_minutes + admin_minutes between 1 and 1439)
);
create index intervention_session_clinician_user_idx on intervention_session_clinician (user_id);
create index intervention_session_clinician_case_idx on intervention_session_clinician (case_id);

-- the session's clinical note: the health team only
create table intervention_session_note (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  session_id uuid not null references intervention_session(id),
  body text not null check (length(body) > 0),
  author_id uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index intervention_session_note_session_idx on intervention_session_note (session_id);
create index intervention_session_note_case_idx on intervention_session_note (case_id);

grant select, insert on consultation to recolo_app;
grant select, insert on intervention_session_note to recolo_app;
grant select, insert, update (attendance, duration_minutes, attendance_recorded_by, attendance_recorded_at, version)
  on intervention_session to recolo_app;
grant select, insert, update (face_to_face_minutes, admin_minutes) on intervention_session_clinician to recolo_app;
