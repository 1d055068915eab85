-- A risk management plan's actions become real actions (issue 15): when an assessment is
-- completed, each plan row whose owner names a person who may own an action on the case (or an
-- agency at the site) is also an action with that owner, due by the plan's next review, and says
-- where it came from. Rows naming no one stay free text in the plan.
alter table case_action
  add column source_kind text check (source_kind in ('risk_assessment')),
  add column source_id uuid,
  add constraint case_action_source_whole check ((source_kind is null) = (source_id is null));
-- one action per plan row, however often the plan is read
create unique index case_action_source_idx on case_action (source_kind, source_id, description)
  where source_kind is not null;
