-- Access decided once per request (issue 10, items 2 and 3; issue 9, one rule for case visibility).
--
-- 1. One rule. Whether a user may read a compartment of a case is written once, in
--    case_visible_to: the case is at one of the sites where the user's role (as the site tightens
--    it) allows the compartment, and the user is a site coordinator, on the case team or (never for
--    victim contact) holds an unexpired break-glass grant. can_read, search_people and
--    possible_matches all apply it; it is plain SQL without SET or SECURITY DEFINER, returning a set,
--    so PostgreSQL inlines it into their queries and search keeps its trigram and identifier indexes.
--
-- 2. One decision per request. decide_case works out every compartment of one case for the
--    current user in one call (the answer case_access gives, compartment by compartment) and keeps
--    it in the transaction-local setting recolo.case_decision. The setting is bound to the user, the
--    case, the backend and the transaction's start, and carries a MAC under a key only the owner can
--    read, so a value set by anyone but decide_case (or copied from another transaction or user) is
--    ignored. decided_case(compartment) checks it and answers the case id when that compartment is
--    readable. The read policies ask it first, once per statement (an initplan), and fall back to
--    the full check for every other case: rows of the decided case cost one comparison. Any change
--    to what the decision was made from (team, grants, sites, users, the policy, a case's site)
--    clears the setting, so the rest of that transaction goes back to the full check.

-- One rule -----------------------------------------------------------------------------------------

-- One row when the case is visible, none when it is not. p_sites: the user's sites at which the
-- compartment is allowed (readable_site_ids); p_coordinator: the user is a site coordinator. A set-
-- returning SQL function so the planner inlines it (a scalar one holding a subquery is never
-- inlined): callers write exists (select from case_visible_to(…)). Not executable by the
-- application: used inside the access functions only, where the tables are read as their owner.
create function recolo_private.case_visible_to(p_case uuid, p_site uuid, p_compartment text, p_user uuid,
                                               p_sites uuid[], p_coordinator boolean) returns setof boolean
  language sql stable parallel safe rows 1
  as $$
    select true
     where p_site = any (p_sites)
       and (p_coordinator
            or exists (select 1 from public.case_team t where t.case_id = p_case and t.user_id = p_user)
            or (p_compartment <> 'victim_contact'
                and exists (select 1 from public.break_glass_grant g
                             where g.case_id = p_case and g.user_id = p_user and g.expires_at > now())))
  $$;
revoke all on function recolo_private.case_visible_to(uuid, uuid, text, uuid, uuid[], boolean) from public;

-- can_read: the same answer as before, from the one rule
create or replace function recolo_private.can_read(p_case uuid, p_compartment text) returns boolean
  language plpgsql stable security definer set search_path = ''
  as $$
  declare
    v_user uuid := recolo_private.current_user_id();
    v_sites uuid[];
    v_coordinator boolean;
  begin
    if v_user is null or p_case is null then return false; end if;
    v_sites := array(select recolo_private.readable_site_ids(p_compartment));
    if cardinality(v_sites) = 0 then return false; end if;
    v_coordinator := recolo_private.current_user_role() is not distinct from 'site_coordinator';
    return exists (
      select 1
        from public.cases c,
             recolo_private.case_visible_to(c.id, c.site_id, p_compartment, v_user, v_sites, v_coordinator)
       where c.id = p_case);
  end
  $$;

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
                 where exists (select from recolo_private.case_visible_to(c.id, c.site_id, ''core'', $3, $5, $4)))
        group by m.id
        order by 2 desc, 1
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
                 where exists (select from recolo_private.case_visible_to(c.id, c.site_id, ''core'', $5, $7, $6)))
        group by m.id
        order by 2 desc, 1
        limit $8'
      using v_name, p_date_of_birth, p_pnc, p_nhs, v_user, v_coordinator, v_sites, p_limit;
  end
  $$;

-- One decision per request -------------------------------------------------------------------------

