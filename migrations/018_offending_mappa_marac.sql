-- Court outcomes, new offending, MAPPA and MARAC (issue 13, items 5 and 6). All core: the case team
-- sees them (policy.ts COMPARTMENT_TABLES; row-level security is generated from it). Every record is
-- dated and appended, never overwritten: a charge's later outcome (an appeal) is a new row, a
-- change of MAPPA level is a new row, and the latest is the one in force.

-- Charges on the case, classified as the evaluation counts them
create table court_charge (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  classification text not null check (classification in
    ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4', 'breach_of_order', 'other_violence', 'other')),
  wording text not null check (length(wording) between 1 and 2000),
  charged_on date not null,
  court text not null default '',
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  unique (id, case_id)
);
create index court_charge_case_idx on court_charge (case_id, charged_on);

-- A charge's outcomes, dated; a conviction may carry a sentence (kind and length in months)
create table court_outcome (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  charge_id uuid not null,
  outcome text not null check (outcome in ('convicted', 'acquitted', 'discontinued', 'no_further_action')),
  outcome_on date not null,
  sentence_kind text check (sentence_kind in
    ('immediate_custody', 'suspended_sentence', 'community_order', 'fine', 'conditional_discharge',
     'absolute_discharge', 'other')),
  sentence_months integer check (sentence_months between 1 and 600),
  notes text not null default '' check (length(notes) <= 5000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  foreign key (charge_id, case_id) references court_charge (id, case_id),
  check (sentence_kind is null or outcome = 'convicted'),
  check (sentence_months is null or sentence_kind in ('immediate_custody', 'suspended_sentence', 'community_order'))
);
create index court_outcome_charge_idx on court_outcome (charge_id, outcome_on);
create index court_outcome_case_idx on court_outcome (case_id, outcome_on);

-- New offending after referral: the evaluation's outcome data. The offence date is on or before the
-- date it became known (and the service refuses one before the case's referral date, or in the future).
create table new_offence (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  event_kind text not null check (event_kind in ('arrest', 'charge', 'caution', 'conviction')),
  classification text not null check (classification in
    ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4', 'breach_of_order', 'other_violence', 'other')),
  offence_on date not null,
  known_on date not null,
  source_agency text not null check (source_agency in
    ('police', 'probation', 'health', 'victim_service', 'court', 'other')),
  details text not null default '' check (length(details) <= 5000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check (offence_on <= known_on)
);
-- "the first new offence of these kinds after date X on this case" is one index range scan
create index new_offence_case_class_date_idx on new_offence (case_id, classification, offence_on);
-- ... and for stalking or harassment of any section, one ordered scan that stops at the first row
create index new_offence_stalking_harassment_idx on new_offence (case_id, offence_on)
  where classification in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4');

-- The first new stalking or harassment offence (PHA 1997 s2, s2A, s4, s4A) on a case with an offence
-- date after p_after (not on it): its id, offence date and the date it became known. Invoker's
-- rights: row-level security applies as for any query. Served by new_offence_stalking_harassment_idx.
create function first_new_stalking_or_harassment(p_case uuid, p_after date)
  returns table (id uuid, offence_on date, known_on date, classification text, event_kind text)
  language sql stable
  as $$
    select o.id, o.offence_on, o.known_on, o.classification, o.event_kind
      from public.new_offence o
     where o.case_id = p_case
       and o.classification in ('pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4')
       and o.offence_on > p_after
     order by o.offence_on, o.created_at, o.id
     limit 1
  $$;

-- MAPPA: category, level, lead agency and review date, as dated records (the latest in force)
create table mappa_record (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  category smallint not null check (category between 1 and 3),
  level smallint not null check (level between 1 and 3),
  starts_on date not null,
  ends_on date,
  lead_agency text not null check (lead_agency in ('police', 'probation', 'prison', 'health', 'other')),
  next_review_on date,
  notes text not null default '' check (length(notes) <= 5000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on),
  check (next_review_on is null or next_review_on >= starts_on)
);
create index mappa_record_case_idx on mappa_record (case_id, created_at desc);
create index mappa_record_review_idx on mappa_record (next_review_on) where next_review_on is not null;

-- MARAC: referrals and the meetings that heard them, with their outcomes
create table marac_referral (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  referred_on date not null,
  referring_agency text not null check (referring_agency in
    ('police', 'probation', 'health', 'victim_service', 'other')),
  reason text not null check (length(reason) between 1 and 5000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  unique (id, case_id)
);
create index marac_referral_case_idx on marac_referral (case_id, referred_on);

create table marac_meeting (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  referral_id uuid not null,
  meeting_on date not null,
  outcome text not null check (length(outcome) between 1 and 5000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  foreign key (referral_id, case_id) references marac_referral (id, case_id)
);
create index marac_meeting_case_idx on marac_meeting (case_id, meeting_on);
create index marac_meeting_referral_idx on marac_meeting (referral_id);

grant select, insert on court_charge, court_outcome, new_offence, mappa_record, marac_referral, marac_meeting
  to recolo_app;
grant execute on function first_new_stalking_or_harassment(uuid, date) to recolo_app;
