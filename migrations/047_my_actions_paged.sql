-- My actions and the overdue actions, a page at a time (issue 10): each owner's standing actions,
-- open or closed, in due order on an index, so a page reads about 50 index entries however many
-- actions an agency owns.
-- A person and an agency are separate owners (an action has exactly one), hence two ranges each.
create index case_action_user_open_idx on case_action (owner_user_id, due_on, id)
  where status = 'open' and withdrawn_at is null;
create index case_action_agency_open_idx on case_action (owner_agency_id, due_on, id)
  where status = 'open' and withdrawn_at is null;
create index case_action_user_closed_idx on case_action (owner_user_id, due_on, id)
  where status <> 'open' and withdrawn_at is null;
create index case_action_agency_closed_idx on case_action (owner_agency_id, due_on, id)
  where status <> 'open' and withdrawn_at is null;
-- The overdue actions at a site, longest overdue first: the open standing actions in due order.
create index case_action_open_by_due_idx on case_action (due_on, id)
  where status = 'open' and withdrawn_at is null;
