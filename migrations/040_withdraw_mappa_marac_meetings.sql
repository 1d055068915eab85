-- Correcting the record (issue 11): MAPPA records, MARAC referrals and meetings, multi-agency
-- meeting items and case actions entered in error can be withdrawn with a reason. A withdrawn one
-- leaves the lists, the current MAPPA level, the timeline, Reviews due and the alerts, My actions
-- and the reminders, and stays, marked with who, when and why, where its history is shown (a
-- meeting item in its meeting's minutes). (Core compartment: the update policies come from
-- policy.ts.)
alter table mappa_record
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint mappa_record_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table marac_referral
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint marac_referral_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table marac_meeting
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint marac_meeting_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table meeting_item
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint meeting_item_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table case_action
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint case_action_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

grant update (withdrawn_at, withdrawn_by, withdrawn_reason)
  on mappa_record, marac_referral, marac_meeting, meeting_item, case_action to recolo_app;

-- An item of approved minutes is never edited (policy.ts no longer refuses its update for the
-- withdrawal's sake): once its meeting's minutes are approved, the only change is its withdrawal
-- as entered in error, once; nothing else of it changes, and it is never deleted.
create function recolo_private.meeting_item_locked() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if exists (select 1 from public.meeting m where m.id = old.meeting_id and m.status = 'minutes_approved') then
      if tg_op = 'DELETE'
         or old.withdrawn_at is not null
         or new.withdrawn_at is null
         or (to_jsonb(new) - array['withdrawn_at', 'withdrawn_by', 'withdrawn_reason'])
            is distinct from (to_jsonb(old) - array['withdrawn_at', 'withdrawn_by', 'withdrawn_reason']) then
        raise exception 'the minutes are approved: add an addendum' using errcode = '42501';
      end if;
    end if;
    return coalesce(new, old);
  end
  $$;
create trigger meeting_item_locked before update or delete on meeting_item
  for each row execute function recolo_private.meeting_item_locked();
