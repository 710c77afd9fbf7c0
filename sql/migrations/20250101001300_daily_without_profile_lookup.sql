-- daily_summary in the profile's zone without looking the profile up. Same signature, results,
-- errors and security as 20250101001200.
--
-- With p_tz omitted (the usual call) the daily rows are read directly: every daily_calorie_totals
-- row of a user is in the profile's current zone (a zone change recomputes them in the same
-- transaction; the differential test checks it), a day is returned when its stored start instant
-- lies in [p_from, p_to), and the local days starting in that range lie within one day of its UTC
-- dates, which bounds the index range read. That drops the profile lookup under RLS (~10 us of the
-- ~0.12-0.15 ms a 60-day call costs through sql/bench/run.sh's wrapper) from the common path.
--
-- Tried this session and left out (measured, kept in git history as d95fc31): tables of local
-- hours and local months in the profile's zone, kept by the same triggers, that made
-- hourly_summary 0.29 -> 0.069 ms (185x the seed's view) and monthly_summary 0.12 -> 0.06 ms. Timing
-- each 1000-event batch once without and once with the rollup triggers, back to back, inserts
-- went from 22-24 % slower than without rollups to 31-44 % (~48 more upserted rows per batch on top
-- of ~190 slots; ~13 us per rollup row), and the 1M-event data migration from 9.8-10.4 s to
-- 11.9-12.4 s (alternated pairs). Both are past their limits (25 %, 10 s), so the hours wait for
-- a layout that touches fewer rows per batch (see docs/SQL.md, Known limits).

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
  -- Only a zone passed in needs the profile's: to tell whether the stored days are in it.
  if p_tz is not null then
    select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = v_user;
    v_profile_tz := coalesce(v_profile_tz, 'UTC');
    if p_tz <> v_profile_tz and not private.is_valid_time_zone(p_tz) then
      raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
        hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
    end if;
  end if;
  if p_tz is null or p_tz = v_profile_tz then
    return query
    select v_user, t.day_start, t.day_end, t.day::timestamp, t.time_zone,
           t.total_calories, t.event_count::bigint, t.avg_calories_per_event,
           t.first_event, t.last_event,
           t.consumed, t.burned_exercise, t.burned_bmr,
           t.weight_count::bigint, t.avg_weight_kg
      from public.daily_calorie_totals t
     where t.user_id = v_user
       and t.day >= (p_from at time zone 'UTC')::date - 1 and t.day <= (p_to at time zone 'UTC')::date + 1
       and t.day_start >= p_from and t.day_start < p_to
       and (t.event_count > 0 or t.weight_count > 0)
     order by t.day;
    return;
  end if;
  -- Another zone: the local days whose start lies in [p_from, p_to) are v_first .. v_last (day
  -- starts increase with the day), summed from the slots.
  v_first := (p_from at time zone p_tz)::date;
  if (v_first::timestamp at time zone p_tz) < p_from then
    v_first := v_first + 1;
  end if;
  v_last := (p_to at time zone p_tz)::date;
  if (v_last::timestamp at time zone p_tz) >= p_to then
    v_last := v_last - 1;
  end if;
  return query
  select v_user, d.day::timestamp at time zone p_tz, (d.day + 1)::timestamp at time zone p_tz, d.day::timestamp, p_tz,
         d.consumed + d.burned_exercise + d.burned_bmr,
         d.consumed_count + d.burned_exercise_count + d.burned_bmr_count,
         (d.consumed + d.burned_exercise + d.burned_bmr)
           / nullif(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count, 0),
         d.first_event, d.last_event,
         d.consumed, d.burned_exercise, d.burned_bmr,
         d.weight_count, d.weight_kg_sum / nullif(d.weight_count, 0)
    from private.local_days(v_user, p_tz, false, v_first, v_last) d
   order by d.day;
end
$$;

