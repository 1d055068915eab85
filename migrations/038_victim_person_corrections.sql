-- Correcting a victim's name or date of birth (issue 11), as the person referred's already can be
-- (migration 023): someone with core write on a case may correct the person who is a victim on it
-- (not withdrawn), as well as the person referred. Reading is unchanged (can_read_person).
drop policy person_update on person;
create policy person_update on person for update to recolo_app
  using (recolo_private.can_read_person(id))
  with check (
    exists (select 1 from public.cases c where c.subject_id = person.id and recolo_private.can_write(c.id, 'core'))
    or exists (select 1 from public.case_victim v
                where v.victim_id = person.id and v.withdrawn_at is null
                  and recolo_private.can_write(v.case_id, 'core')));
