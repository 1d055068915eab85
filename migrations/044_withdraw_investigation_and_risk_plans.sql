-- Correcting the record (issue 11): a change in the police investigation and a risk management
-- plan recorded in error can be withdrawn with a reason. A withdrawn investigation change (only the
-- latest standing one: the others are the history the later ones were recorded on) puts the case's
-- investigation status back to what it was before it; a withdrawn plan leaves the plans. Both stay
-- listed as withdrawn with who, when and why. (The update policies come from policy.ts.)
alter table investigation_status_event
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint investigation_status_event_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table risk_plan
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint risk_plan_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

grant update (withdrawn_at, withdrawn_by, withdrawn_reason) on investigation_status_event, risk_plan to recolo_app;
