-- Is the victim's voice up to date for a case decision? Every entry counts, even one the victim
-- asked not to be shared (the advocate recorded it), but only yes or no per victim comes out, so
-- nothing of an entry not to be shared reaches anyone else. Only for a case whose core the user
-- may read; otherwise no rows.
create function recolo_private.voice_currency(p_case uuid)
  returns table (case_victim_id uuid, is_current boolean)
  language sql stable security definer set search_path = ''
  as $$
    select v.id,
           exists (select 1 from public.victim_voice vv
                    where vv.case_id = p_case and vv.case_victim_id = v.id
                      and vv.recorded_on >= current_date - s.voice_fresh_days)
      from public.case_victim v
      join public.cases c on c.id = v.case_id
      join public.site s on s.id = c.site_id
     where v.case_id = p_case and recolo_private.can_read(p_case, 'core')
  $$;

-- true when every victim on the case has a voice entry within the site's period (or there are none)
create function recolo_private.voice_current(p_case uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select not exists (select 1 from recolo_private.voice_currency(p_case) x where not x.is_current)
  $$;

revoke all on function recolo_private.voice_currency(uuid), recolo_private.voice_current(uuid) from public;
grant execute on function recolo_private.voice_currency(uuid), recolo_private.voice_current(uuid) to recolo_app;
