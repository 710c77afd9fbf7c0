-- hourly_calorie_summary (the seed's view, read over PostgREST as GET /hourly_calorie_summary) reads
-- whole local hours as they are stored. Same columns, rows, values and security as 20250101001400.
--
-- Why: the view grouped every 15-minute quarter of the caller's whole history by local hour, and a
-- filter on hour_bucket (?hour_bucket=gte.…) applied only after that: one day of hours cost
-- ~10.6 ms for 60 days of high-frequency data (make bench, "our views through RLS"), and more as
-- the history grows. An hour row whose local_hour is stored (set in the profile's zone when the
-- UTC hour is a whole local hour with one offset for its four quarters) is one bucket: its four
-- quarters all have that local hour and start at hour_start + 15 min × q, so their bucket start is
-- hour_start, and no quarter of another hour falls in that bucket (its bucket start would be
-- hour_start, which only this hour's quarters can have). Its stored figures are the sums over its
-- quarters. So the view is the union of those hour rows (hour_bucket = hour_start, which a filter on
-- hour_bucket bounds in the hours' key) and, as before, the quarters of the other hours (half-hour
-- and 45-minute zones, hours around some DST changes) grouped by local hour. An hour row always has
-- events: the maintenance deletes the hours it empties (apply_slot_deltas).

create or replace view public.hourly_calorie_summary
with (security_invoker = true)
as
select h.user_id,
       h.hour_start as hour_bucket,
       h.total_calories,
       h.event_count::bigint as event_count,
       h.avg_calories_per_event,
       h.first_event,
       h.last_event,
       coalesce(p.time_zone, 'UTC') as time_zone,
       h.local_hour,
       h.consumed,
       h.burned_exercise,
       h.burned_bmr,
       h.weight_count::bigint as weight_count,
       h.avg_weight_kg
  from public.calorie_event_hours h
  left join public.user_profiles p on p.user_id = h.user_id
 where h.local_hour is not null
union all
select s.user_id,
       b.hour_bucket,
       sum(s.consumed + s.burned_exercise + s.burned_bmr),
       sum(s.consumed_count + s.burned_exercise_count + s.burned_bmr_count)::bigint,
       sum(s.consumed + s.burned_exercise + s.burned_bmr)
         / nullif(sum(s.consumed_count + s.burned_exercise_count + s.burned_bmr_count), 0),
       min(s.first_event),
       max(s.last_event),
       z.tz,
       b.local_hour,
       sum(s.consumed),
       sum(s.burned_exercise),
       sum(s.burned_bmr),
       sum(s.weight_count)::bigint,
       sum(s.weight_kg_sum) / nullif(sum(s.weight_count), 0)
  from private.calorie_event_quarters s
  left join public.user_profiles p on p.user_id = s.user_id
  cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
  cross join lateral (select s.slot_start at time zone z.tz as local_ts) l
  cross join lateral (
    select date_trunc('hour', l.local_ts) as local_hour,
           s.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_bucket
  ) b
 where s.local_hour is null
 group by s.user_id, b.hour_bucket, z.tz, b.local_hour;
revoke all on public.hourly_calorie_summary from public, anon, authenticated, service_role;
grant select on public.hourly_calorie_summary to authenticated, service_role;
