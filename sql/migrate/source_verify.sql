-- Verification, source side: the transformed rows' canonical checksums per table and user, and
-- the rollups the target must hold, computed in the migration's snapshot while the target loads.
-- Needs source_views.sql and the temporary table mig_src_groups (created before the snapshot's
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

-- One hashed pass over the transformed events (mig_calorie_event_groups): ~144k hours (and, for
-- a zone not a whole number of hours off UTC, ~6k days) per 1M events, in 256 MB of work_mem
-- without spilling. Before: 15-minute slots, ~570k groups, sorted.
set local work_mem = '256MB';
set local enable_sort = off;
-- With mig_fast_tz the events view reads naive times in TimeZone (see source_views.sql); the
-- groups hold instants, so nothing after this statement depends on it.
\if :mig_fast_tz
set local timezone = :'tz';
\endif
insert into mig_src_groups select * from mig_calorie_event_groups;
set local timezone = 'UTC';
set local enable_sort = default;

copy (
  select 'users', t.id, count(*), sum(:row_hash) from mig_users t group by 2
  union all
  select 'user_profiles', t.user_id, count(*), sum(:row_hash) from mig_user_profiles t group by 2
  union all
  select 'calorie_goals', t.user_id, count(*), sum(:row_hash) from mig_calorie_goals t group by 2
  union all
  select 'metabolic_profiles', t.user_id, count(*), sum(:row_hash) from mig_metabolic_profiles t group by 2
  union all
  -- Events (summed from their hours) and the hours' totals in one scan of the hour groups.
  select x.table_name, u.user_id, x.n, x.checksum
    from (select s.user_id, sum(s.events) as events, sum(s.events_checksum) as events_checksum,
                 count(*) as hours, sum(h.h) as hours_checksum
            from mig_src_groups s
           cross join lateral (
             select :row_hash as h
               from (select s.user_id, s.hour_start, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
                            s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event) t
           ) h
           where s.hour_start is not null
           group by 1) u
   cross join lateral (values ('calorie_events', u.events, u.events_checksum), ('calorie_event_hours', u.hours, u.hours_checksum)
   ) x (table_name, n, checksum)
) to stdout \g :user_sums_file

-- Days in the zone the target will use for the user: the profile's zone (:tz) when the legacy
-- user has a profile, UTC otherwise; summed from the hours when each lies in one local day.
copy (
\if :mig_whole_hour_tz
  select s.user_id, (s.hour_start at time zone z.tz)::date, z.tz,
         sum(s.consumed), sum(s.consumed_count), sum(s.burned_exercise), sum(s.burned_exercise_count),
         sum(s.burned_bmr), sum(s.burned_bmr_count), sum(s.weight_kg_sum), sum(s.weight_count),
         min(s.first_event), max(s.last_event)
    from mig_src_groups s
    left join (select distinct p.user_id from public.user_profiles p) p on p.user_id = s.user_id
   cross join lateral (select case when p.user_id is not null then :'tz' else 'UTC' end as tz) z
   group by 1, 2, 3
\else
  select s.user_id, s.day, s.tz,
         s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
         s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count,
         s.first_event, s.last_event
    from mig_src_groups s
   where s.day is not null
\endif
) to stdout \g :days_file
