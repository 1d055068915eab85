-- Investigation status as dated events on the case (issue 11): under investigation → charged,
-- convicted or no further action, each with the date it took effect, a reason, who and when.
-- `cases.investigation_status` stays the current value (the status rules and pages read it); the
-- events are its history and are never changed. Core compartment: its row-level security is
-- generated from src/platform/access/policy.ts.
create table investigation_status_event (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  from_status text not null
    check (from_status in ('under_investigation', 'charged', 'convicted', 'no_further_action')),
  to_status text not null
    check (to_status in ('under_investigation', 'charged', 'convicted', 'no_further_action')),
  effective_on date not null,
  reason text not null check (length(reason) between 1 and 5000),
  by_user uuid not null references app_user(id),
  at timestamptz not null default now(),
  check (from_status <> to_status)
);
create index investigation_status_event_case_idx on investigation_status_event (case_id, at);

grant select, insert on investigation_status_event to recolo_app;
