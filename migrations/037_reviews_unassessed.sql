-- Reviews due that do not slow as cases are assessed (issue 10): /reviews lists first the accepted
-- or active cases never assessed, by reference. It found them by walking every accepted or active
-- case and asking, row by row under row-level security, whether a completed assessment exists:
-- 450 ms at 10,000 cases once most cases had one, growing with the cases. Whether a case has a
-- completed risk assessment is now kept on the case by a trigger (an assessment, once completed,
-- stays completed), and a partial index holds the never-assessed open cases by reference.
alter table cases add column risk_assessed boolean not null default false;

update cases c set risk_assessed = true
 where exists (select 1 from risk_assessment a where a.case_id = c.id and a.status = 'completed');

create function recolo_private.mark_case_assessed() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    update public.cases set risk_assessed = true where id = new.case_id and not risk_assessed;
    return null;
  end
  $$;
revoke all on function recolo_private.mark_case_assessed() from public;

create trigger risk_assessment_marks_case after insert or update of status on risk_assessment
  for each row when (new.status = 'completed')
  execute function recolo_private.mark_case_assessed();

create index cases_unassessed_idx on cases (reference)
  where status in ('accepted', 'active') and not risk_assessed;