-- the MAC key: random, readable by the owner (the access functions) only
create table recolo_private.decision_key (key text not null);
insert into recolo_private.decision_key (key)
  values (encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                                   || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'));
revoke all on recolo_private.decision_key from public;

-- What the user may do with each compartment of a case ('write', 'read' or 'none': the answer of
-- case_access), whether they are on its team and their latest unexpired break-glass grant, in one
-- call; and the decision kept for this transaction's read policies (see decided_case).
create function recolo_private.decide_case(p_case uuid, p_compartments text[])
  returns table (compartment text, access text, on_team boolean, grant_expires_at timestamptz,
                 grant_reason text)
  language plpgsql volatile security definer set search_path = ''
  as $$
  declare
    v_user uuid := recolo_private.current_user_id();
    v_role text;
    v_site uuid;
    v_at_site boolean := false;
    v_team boolean := false;
    v_expires timestamptz;
    v_reason text;
    v_compartments text[];
    v_access text[];
    v_levels text;
    v_payload text;
    v_key text;
  begin
    if v_user is not null and p_case is not null then
      select u.role into v_role from public.app_user u where u.id = v_user and u.active;
      select c.site_id into v_site from public.cases c where c.id = p_case;
      if v_role is not null and v_site is not null then
        v_at_site := exists (select 1 from public.user_site us where us.user_id = v_user and us.site_id = v_site);
        v_team := exists (select 1 from public.case_team t where t.case_id = p_case and t.user_id = v_user);
        select g.expires_at, g.reason_code into v_expires, v_reason
          from public.break_glass_grant g
         where g.case_id = p_case and g.user_id = v_user and g.expires_at > now()
         order by g.expires_at desc limit 1;
      end if;
    end if;
    -- can_write: the site allows write and the user is its coordinator or on the team; can_read:
    -- the site allows the compartment and the same, or (read only, never victim contact) a grant
    select array_agg(x.c order by x.ord),
           array_agg(case
                       when x.e = 'none' then 'none'
                       when v_role = 'site_coordinator' or v_team then x.e
                       when v_expires is not null and x.c <> 'victim_contact' then 'read'
                       else 'none'
                     end order by x.ord)
      into v_compartments, v_access
      from (select u.c, u.ord,
                   case when v_at_site then recolo_private.effective_access(v_role, v_site, u.c) else 'none' end as e
              from unnest(p_compartments) with ordinality as u(c, ord)) x;
    return query select a.c, a.l, v_team, v_expires, v_reason from unnest(v_compartments, v_access) as a(c, l);
    if v_user is null or p_case is null then
      perform set_config('recolo.case_decision', '', true);
      return;
    end if;
    -- the readable compartments, in the order asked
    v_levels := array_to_string(array(select a.c from unnest(v_compartments, v_access) with ordinality as a(c, l, ord)
                                       where a.l <> 'none' order by a.ord), ',');
    v_payload := concat_ws('|', v_user::text, p_case::text, pg_backend_pid()::text,
                           extract(epoch from transaction_timestamp())::text, coalesce(v_levels, ''));
    select k.key into v_key from recolo_private.decision_key k;
    perform set_config('recolo.case_decision',
      v_payload || '|' || encode(sha256(convert_to(v_key || encode(sha256(convert_to(v_key || v_payload, 'UTF8')), 'hex'), 'UTF8')), 'hex'),
      true);
  end
  $$;

-- The case this transaction's decision lets the user read this compartment of, or null: only a
-- value decide_case wrote in this transaction, for the current user, counts.
create function recolo_private.decided_case(p_compartment text) returns uuid
  language plpgsql stable security definer set search_path = ''
  as $$
  declare
    v_value text := current_setting('recolo.case_decision', true);
    v_parts text[];
    v_payload text;
    v_key text;
  begin
    if v_value is null or v_value = '' then return null; end if;
    v_parts := string_to_array(v_value, '|');
    -- user | case | backend | transaction start | readable compartments | MAC
    if cardinality(v_parts) <> 6
       or v_parts[1] is distinct from recolo_private.current_user_id()::text
       or v_parts[3] <> pg_backend_pid()::text
       or v_parts[4] <> extract(epoch from transaction_timestamp())::text
       or not (p_compartment = any (string_to_array(v_parts[5], ','))) then
      return null;
    end if;
    v_payload := array_to_string(v_parts[1:5], '|');
    select k.key into v_key from recolo_private.decision_key k;
    if v_parts[6] is distinct from
       encode(sha256(convert_to(v_key || encode(sha256(convert_to(v_key || v_payload, 'UTF8')), 'hex'), 'UTF8')), 'hex') then
      return null;
    end if;
    return v_parts[2]::uuid;
  end
  $$;

revoke all on function recolo_private.decide_case(uuid, text[]), recolo_private.decided_case(text) from public;
grant execute on function recolo_private.decide_case(uuid, text[]), recolo_private.decided_case(text) to recolo_app;

-- anything a decision is made from changes: the rest of the transaction uses the full check
create function recolo_private.forget_case_decision() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    perform set_config('recolo.case_decision', '', true);
    return null;
  end
  $$;
create trigger case_team_forget_decision after insert or update or delete or truncate on case_team
  for each statement execute function recolo_private.forget_case_decision();
create trigger break_glass_forget_decision after insert or update or delete or truncate on break_glass_grant
  for each statement execute function recolo_private.forget_case_decision();
create trigger user_site_forget_decision after insert or update or delete or truncate on user_site
  for each statement execute function recolo_private.forget_case_decision();
create trigger app_user_forget_decision after update or delete or truncate on app_user
  for each statement execute function recolo_private.forget_case_decision();
create trigger cases_forget_decision after update of site_id or delete or truncate on cases
  for each statement execute function recolo_private.forget_case_decision();
create trigger access_policy_forget_decision after insert or update or delete or truncate on access_policy
  for each statement execute function recolo_private.forget_case_decision();
create trigger site_access_policy_forget_decision after insert or update or delete or truncate on site_access_policy
  for each statement execute function recolo_private.forget_case_decision();
revoke all on function recolo_private.forget_case_decision() from public;

-- the cases' own read policy asks the decision first (once per statement), then the set-based rule
drop policy cases_select on cases;
create policy cases_select on cases for select to recolo_app
  using (id = (select recolo_private.decided_case('core'))
         or (site_id in (select recolo_private.readable_site_ids('core'))
             and ((select recolo_private.current_user_role()) = 'site_coordinator'
                  or id in (select recolo_private.member_case_ids('core')))));
