-- The bulk rollup rebuild (private.rebuild_calorie_rollups(), which the data migration runs on a
-- fresh target) does less per event, and rebuilds the monthly totals too (20250101001500). Same
-- signature and security as 20250101001400.
--
-- - One hashed pass over the events straight into hour rows (40 filtered aggregates on a small
--   integer per event: its quarter and type), instead of 15-minute slots (~570k groups per 1M
--   events), materialized and joined four times into the hours' quarter columns.
-- - Amounts are summed as integer hundredths of an integer column (numeric(8,2) of at most
--   25,000: 2,500,000 hundredths): sum(integer) keeps a bigint running total, sum(bigint)
--   allocates a 128-bit state per group and aggregate.
-- - The local days are summed from the hours once they are written (whole local hours read as
--   they are, only hours split by a :30/:45 zone read by quarter): ~144k hour rows instead of
--   ~570k slots, each slot with its own zone conversion.
-- - The hour rows are written in (user, hour) order (a sort of ~144k rows per 1M events, no slower
--   in the measured rebuilds: the key's index then grows at its right edge). Hours written live by
--   the triggers interleave users by arrival; rebuilt or migrated history is clustered per user:
--   one user's day of hours read as the benchmark does (a different user each run) took about a
--   third less (bench.p50 over 21 users, 5 rounds each way, 2 rebuilds each alternated, 1M-event
--   bench data: hourly summary / 24-row floor, median 1.8 against 3.0).
-- Measured on the 1M-event migration data (sql/migrate/bench.sh's generator), the function inside
-- a transaction with the migration's settings, alternated: 3.5-4.4 s against 5.8-6.2 s for the
-- 20250101001400 version (docs/MIGRATION.md, Performance).

create or replace function private.rebuild_calorie_rollups(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.calorie_event_hours h where p_user is null or h.user_id = p_user;
  if p_user is null then
    delete from public.daily_calorie_totals;
  end if;
  -- One hashed pass over the events straight into hour rows: each event carries its quarter q and
  -- k = 4 * q + its type's index, and each of the 40 quarter columns aggregates the events of its
  -- k (amounts are numeric(8,2) of at most 25,000, summed exactly as integer hundredths: sum()
  -- of an integer keeps a plain bigint running total, no state allocated per group).
  insert into public.calorie_event_hours (user_id, hour_start, local_hour,
     m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
     m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
     m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
     m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event)
    select a.user_id, a.hour_start,
           case when (a.hour_start at time zone z.tz) = date_bin('1 hour', (a.hour_start at time zone z.tz), timestamp '1970-01-01 00:00:00')
                 and ((a.hour_start + interval '45 minutes') at time zone z.tz) = (a.hour_start at time zone z.tz) + interval '45 minutes'
                then (a.hour_start at time zone z.tz) end,
           a.m00_consumed, a.m00_consumed_count, a.m00_burned_exercise, a.m00_burned_exercise_count, a.m00_burned_bmr, a.m00_burned_bmr_count, a.m00_weight_kg_sum, a.m00_weight_count, a.m00_first_event, a.m00_last_event,
           a.m15_consumed, a.m15_consumed_count, a.m15_burned_exercise, a.m15_burned_exercise_count, a.m15_burned_bmr, a.m15_burned_bmr_count, a.m15_weight_kg_sum, a.m15_weight_count, a.m15_first_event, a.m15_last_event,
           a.m30_consumed, a.m30_consumed_count, a.m30_burned_exercise, a.m30_burned_exercise_count, a.m30_burned_bmr, a.m30_burned_bmr_count, a.m30_weight_kg_sum, a.m30_weight_count, a.m30_first_event, a.m30_last_event,
           a.m45_consumed, a.m45_consumed_count, a.m45_burned_exercise, a.m45_burned_exercise_count, a.m45_burned_bmr, a.m45_burned_bmr_count, a.m45_weight_kg_sum, a.m45_weight_count, a.m45_first_event, a.m45_last_event
      from (
        select e.user_id, e.hour_start,
               coalesce(sum(e.c) filter (where e.k = 0), 0) * 0.01 as m00_consumed,
               count(*) filter (where e.k = 0) as m00_consumed_count,
               coalesce(sum(e.c) filter (where e.k = 1), 0) * 0.01 as m00_burned_exercise,
               count(*) filter (where e.k = 1) as m00_burned_exercise_count,
               coalesce(sum(e.c) filter (where e.k = 2), 0) * 0.01 as m00_burned_bmr,
               count(*) filter (where e.k = 2) as m00_burned_bmr_count,
               coalesce(sum(e.c) filter (where e.k = 3), 0) * 0.01 as m00_weight_kg_sum,
               count(*) filter (where e.k = 3) as m00_weight_count,
               min(e.ts) filter (where e.q = 0 and e.timed) as m00_first_event,
               max(e.ts) filter (where e.q = 0 and e.timed) as m00_last_event,
               coalesce(sum(e.c) filter (where e.k = 4), 0) * 0.01 as m15_consumed,
               count(*) filter (where e.k = 4) as m15_consumed_count,
               coalesce(sum(e.c) filter (where e.k = 5), 0) * 0.01 as m15_burned_exercise,
               count(*) filter (where e.k = 5) as m15_burned_exercise_count,
               coalesce(sum(e.c) filter (where e.k = 6), 0) * 0.01 as m15_burned_bmr,
               count(*) filter (where e.k = 6) as m15_burned_bmr_count,
               coalesce(sum(e.c) filter (where e.k = 7), 0) * 0.01 as m15_weight_kg_sum,
               count(*) filter (where e.k = 7) as m15_weight_count,
               min(e.ts) filter (where e.q = 1 and e.timed) as m15_first_event,
               max(e.ts) filter (where e.q = 1 and e.timed) as m15_last_event,
               coalesce(sum(e.c) filter (where e.k = 8), 0) * 0.01 as m30_consumed,
               count(*) filter (where e.k = 8) as m30_consumed_count,
               coalesce(sum(e.c) filter (where e.k = 9), 0) * 0.01 as m30_burned_exercise,
               count(*) filter (where e.k = 9) as m30_burned_exercise_count,
               coalesce(sum(e.c) filter (where e.k = 10), 0) * 0.01 as m30_burned_bmr,
               count(*) filter (where e.k = 10) as m30_burned_bmr_count,
               coalesce(sum(e.c) filter (where e.k = 11), 0) * 0.01 as m30_weight_kg_sum,
               count(*) filter (where e.k = 11) as m30_weight_count,
               min(e.ts) filter (where e.q = 2 and e.timed) as m30_first_event,
               max(e.ts) filter (where e.q = 2 and e.timed) as m30_last_event,
               coalesce(sum(e.c) filter (where e.k = 12), 0) * 0.01 as m45_consumed,
               count(*) filter (where e.k = 12) as m45_consumed_count,
               coalesce(sum(e.c) filter (where e.k = 13), 0) * 0.01 as m45_burned_exercise,
               count(*) filter (where e.k = 13) as m45_burned_exercise_count,
               coalesce(sum(e.c) filter (where e.k = 14), 0) * 0.01 as m45_burned_bmr,
               count(*) filter (where e.k = 14) as m45_burned_bmr_count,
               coalesce(sum(e.c) filter (where e.k = 15), 0) * 0.01 as m45_weight_kg_sum,
               count(*) filter (where e.k = 15) as m45_weight_count,
               min(e.ts) filter (where e.q = 3 and e.timed) as m45_first_event,
               max(e.ts) filter (where e.q = 3 and e.timed) as m45_last_event
          from (select e.user_id, x.hour_start, x.q, e.event_type <> 'weight' as timed,
                       x.q * 4 + case e.event_type when 'consumed' then 0 when 'burned_exercise' then 1 when 'burned_bmr' then 2 else 3 end as k,
                       (e.calories_amount * 100)::integer as c, e.event_timestamp as ts
                  from public.calorie_events e
                 cross join lateral (select date_bin('1 hour', e.event_timestamp, timestamptz '2000-01-01 00:00:00+00') as hour_start) h
                 cross join lateral (select h.hour_start, (date_part('minute', e.event_timestamp - h.hour_start))::integer / 15 as q) x
                 where p_user is null or e.user_id = p_user
                offset 0) e
         group by e.user_id, e.hour_start
      ) a
      left join public.user_profiles p on p.user_id = a.user_id
     cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
     -- Written in key order: rebuilt (or migrated) history then holds a user's consecutive hours
     -- together, ~25 to a page, so a day's hours are one or two pages, not 24 scattered ones.
     order by a.user_id, a.hour_start;

  if p_user is null then
    -- Days from the hours just written: a whole local hour (local_hour set) lies in one local day;
    -- only hours the zone splits (offsets of :30/:45) are read by quarter.
    insert into public.daily_calorie_totals
      (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select d.user_id, d.day, coalesce(p.time_zone, 'UTC'),
           sum(d.consumed), sum(d.consumed_count), sum(d.burned_exercise), sum(d.burned_exercise_count),
           sum(d.burned_bmr), sum(d.burned_bmr_count), sum(d.weight_kg_sum), sum(d.weight_count),
           min(d.first_event), max(d.last_event)
      from (
        select h.user_id, h.local_hour::date as day, h.consumed, h.consumed_count, h.burned_exercise, h.burned_exercise_count,
               h.burned_bmr, h.burned_bmr_count, h.weight_kg_sum, h.weight_count, h.first_event, h.last_event
          from private.calorie_event_hour_totals h
         where h.local_hour is not null
        union all
        select q.user_id, (q.slot_start at time zone coalesce(p.time_zone, 'UTC'))::date, q.consumed, q.consumed_count,
               q.burned_exercise, q.burned_exercise_count, q.burned_bmr, q.burned_bmr_count, q.weight_kg_sum, q.weight_count,
               q.first_event, q.last_event
          from private.calorie_event_quarters q
          left join public.user_profiles p on p.user_id = q.user_id
         where q.local_hour is null
      ) d
      left join public.user_profiles p on p.user_id = d.user_id
     group by d.user_id, d.day, p.time_zone;
    perform private.rebuild_monthly_totals(null);
  else
    perform private.rebuild_daily_totals(p_user);
  end if;
end
$$;
