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
-- ~1.3 CPU-s more (measured: 5.1 vs 3.8 s for 1M events). Sorted, not hashed: ~570k groups of
-- ~2 events make a hash table larger than that and spill (measured: 3.4 vs 2.8 CPU-s).
set local work_mem = '64MB';
set local enable_hashagg = off;
-- With mig_fast_tz the events view reads naive times in TimeZone (see source_views.sql); the
-- slots hold instants, so nothing after this statement depends on it.
\if :mig_fast_tz
set local timezone = :'tz';
\endif
insert into mig_src_slots select * from mig_calorie_event_slots;
set local timezone = 'UTC';
set local enable_hashagg = default;

copy (
  select 'users', t.id, count(*), sum(:row_hash) from mig_users t group by 2
  union all
  select 'user_profiles', t.user_id, count(*), sum(:row_hash) from mig_user_profiles t group by 2
  union all
  select 'calorie_goals', t.user_id, count(*), sum(:row_hash) from mig_calorie_goals t group by 2
  union all
  select 'metabolic_profiles', t.user_id, count(*), sum(:row_hash) from mig_metabolic_profiles t group by 2
  union all
  -- Events (summed from their slots) and slots in one scan of the slots.
  select x.table_name, u.user_id, x.n, x.checksum
    from (select s.user_id, sum(s.events) as events, sum(s.events_checksum) as events_checksum,
                 count(*) as slots, sum(h.h) as slots_checksum
            from mig_src_slots s
           cross join lateral (
             select :row_hash as h
               from (select s.user_id, s.slot_start, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
                            s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event) t
           ) h
           group by 1) u
   cross join lateral (values ('calorie_events', u.events, u.events_checksum), ('calorie_event_slots', u.slots, u.slots_checksum)
   ) x (table_name, n, checksum)
) to stdout \g :user_sums_file

-- Days in the zone the target will use for the user: the profile's zone (:tz) when the legacy
-- user has a profile, UTC otherwise. The zone from one join with the profiled users (not two
-- hashed subplans per slot) and a hash aggregate: the planner cannot know that ~570k slots make
-- only ~6k days and would sort them on disk (measured: 0.67 CPU-s before, 0.44 now).
set local enable_sort = off;
copy (
  select s.user_id, (s.slot_start at time zone z.tz)::date as day, z.tz,
         sum(s.consumed), sum(s.consumed_count), sum(s.burned_exercise), sum(s.burned_exercise_count),
         sum(s.burned_bmr), sum(s.burned_bmr_count), sum(s.weight_kg_sum), sum(s.weight_count),
         min(s.first_event), max(s.last_event)
    from mig_src_slots s
    left join (select distinct p.user_id from public.user_profiles p) p on p.user_id = s.user_id
   cross join lateral (select case when p.user_id is not null then :'tz' else 'UTC' end as tz) z
   group by 1, 2, 3
) to stdout \g :days_file
set local enable_sort = default;
