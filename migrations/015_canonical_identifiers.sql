-- Identifiers in one canonical form (issue 12), so a person is found whichever way the number was
-- written. The application canonicalises what is entered and searched for
-- (src/platform/identifiers.ts); this brings what was stored before into the same form.
--
-- PNC ID: stored as typed until now (24/127968k, 2024/0127968K, 24/0127968K). Each one whose
-- check letter is right becomes the short form, two-digit year / serial without leading zeros /
-- capital letter (24/127968K). One that fails its check letter is left as it was: it cannot be
-- corrected without the document, and it is still shown as entered.
--
-- NHS number: already ten digits (a check constraint). A number of one repeated digit
-- (0000000000, 9999999999) is a placeholder for "not known" that passes the check digit; it made
-- unrelated people match each other, so it is cleared.

create function pg_temp.canonical_pnc(v text) returns text
language plpgsql immutable as $$
declare
  s text := upper(regexp_replace(v, '\s+', '', 'g'));
  m text[];
  yr text;
  ser text;
  chk text;
  n bigint;
begin
  m := regexp_match(s, '^([0-9]{2}|[0-9]{4})/([0-9]{1,7})([A-Z])$');
  if m is not null then
    yr := m[1]; ser := m[2]; chk := m[3];
  else
    m := regexp_match(s, '^([0-9]{3,11})([A-Z])$');
    if m is null then return null; end if;
    if length(m[1]) <= 9 then
      yr := left(m[1], 2); ser := substr(m[1], 3);
    else
      yr := left(m[1], 4); ser := substr(m[1], 5);
    end if;
    chk := m[2];
  end if;
  if length(yr) = 4 and left(yr, 2) not in ('19', '20') then return null; end if;
  if ser::bigint = 0 then return null; end if;
  n := right(yr, 2)::bigint * 10000000 + ser::bigint;
  if substr('ZABCDEFGHJKLMNPQRTUVWXY', (n % 23)::int + 1, 1) <> chk then return null; end if;
  return right(yr, 2) || '/' || ser::bigint::text || chk;
end
$$;

update person
   set pnc_id = pg_temp.canonical_pnc(pnc_id), version = version + 1
 where pnc_id is not null
   and pg_temp.canonical_pnc(pnc_id) is not null
   and pg_temp.canonical_pnc(pnc_id) <> pnc_id;

update person
   set nhs_number = null, version = version + 1
 where nhs_number ~ '^([0-9])\1{9}$';

drop function pg_temp.canonical_pnc(text);
