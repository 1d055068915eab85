-- The access review a page at a time (issue 10: no list page grows with the data).
--
-- access_review(site) worked out every case at the site against every member of its staff at
-- once: at 500,000 cases over 10 s a call. access_review_page does the same for the next p_limit
-- cases by reference after p_after (an index range), so a page costs the same at any size; the
-- whole review (the CSV export) is the same function with no limit, so the rule is written once.

create index cases_site_reference_idx on cases (site_id, reference);

-- Whether the current user may see the access review of the site: an administrator, or a site
-- coordinator of that site (the rule access_review had inline, now asked by both functions below).
create function recolo_private.reviews_access_at(p_site uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.app_user u
       where u.id = recolo_private.current_user_id() and u.active
         and (u.role = 'administrator'
              or (u.role = 'site_coordinator'
                  and exists (select 1 from public.user_site us where us.user_id = u.id and us.site_id = p_site))))
  $$;

create function recolo_private.access_review_page(p_site uuid, p_after text, p_limit integer)
  returns table (case_id uuid, case_reference text, user_id uuid, user_name text, role text,
                 basis text, until timestamptz, compartments text[])
  language sql stable security definer set search_path = ''
  as $$
    with staff as (
      select u.id, u.display_name, u.role from public.app_user u
        join public.user_site us on us.user_id = u.id and us.site_id = p_site
       where u.active
    ), page as (
      select c.id, c.reference from public.cases c
       where c.site_id = p_site and c.reference > coalesce(p_after, '') and (select recolo_private.reviews_access_at(p_site))
       order by c.reference
       limit p_limit
    ), grants as (
      select c.id as case_id, c.reference, s.id as user_id, s.display_name, s.role,
             case when exists (select 1 from public.case_team t where t.case_id = c.id and t.user_id = s.id) then 'case team'
                  when s.role = 'site_coordinator' then 'site coordinator'
                  else 'break-glass' end as basis,
             (select max(g.expires_at) from public.break_glass_grant g
               where g.case_id = c.id and g.user_id = s.id and g.expires_at > now()) as until
        from page c cross join staff s
    )
    select g.case_id, g.reference, g.user_id, g.display_name, g.role, g.basis,
           case when g.basis = 'break-glass' then g.until end,
           array(select comp from unnest(array['core', 'risk', 'clinical', 'victim_contact', 'victim_voice', 'police_intelligence']) comp
                  where recolo_private.effective_access(g.role, p_site, comp) <> 'none'
                    and (g.basis <> 'break-glass' or comp <> 'victim_contact'))
      from grants g
     where g.basis <> 'break-glass' or g.until is not null
     order by g.reference, g.display_name
  $$;

create or replace function recolo_private.access_review(p_site uuid)
  returns table (case_id uuid, case_reference text, user_id uuid, user_name text, role text,
                 basis text, until timestamptz, compartments text[])
  language sql stable security definer set search_path = ''
  as $$ select * from recolo_private.access_review_page(p_site, null, null) $$;

-- The reference of the page's last case when more cases follow it (the next page starts after
-- it), or null: answered to the same askers only.
create function recolo_private.access_review_page_end(p_site uuid, p_after text, p_limit integer) returns text
  language sql stable security definer set search_path = ''
  as $$
    select case when count(*) > p_limit then max(x.reference) filter (where x.n <= p_limit) end
      from (select c.reference, row_number() over (order by c.reference) as n
              from public.cases c
             where c.site_id = p_site and c.reference > coalesce(p_after, '')
               and (select recolo_private.reviews_access_at(p_site))
             order by c.reference
             limit p_limit + 1) x
  $$;

revoke all on function recolo_private.reviews_access_at(uuid), recolo_private.access_review_page(uuid, text, integer),
  recolo_private.access_review_page_end(uuid, text, integer) from public;
grant execute on function recolo_private.access_review_page(uuid, text, integer),
  recolo_private.access_review_page_end(uuid, text, integer) to recolo_app;
