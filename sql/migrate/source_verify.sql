-- Verification, source side: the transformed rows' canonical checksums per table and user, and
-- the rollups the target must hold, computed in the migration's snapshot while the target loads.
-- Needs source_views.sql and the temporary table mig_src_slots (created before the snapshot's
-- transaction began: a read-only transaction cannot create tables). Writes two files:
--   :user_sums_file   table|user_id|rows|checksum    (every table, per user)
--   :days_file        user_id|day|time_zone|consumed|consumed_count|...|first_event|last_event
-- Canonical form of a row: every column in the target's order and type (see source_views.sql);
-- its 64-bit hash is :row_hash, set by the tool to hash_record_extended(t, 0) (PostgreSQL >= 14
-- on both sides: each column hashed by its type's own hash function, so timestamps compare as
-- instants, numerics by value, jsonb in its normalized form) or, when a server is older, to the
-- first 64 bits of md5(t::text) (the row's text form; both sessions use TimeZone UTC and ISO
-- dates). A table's checksum per user is the row count and the sum of the hashes: independent
-- of row order, so no sort of a million rows.

-- The slots carry their events' row count and hash sum (one pass over the transformed events
-- for both): a user's events checksum is the sum over the user's slots. The target's rollup
-- rebuild has the same work_mem (target_events_end.sql); with the default 4MB this pass takes
-- ~1.3 CPU-s more (measured: 5.1 vs 3.8 s for 1M events).
set local work_mem = '64MB';
insert into mig_src_slots select * from mig_calorie_event_slots;

copy (
  select 'users', t.id, count(*), sum(:row_hash) from mig_users t group by 2
  union all
  select 'user_profiles', t.user_id, count(*), sum(:row_hash) from mig_user_profiles t group by 2
  union all
  select 'calorie_goals', t.user_id, count(*), sum(:row_hash) from mig_calorie_goals t group by 2
  union all
  select 'metabolic_profiles', t.user_id, count(*), sum(:row_hash) from mig_metabolic_profiles t group by 2
  union all
  select 'calorie_events', t.user_id, sum(t.events), sum(t.events_checksum) from mig_src_slots t group by 2
  union all
  select 'calorie_event_slots', t.user_id, count(*), sum(:row_hash)
    from (select user_id, slot_start, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr,
                 burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event from mig_src_slots) t
   group by 2
) to stdout \g :user_sums_file

-- Days in the zone the target will use for the user: the profile's zone (:tz) when the legacy
-- user has a profile, UTC otherwise.
copy (
  select s.user_id, (s.slot_start at time zone z.tz)::date as day, z.tz,
         sum(s.consumed), sum(s.consumed_count), sum(s.burned_exercise), sum(s.burned_exercise_count),
         sum(s.burned_bmr), sum(s.burned_bmr_count), sum(s.weight_kg_sum), sum(s.weight_count),
         min(s.first_event), max(s.last_event)
    from mig_src_slots s
   cross join lateral (
     select case when exists (select 1 from public.user_profiles p where p.user_id = s.user_id) then :'tz' else 'UTC' end as tz
   ) z
   group by 1, 2, 3
) to stdout \g :days_file
