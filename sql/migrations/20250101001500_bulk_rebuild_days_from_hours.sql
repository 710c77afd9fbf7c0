-- The bulk rollup rebuild (private.rebuild_calorie_rollups(), which the data migration runs on a
-- fresh target) does less per event. Same signature, results and security as 20250101001400.
--
-- - The slots sum amounts as integer hundredths of an integer (amounts are numeric(8,2) of at
--   most 25,000, so 2,500,000 hundredths fit): sum(integer) keeps a bigint running total,
--   sum(bigint) allocates a 128-bit state per group and aggregate (~570k groups per 1M events).
-- - The local days are summed from the hours once they are written (whole local hours read as
--   they are, only hours split by a :30/:45 zone read by quarter): ~144k hour rows instead of
--   ~570k slots, each slot with its own zone conversion.
-- Measured on the 1M-event migration database (sql/migrate/bench.sh's data), the function inside
-- a transaction with the migration's settings: see docs/MIGRATION.md (Performance).

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
  -- One pass over the events into slots (materialized once; amounts are numeric(8,2), summed
  -- exactly as integer hundredths: an integer sum keeps its running total in a plain bigint, no
  -- state allocated per group, and numeric sums spilled the hash table to disk for a million
  -- events), joined into the hours' quarter columns (four hash joins: an aggregate with a
  -- filtered max() per column cost ~2.5 us per slot, 1.4 s of a 1M-event migration).
  with slots as materialized (
    select s.*, date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start,
           (date_part('minute', s.slot_start - date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00')))::integer / 15 as quarter,
           coalesce(p.time_zone, 'UTC') as tz
      from (
        select e.user_id, date_bin('15 minutes', e.event_timestamp, timestamptz '2000-01-01 00:00:00+00') as slot_start,
               coalesce(sum((e.calories_amount * 100)::integer) filter (where e.event_type = 'consumed') * 0.01, 0) as consumed,
               count(*) filter (where e.event_type = 'consumed') as consumed_count,
               coalesce(sum((e.calories_amount * 100)::integer) filter (where e.event_type = 'burned_exercise') * 0.01, 0) as burned_exercise,
               count(*) filter (where e.event_type = 'burned_exercise') as burned_exercise_count,
               coalesce(sum((e.calories_amount * 100)::integer) filter (where e.event_type = 'burned_bmr') * 0.01, 0) as burned_bmr,
               count(*) filter (where e.event_type = 'burned_bmr') as burned_bmr_count,
               coalesce(sum((e.calories_amount * 100)::integer) filter (where e.event_type = 'weight') * 0.01, 0) as weight_kg_sum,
               count(*) filter (where e.event_type = 'weight') as weight_count,
               min(e.event_timestamp) filter (where e.event_type <> 'weight') as first_event,
               max(e.event_timestamp) filter (where e.event_type <> 'weight') as last_event
          from public.calorie_events e
         where p_user is null or e.user_id = p_user
         group by 1, 2
      ) s
      left join public.user_profiles p on p.user_id = s.user_id
  )
  insert into public.calorie_event_hours (user_id, hour_start, local_hour,
  m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
  m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
  m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
  m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event)
    select k.user_id, k.hour_start, case when (k.hour_start at time zone k.tz) = date_bin('1 hour', (k.hour_start at time zone k.tz), timestamp '1970-01-01 00:00:00') and ((k.hour_start + interval '45 minutes') at time zone k.tz) = (k.hour_start at time zone k.tz) + interval '45 minutes' then (k.hour_start at time zone k.tz) end,
           coalesce(m00.consumed, 0), coalesce(m00.consumed_count, 0), coalesce(m00.burned_exercise, 0), coalesce(m00.burned_exercise_count, 0), coalesce(m00.burned_bmr, 0), coalesce(m00.burned_bmr_count, 0), coalesce(m00.weight_kg_sum, 0), coalesce(m00.weight_count, 0), m00.first_event, m00.last_event,
           coalesce(m15.consumed, 0), coalesce(m15.consumed_count, 0), coalesce(m15.burned_exercise, 0), coalesce(m15.burned_exercise_count, 0), coalesce(m15.burned_bmr, 0), coalesce(m15.burned_bmr_count, 0), coalesce(m15.weight_kg_sum, 0), coalesce(m15.weight_count, 0), m15.first_event, m15.last_event,
           coalesce(m30.consumed, 0), coalesce(m30.consumed_count, 0), coalesce(m30.burned_exercise, 0), coalesce(m30.burned_exercise_count, 0), coalesce(m30.burned_bmr, 0), coalesce(m30.burned_bmr_count, 0), coalesce(m30.weight_kg_sum, 0), coalesce(m30.weight_count, 0), m30.first_event, m30.last_event,
           coalesce(m45.consumed, 0), coalesce(m45.consumed_count, 0), coalesce(m45.burned_exercise, 0), coalesce(m45.burned_exercise_count, 0), coalesce(m45.burned_bmr, 0), coalesce(m45.burned_bmr_count, 0), coalesce(m45.weight_kg_sum, 0), coalesce(m45.weight_count, 0), m45.first_event, m45.last_event
      from (select distinct s.user_id, s.hour_start, s.tz from slots s) k
      left join slots m00 on m00.user_id = k.user_id and m00.hour_start = k.hour_start and m00.quarter = 0
      left join slots m15 on m15.user_id = k.user_id and m15.hour_start = k.hour_start and m15.quarter = 1
      left join slots m30 on m30.user_id = k.user_id and m30.hour_start = k.hour_start and m30.quarter = 2
      left join slots m45 on m45.user_id = k.user_id and m45.hour_start = k.hour_start and m45.quarter = 3;

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
  else
    perform private.rebuild_daily_totals(p_user);
  end if;
end
$$;
