-- A case whose meeting item was withdrawn as entered in error (migration 040) can be put on the
-- same meeting's agenda again: one standing item per case per meeting, withdrawn ones apart.
alter table meeting_item drop constraint meeting_item_meeting_id_case_id_key;
create unique index meeting_item_standing_case_idx on meeting_item (meeting_id, case_id)
  where withdrawn_at is null;
