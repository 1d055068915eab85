-- Case visibility that does not grow with the cases a user can see (issue 10, items 1 and 3).
--
-- Measured on 100,000 cases with a user on every case team (bench/national.ts): the cases policy's
-- `id in (select member_case_ids('core'))` became a hashed subplan that materialised all 100,007
-- of the user's memberships on every statement that touched cases, 300–580 ms each, so the case
-- list took 670 ms and its capped count 400 ms, and every page that reads cases paid it.
--
-- Now the policy answers "is the user on this case's team (or holding a grant for it)" in one of
-- two ways, chosen once per statement by how many teams the user is on:
--   - on fewer than 2,000 teams: the set of their cases, hashed once (small, so cheap to build);
--   - on 2,000 or more: an index probe per row considered (`offset 0` keeps PostgreSQL from turning
--     the probe back into a hash of every membership), so a page of 51 rows costs 51 probes.
-- Site coordinators need neither. Who sees what is unchanged: the same site rule, the same team
-- and grant rule (member_case_ids), as the leak test checks.

-- The current user's own team memberships and unexpired grants, read as the owner: the cases
-- policy probes them without applying case_team's own policy (which asks the cases policy, so a
-- direct reference would recurse). A user sees only their own rows.
create view recolo_private.own_case_links as
  select t.case_id, true as on_team
    from public.case_team t
   where t.user_id = (select recolo_private.current_user_id())
  union all
  select g.case_id, false
    from public.break_glass_grant g
   where g.user_id = (select recolo_private.current_user_id()) and g.expires_at > now();
revoke all on recolo_private.own_case_links from public;
grant select on recolo_private.own_case_links to recolo_app;

-- Whether the user is on 2,000 or more case teams: reads at most 2,000 index entries.
create function recolo_private.on_many_teams() returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select count(*) >= 2000
      from (select 1 from public.case_team t where t.user_id = recolo_private.current_user_id() limit 2000) x
  $$;
revoke all on function recolo_private.on_many_teams() from public;
grant execute on function recolo_private.on_many_teams() to recolo_app;

drop policy cases_select on cases;
create policy cases_select on cases for select to recolo_app
  using (id = (select recolo_private.decided_case('core'))
         or (site_id in (select recolo_private.readable_site_ids('core'))
             and ((select recolo_private.current_user_role()) = 'site_coordinator'
                  or ((select recolo_private.on_many_teams())
                      and exists (select 1 from recolo_private.own_case_links o where o.case_id = cases.id offset 0))
                  or (not (select recolo_private.on_many_teams())
                      and id in (select recolo_private.member_case_ids('core'))))));

-- "my cases" filters now use own_case_links (src/platform/access/membership.ts)
drop function recolo_private.team_case_ids();

-- a person is visible as the subject or a victim of a visible case: a probe per person read
-- (`offset 0`), never a hash of every visible case's people
drop policy person_select on person;
create policy person_select on person for select to recolo_app
  using (exists (select 1 from public.cases c where c.subject_id = person.id offset 0)
         or exists (select 1 from public.case_victim v where v.victim_id = person.id offset 0));

-- Search and the duplicate check: the one rule of "a person on a case the user may see", and it is
-- asked of the best-scoring candidates first, only until the page is full (a common name has
-- hundreds of trigram candidates; each check is a few index probes).

-- One row when the person is the subject or a victim of a case visible to the user (the arguments
-- as for case_visible_to). Plain SQL returning a set, so it is inlined into its callers.
create function recolo_private.person_visible_to(p_person uuid, p_user uuid, p_sites uuid[], p_coordinator boolean)
  returns setof boolean
  language sql stable parallel safe rows 1
  as $$
    select true
     where exists (
             select 1
               from (select c.id, c.site_id from public.cases c where c.subject_id = p_person
                     union all
                     select c.id, c.site_id from public.case_victim v join public.cases c on c.id = v.case_id
                      where v.victim_id = p_person) c
              where exists (select from recolo_private.case_visible_to(c.id, c.site_id, 'core', p_user, p_sites, p_coordinator)))
  $$;
revoke all on function recolo_private.person_visible_to(uuid, uuid, uuid[], boolean) from public;

-- `offset 0` keeps the ranked candidates a subquery that is sorted before the visibility filter
-- (a filter is never pushed below it), so the filter runs in score order and stops at the limit.
create or replace function recolo_private.search_people(p_term text, p_limit integer)
  returns table (person_id uuid, score real)
  language plpgsql stable security definer set search_path = ''
  as $$
  declare
    v_user uuid := recolo_private.current_user_id();
    v_coordinator boolean := recolo_private.current_user_role() is not distinct from 'site_coordinator';
    v_sites uuid[] := array(select recolo_private.readable_site_ids('core'));
    v_name text := recolo_private.normalise_name(p_term);
    v_ident text := upper(regexp_replace(p_term, '\s+', '', 'g'));
  begin
    if v_user is null or cardinality(v_sites) = 0 or p_limit < 1 then return; end if;
    -- EXECUTE plans with the values, so the planner sees the term and uses the indexes
    return query execute
      'select r.id, r.score
         from (select m.id, max(m.score)::real as score
                 from (select p.id, public.similarity(p.search_name, $1) as score
                         from public.person p
                        where p.search_name operator(public.%) $1
                       union all
                       select p.id, public.similarity(p.search_name, $1)
                         from public.person p
                        where length($1) >= 3 and p.search_name like ''%'' || $1 || ''%''
                       union all
                       select p.id, 1 from public.person p where upper(p.pnc_id) = $2
                       union all
                       select p.id, 1 from public.person p where p.nhs_number = $2) m
                group by m.id
                order by 2 desc, 1
               offset 0) r
        where exists (select from recolo_private.person_visible_to(r.id, $3, $5, $4))
        limit $6'
      using v_name, v_ident, v_user, v_coordinator, v_sites, p_limit;
  end
  $$;

create or replace function recolo_private.possible_matches(p_full_name text, p_date_of_birth date, p_pnc text,
                                                           p_nhs text, p_limit integer)
  returns table (person_id uuid, score real)
  language plpgsql stable security definer set search_path = ''
  as $$
  declare
    v_user uuid := recolo_private.current_user_id();
    v_coordinator boolean := recolo_private.current_user_role() is not distinct from 'site_coordinator';
    v_sites uuid[] := array(select recolo_private.readable_site_ids('core'));
    v_name text := recolo_private.normalise_name(p_full_name);
  begin
    if v_user is null or cardinality(v_sites) = 0 or p_limit < 1 then return; end if;
    return query execute
      'select r.id, r.score
         from (select m.id, max(public.similarity(m.search_name, $1))::real as score
                 from (select p.id, p.search_name from public.person p
                        where p.search_name operator(public.%) $1
                          and ($2::date is null or p.date_of_birth = $2)
                       union all
                       select p.id, p.search_name from public.person p where upper(p.pnc_id) = upper($3)
                       union all
                       select p.id, p.search_name from public.person p where p.nhs_number = $4) m
                group by m.id
                order by 2 desc, 1
               offset 0) r
        where exists (select from recolo_private.person_visible_to(r.id, $5, $7, $6))
        limit $8'
      using v_name, p_date_of_birth, p_pnc, p_nhs, v_user, v_coordinator, v_sites, p_limit;
  end
  $$;
