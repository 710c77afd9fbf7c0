-- Stored day buckets, lighter slot writes, cheaper monthly summaries (same results).
--
-- Measured on sql/bench/run.sh's data (5M events, 500 users): backend CPU time per call over
-- 20000 calls in one session (warm caches; CPU time, not wall time, because the machine is
-- shared). For scale, a plpgsql function with the same attributes that returns constant rows
-- costs 20 / 26 / 37 us for 3 / 24 / 60 rows there.
--
-- * daily_summary spent half its time converting each day's start and end to timestamptz and
--   dividing for the averages (~128 us for 60 days). Those are now stored generated columns of
--   daily_calorie_totals (day_start, day_end, avg_calories_per_event, avg_weight_kg), computed
--   once when a day changes, and part of its covering key (60 us). The daily and balance views
--   read them too.
-- * monthly_summary sorted the range's days by month before aggregating; it now aggregates each
--   month's index range of days (89 -> 82 us).
-- * calorie_event_slots' primary key carried every figure as INCLUDE columns for index-only
--   scans. That made each slot update non-HOT: a new index entry of ~130 bytes per updated slot,
--   2.2 ms of the 3.4 ms the insert trigger spent on a 1000-event batch over two days (wall
--   time, inserts rolled back). With the plain key the updates are HOT (fillfactor 80 leaves
--   room on the page) and the slot upsert costs 1.25 ms; reading a day's slots from the heap
--   measured the same as the index-only scan (97 slots on 97 pages, all cached).
--   daily_calorie_totals keeps a covering key: a batch updates ~3 days.
-- * Tried and left out: a table of local hours in the profile zone kept by the same triggers
--   (hourly_summary 200 -> 50 us of CPU per call). In make bench it still reached only 76x the
--   seed's hourly view (0.115 ms against the seed's 8.8 ms on a quiet machine; the floor of a
--   24-row plpgsql result through the benchmark's wrapper is 0.062 ms), while the insert
--   slowdown with rollups was 32.7 % (median of 4 rounds; 23.5 % without it in the next run) and
--   the 1M-event migration took ~1.2 s longer (10.5-10.9 s against 9.4-9.5 s, alternated).

-- Slots: plain primary key, HOT updates -----------------------------------------------------------

alter table public.calorie_event_slots
  drop constraint calorie_event_slots_pkey,
  add constraint calorie_event_slots_pkey primary key (user_id, slot_start);

-- Daily totals: stored bucket figures ----------------------------------------------------------

alter table public.daily_calorie_totals
  add column day_start timestamptz generated always as (day::timestamp at time zone time_zone) stored,
  add column day_end timestamptz generated always as ((day + 1)::timestamp at time zone time_zone) stored,
  add column avg_calories_per_event numeric generated always as
    ((consumed + burned_exercise + burned_bmr) / nullif(consumed_count + burned_exercise_count + burned_bmr_count, 0)) stored,
  add column avg_weight_kg numeric generated always as (weight_kg_sum / nullif(weight_count, 0)) stored,
  drop constraint daily_calorie_totals_user_day,
  add constraint daily_calorie_totals_user_day unique (user_id, day) include (time_zone, consumed, consumed_count,
    burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count,
    total_calories, event_count, first_event, last_event, day_start, day_end, avg_calories_per_event, avg_weight_kg);
comment on column public.daily_calorie_totals.day_start is 'The instant the local day starts in time_zone.';
comment on column public.daily_calorie_totals.day_end is 'The instant the next local day starts in time_zone (23 or 25 hours later on DST days).';

-- Summary functions -------------------------------------------------------------------------------
--
-- Same signatures, results, errors and security as 20250101000400; the profile-zone paths read
-- the stored figures.

create or replace function public.daily_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
returns setof public.calorie_bucket
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_profile_tz text;
  v_tz text;
  v_first date;
  v_last date;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = v_user;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  -- The local days whose start lies in [p_from, p_to): day starts increase with the day, so they
  -- are the days v_first .. v_last.
  v_first := (p_from at time zone v_tz)::date;
  if (v_first::timestamp at time zone v_tz) < p_from then
    v_first := v_first + 1;
  end if;
  v_last := (p_to at time zone v_tz)::date;
  if (v_last::timestamp at time zone v_tz) >= p_to then
    v_last := v_last - 1;
  end if;
  if v_tz = v_profile_tz then
    return query
    select v_user, t.day_start, t.day_end, t.day::timestamp, v_tz,
           t.total_calories, t.event_count::bigint, t.avg_calories_per_event,
           t.first_event, t.last_event,
           t.consumed, t.burned_exercise, t.burned_bmr,
           t.weight_count::bigint, t.avg_weight_kg
      from public.daily_calorie_totals t
     where t.user_id = v_user and t.day >= v_first and t.day <= v_last and t.time_zone = v_tz
       and (t.event_count > 0 or t.weight_count > 0)
     order by t.day;
  else
    return query
    select v_user, d.day::timestamp at time zone v_tz, (d.day + 1)::timestamp at time zone v_tz, d.day::timestamp, v_tz,
           d.consumed + d.burned_exercise + d.burned_bmr,
           d.consumed_count + d.burned_exercise_count + d.burned_bmr_count,
           (d.consumed + d.burned_exercise + d.burned_bmr)
             / nullif(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count, 0),
           d.first_event, d.last_event,
           d.consumed, d.burned_exercise, d.burned_bmr,
           d.weight_count, d.weight_kg_sum / nullif(d.weight_count, 0)
      from private.local_days(v_user, v_tz, false, v_first, v_last) d
     order by d.day;
  end if;
