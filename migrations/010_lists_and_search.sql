-- Lists and search that do not grow with the data (issue 10, item 1).
--
-- Visibility of cases becomes set-based: the sites at which the user may read a compartment and
-- the cases they are on the team of (or hold an unexpired break-glass grant for) are computed once
-- per statement, and each row is a hash probe, not a call of the plpgsql can_read. The rule is the
-- one can_read applies, unchanged: at one of the user's sites, the (site-tightened) policy allows
-- the compartment, and the user is the site coordinator, on the case team, or (not for victim
-- contact) holds an unexpired break-glass grant.
--
-- People are found through indexes: a normalised name (accents folded, lower case, punctuation
-- removed, by a function of our own, so neither the database's locale nor lower() decides) with a
-- trigram index, and exact indexes on the canonical identifiers. Search and the duplicate check run
-- in security-definer functions that use those indexes and keep only people on cases the user may
-- see; the person table's row-level security still checks every row the application then reads.

-- Names, normalised ---------------------------------------------------------------------------------

create function recolo_private.normalise_name(p text) returns text
  language sql immutable strict parallel safe set search_path = ''
  as $$
    select btrim(regexp_replace(
             translate(
               replace(replace(replace(replace(replace(replace(replace(replace(
                 p, '''', ''), '’', ''), 'ß', 'ss'), 'ẞ', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'),
               'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſØøĐđÐðĦħŁłıŦŧ',
               'abcdefghijklmnopqrstuvwxyzaaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsooddddhhllitt'),
             '[^a-z0-9]+', ' ', 'g'))
  $$;

alter table person add column search_name text
  generated always as (recolo_private.normalise_name(given_name || ' ' || family_name)) stored;

-- the old trigram indexes on the raw names: row-level security kept search from ever using them
drop index if exists person_name_trgm_idx;
drop index if exists person_family_trgm_idx;
create index person_search_name_trgm_idx on person using gin (search_name gin_trgm_ops);
create index person_pnc_idx on person (upper(pnc_id)) where pnc_id is not null;
create index person_nhs_idx on person (nhs_number) where nhs_number is not null;
create index person_probation_idx on person (upper(probation_ref)) where probation_ref is not null;

-- Case list: keyset paging on an index ------------------------------------------------------------

create index cases_updated_idx on cases (updated_at desc, reference desc);
create index cases_status_updated_idx on cases (status, updated_at desc, reference desc);
create index cases_site_updated_idx on cases (site_id, updated_at desc, reference desc);

-- Visibility, set-based -----------------------------------------------------------------------------

-- the user's sites at which their role (as the site tightens it) may read this compartment
create function recolo_private.readable_site_ids(p_compartment text) returns setof uuid
  language sql stable security definer set search_path = '' rows 3
  as $$
    select us.site_id
      from public.user_site us
      join public.app_user u on u.id = us.user_id and u.active
     where us.user_id = recolo_private.current_user_id()
       and recolo_private.effective_access(u.role, us.site_id, p_compartment) <> 'none'
  $$;

-- the cases the user is on the team of, or (never for victim contact) holds an unexpired
-- break-glass grant for; whether the site allows the compartment is readable_site_ids' part
create function recolo_private.member_case_ids(p_compartment text) returns setof uuid
  language sql stable security definer set search_path = '' rows 100
  as $$
    select t.case_id from public.case_team t where t.user_id = recolo_private.current_user_id()
    union
    select g.case_id from public.break_glass_grant g
     where g.user_id = recolo_private.current_user_id() and g.expires_at > now()
       and p_compartment <> 'victim_contact'
  $$;

-- "my cases": the cases the user is on the team of and may read the core of, for the case list's
-- filter, so the list never probes case_team row by row
create function recolo_private.team_case_ids() returns setof uuid
  language sql stable security definer set search_path = '' rows 100
  as $$
    -- the case's site by a probe per membership (a scalar subquery is never turned into a scan of cases)
    select t.case_id
      from public.case_team t
     where t.user_id = recolo_private.current_user_id()
       and (select c.site_id from public.cases c where c.id = t.case_id)
           = any (array(select recolo_private.readable_site_ids('core')))
  $$;

revoke all on function recolo_private.normalise_name(text), recolo_private.readable_site_ids(text),
  recolo_private.member_case_ids(text), recolo_private.team_case_ids() from public;
grant execute on function recolo_private.normalise_name(text), recolo_private.readable_site_ids(text),
  recolo_private.member_case_ids(text), recolo_private.team_case_ids() to recolo_app;

-- cases: what can_read(id, 'core') decides, as hash probes against sets computed once per statement
drop policy cases_select on cases;
create policy cases_select on cases for select to recolo_app
  using (site_id in (select recolo_private.readable_site_ids('core'))
         and ((select recolo_private.current_user_role()) = 'site_coordinator'
              or id in (select recolo_private.member_case_ids('core'))));

-- the team of a case is visible with the case
drop policy case_team_select on case_team;
create policy case_team_select on case_team for select to recolo_app
  using (exists (select 1 from public.cases c where c.id = case_team.case_id));

-- a person is visible as the subject or a victim of a visible case (the case tables' own policies apply)
drop policy person_select on person;
create policy person_select on person for select to recolo_app
  using (exists (select 1 from public.cases c where c.subject_id = person.id)
         or exists (select 1 from public.case_victim v where v.victim_id = person.id));

-- Search and duplicate check --------------------------------------------------------------------------
-- Both keep a candidate only when it is the subject or a victim of a case at one of the user's
-- sites that allow core, and the user is that site's coordinator, on the case team or holds an
-- unexpired break-glass grant: the rule of the policies above, as index probes per candidate.

-- People on cases the user may see whose normalised name is like the term (trigram similarity or
-- containing it), or whose PNC ID or NHS number is the term. Best matches first.
create function recolo_private.search_people(p_term text, p_limit integer)
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
      'select m.id, max(m.score)::real as score
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
        where exists (
                select 1
                  from (select c.id, c.site_id from public.cases c where c.subject_id = m.id
                        union all
                        select c.id, c.site_id from public.case_victim v join public.cases c on c.id = v.case_id
                         where v.victim_id = m.id) c
                 where c.site_id = any ($5)
                   and ($4
                        or exists (select 1 from public.case_team t where t.case_id = c.id and t.user_id = $3)
                        or exists (select 1 from public.break_glass_grant g
                                    where g.case_id = c.id and g.user_id = $3 and g.expires_at > now())))
        group by m.id
        order by 2 desc, 1
        limit $6'
      using v_name, v_ident, v_user, v_coordinator, v_sites, p_limit;
  end
  $$;

-- Possible duplicates of a person about to be recorded, among people the user may see: a name like
-- this one (with the same date of birth, when it is given), or the same PNC ID or NHS number.
create function recolo_private.possible_matches(p_full_name text, p_date_of_birth date, p_pnc text,
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
      'select m.id, max(public.similarity(m.search_name, $1))::real as score
         from (select p.id, p.search_name from public.person p
                where p.search_name operator(public.%) $1
                  and ($2::date is null or p.date_of_birth = $2)
               union all
               select p.id, p.search_name from public.person p where upper(p.pnc_id) = upper($3)
               union all
               select p.id, p.search_name from public.person p where p.nhs_number = $4) m
        where exists (
                select 1
                  from (select c.id, c.site_id from public.cases c where c.subject_id = m.id
                        union all
                        select c.id, c.site_id from public.case_victim v join public.cases c on c.id = v.case_id
                         where v.victim_id = m.id) c
                 where c.site_id = any ($7)
                   and ($6
                        or exists (select 1 from public.case_team t where t.case_id = c.id and t.user_id = $5)
                        or exists (select 1 from public.break_glass_grant g
                                    where g.case_id = c.id and g.user_id = $5 and g.expires_at > now())))
        group by m.id
        order by 2 desc, 1
        limit $8'
      using v_name, p_date_of_birth, p_pnc, p_nhs, v_user, v_coordinator, v_sites, p_limit;
  end
  $$;

revoke all on function recolo_private.search_people(text, integer),
  recolo_private.possible_matches(text, date, text, text, integer) from public;
grant execute on function recolo_private.search_people(text, integer),
  recolo_private.possible_matches(text, date, text, text, integer) to recolo_app;
