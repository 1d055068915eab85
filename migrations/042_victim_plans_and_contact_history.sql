-- Correcting the record (issue 11), three gaps left by migrations 031 and 032.
--
-- 1. A victim withdrawn as entered in error can be added to the case again: their withdrawn place
--    on the case stays, marked, with its history (and its safety plans, listed apart), and the
--    person is added afresh with the right relationship, as a new case_victim row. Only one
--    standing (not withdrawn) place per person on a case, as before.
alter table case_victim drop constraint case_victim_case_id_victim_id_key;
create unique index case_victim_standing_idx on case_victim (case_id, victim_id) where withdrawn_at is null;

-- 2. Every earlier version of a victim's contact details is kept: each amendment keeps the changed
--    fields' values before and after, encrypted exactly as the live details are (a data key per
--    row, AES-256-GCM, wrapped by the master key named in key_id, bound to the amendment's place by
--    platform/crypto/contexts.ts; re-wrapped by key rotation). `changes` still holds only the
--    fields' names (values null): no value is ever in plain text. Amendments made before this
--    migration have no envelope (their values were never kept).
alter table victim_contact_amendment
  add column key_id text,
  add column wrapped_key bytea,
  add column ciphertext bytea,
  add constraint victim_contact_amendment_sealed_whole check (
    (key_id is null and wrapped_key is null and ciphertext is null)
    or (key_id is not null and wrapped_key is not null and ciphertext is not null));
-- the application inserts and reads them (grants of migration 032); only key rotation, as the
-- owner, re-wraps them