end
$$;

create or replace function public.monthly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
returns setof public.calorie_bucket
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_profile_tz text;
  v_tz text;
  v_first date;
  v_last date;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = v_user;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  -- The months whose start lies in [p_from, p_to) are the months v_first .. v_last; their days
  -- are v_first .. (v_last + 1 month) - 1.
  v_first := date_trunc('month', (p_from at time zone v_tz))::date;
  if (v_first::timestamp at time zone v_tz) < p_from then
    v_first := (v_first + interval '1 month')::date;
  end if;
  v_last := date_trunc('month', (p_to at time zone v_tz))::date;
  if (v_last::timestamp at time zone v_tz) >= p_to then
    v_last := (v_last - interval '1 month')::date;
  end if;
  if v_tz = v_profile_tz then
    -- One aggregate per month over its days (an index range each): no sort of the days by month.
    return query
    select v_user, g.m::timestamp at time zone v_tz,
           (g.m + interval '1 month')::date::timestamp at time zone v_tz,
           g.m::timestamp, v_tz,
           a.consumed + a.burned_exercise + a.burned_bmr, a.event_count,
           (a.consumed + a.burned_exercise + a.burned_bmr) / nullif(a.event_count, 0),
           a.first_event, a.last_event,
           a.consumed, a.burned_exercise, a.burned_bmr,
           a.weight_count, a.weight_kg_sum / nullif(a.weight_count, 0)
      from (select pg_catalog.generate_series(v_first::timestamp, v_last::timestamp, interval '1 month')::date as m) g
      cross join lateral (
        select count(*) as days,
               sum(t.event_count)::bigint as event_count,
               min(t.first_event) as first_event, max(t.last_event) as last_event,
               sum(t.consumed) as consumed, sum(t.burned_exercise) as burned_exercise, sum(t.burned_bmr) as burned_bmr,
               sum(t.weight_count)::bigint as weight_count, sum(t.weight_kg_sum) as weight_kg_sum
          from public.daily_calorie_totals t
         where t.user_id = v_user and t.day >= g.m and t.day < (g.m + interval '1 month')::date
           and t.time_zone = v_tz and (t.event_count > 0 or t.weight_count > 0)
      ) a
     where a.days > 0
     order by g.m;
  elsif v_first <= v_last then
    return query
    select v_user, m.month_start::timestamp at time zone v_tz,
           (m.month_start + interval '1 month')::date::timestamp at time zone v_tz,
           m.month_start::timestamp, v_tz,
           sum(d.consumed + d.burned_exercise + d.burned_bmr),
           sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count)::bigint,
           sum(d.consumed + d.burned_exercise + d.burned_bmr)
             / nullif(sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count), 0),
           min(d.first_event), max(d.last_event),
           sum(d.consumed), sum(d.burned_exercise), sum(d.burned_bmr),
           sum(d.weight_count)::bigint, sum(d.weight_kg_sum) / nullif(sum(d.weight_count), 0)
      from private.local_days(v_user, v_tz, false, v_first, (v_last + interval '1 month')::date - 1) d
      cross join lateral (select date_trunc('month', d.day::timestamp)::date as month_start) m
     group by m.month_start
     order by m.month_start;
  end if;
end
$$;

-- Views -----------------------------------------------------------------------------------------
--
-- Same columns and meaning as 20250101000300; the daily and balance views read the stored day
-- starts and averages.

create or replace view public.daily_calorie_summary
with (security_invoker = true)
as
select t.user_id,
       t.day_start as day_bucket,
       t.total_calories,
       t.event_count::bigint as event_count,
       t.avg_calories_per_event,
       t.first_event,
       t.last_event,
       t.time_zone,
       t.day,
       t.consumed,
       t.burned_exercise,
       t.burned_bmr,
       t.weight_count::bigint as weight_count,
       t.avg_weight_kg
  from public.daily_calorie_totals t
 where t.event_count > 0 or t.weight_count > 0;

create or replace view public.calorie_balance_summary
with (security_invoker = true)
as
select t.user_id,
       t.day_start as day_bucket,
       t.consumed as calories_consumed,
       b.calories_burned,
       t.consumed - b.calories_burned as net_balance,
       g.daily_calorie_target,
       t.consumed - g.daily_calorie_target as target_variance,
       b.bmr_source,
       t.day,
       t.time_zone
  from public.daily_calorie_totals t
  left join public.metabolic_profiles mp on mp.user_id = t.user_id and mp.is_active
  left join public.calorie_goals g on g.user_id = t.user_id and g.is_active
  cross join lateral (
    select case when t.burned_bmr_count > 0 then t.burned_exercise + t.burned_bmr
                else t.burned_exercise + coalesce(mp.calories_burned_bmr, 0) end as calories_burned,
           case when t.burned_bmr_count > 0 then 'events'
                when mp.id is not null then 'profile'
                else 'none' end as bmr_source
  ) b
 where t.event_count > 0 or t.weight_count > 0;
