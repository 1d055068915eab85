-- Correcting the record (issue 11): new offending, court outcomes and order breaches entered in
-- error can be withdrawn with a reason. A withdrawn one leaves the lists, the timeline, the case's
-- offending summary, the re-offending outcome and the evaluation, and stays, marked, on its page.
-- (Core compartment: the update policies come from policy.ts.)
alter table new_offence
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint new_offence_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table court_outcome
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint court_outcome_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

alter table order_breach
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid references app_user(id),
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint order_breach_withdrawn_whole check (
    (withdrawn_at is null and withdrawn_by is null and withdrawn_reason is null)
    or (withdrawn_at is not null and withdrawn_by is not null and withdrawn_reason is not null));

grant update (withdrawn_at, withdrawn_by, withdrawn_reason) on new_offence, court_outcome, order_breach to recolo_app;

-- the first new stalking or harassment offence leaves withdrawn ones out
create or replace function first_new_stalking_or_harassment(p_case uuid, p_after date)
  returns table (id uuid, offence_on date, known_on date, classification text, event_kind text)
  language sql stable
  as $$
    select o.id, o.offence_on, o.known_on, o.classification, o.event_kind
      from public.new_offence o
     where o.case_id = p_case
       and o.classification in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4')
       and o.offence_on > p_after
       and o.withdrawn_at is null
     order by o.offence_on, o.created_at, o.id
     limit 1
  $$;
