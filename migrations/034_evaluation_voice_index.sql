-- The evaluation's victim safety (recolo_private.evaluation_victim_safety, migrations 026/030) asks,
-- for each victim of each accepted case, whether the victim's voice was recorded within the site's
-- period before acceptance: an exists(…) on victim_voice by case_victim_id. victim_voice had only
-- an index by case, so every victim scanned the whole table (measured by bench/evaluation.ts: 2.6 s
-- at 10,000 cases, growing with the square of the cases). This index makes it one range scan each.
create index victim_voice_case_victim_idx on victim_voice (case_victim_id, recorded_on);
