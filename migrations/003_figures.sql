-- Aggregate figures: counts only, never identities. National coordinators and evaluators see every
-- site; a site coordinator (or administrator) their own sites. Small numbers are suppressed by the
-- service before anything is shown.
create function recolo_private.case_figures()
  returns table (site_id uuid, site_name text, status text, accepted_mode text, n integer)
  language sql stable security definer set search_path = ''
  as $$
    with me as (
      select u.id, u.role from public.app_user u where u.id = recolo_private.current_user_id() and u.active
    ), sites as (
      select s.id, s.name from public.site s, me
       where me.role in ('national_coordinator', 'evaluator')
          or (me.role in ('site_coordinator', 'administrator')
              and exists (select 1 from public.user_site us where us.user_id = me.id and us.site_id = s.id))
    )
    select s.id, s.name, c.status, c.accepted_mode, count(*)::integer
      from public.cases c join sites s on s.id = c.site_id
     group by s.id, s.name, c.status, c.accepted_mode
  $$;
revoke all on function recolo_private.case_figures() from public;
grant execute on function recolo_private.case_figures() to recolo_app;
