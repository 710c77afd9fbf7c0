-- The seed's five summary views, done right.
--
-- * security_invoker = true: they run with the caller's privileges, so RLS applies (the seed's
--   views ran as their owner and showed every user's data to anyone with the anon key).
-- * Seed columns keep their names and meaning, with these decisions (docs/SQL.md):
--   - buckets are local to the user's profile time zone (UTC without a profile); *_bucket is the
--     timestamptz instant the local bucket starts; weeks start on the profile's week_start
--     (monday = ISO by default);
--   - total_calories, event_count, avg_calories_per_event, first_event, last_event count calorie
--     events only (consumed, burned_exercise, burned_bmr): weight events carry kg, not kcal, and
--     show up in weight_count / avg_weight_kg instead; a bucket with only weight events is listed
--     with event_count 0;
--   - calorie_balance_summary: consumed = Σ consumed; burned = Σ burned_exercise + (Σ burned_bmr
--     when the day has burned_bmr events, else the active metabolic profile's
--     calories_burned_bmr: bmr_source says which); target from the one active goal. One row per
--     user and day.
--   - no ORDER BY inside views (order with PostgREST's `order=`).
-- * They read the rollups, not the raw events. For a range in another time zone, or for the
--   fastest filtered access, use the summary functions (next migration).

create view public.hourly_calorie_summary
with (security_invoker = true)
as
select s.user_id,
       h.hour_bucket,
       sum(s.consumed + s.burned_exercise + s.burned_bmr) as total_calories,
       sum(s.consumed_count + s.burned_exercise_count + s.burned_bmr_count)::bigint as event_count,
       sum(s.consumed + s.burned_exercise + s.burned_bmr)
         / nullif(sum(s.consumed_count + s.burned_exercise_count + s.burned_bmr_count), 0) as avg_calories_per_event,
       min(s.first_event) as first_event,
       max(s.last_event) as last_event,
       z.tz as time_zone,
       h.local_hour,
       sum(s.consumed) as consumed,
       sum(s.burned_exercise) as burned_exercise,
       sum(s.burned_bmr) as burned_bmr,
       sum(s.weight_count)::bigint as weight_count,
       sum(s.weight_kg_sum) / nullif(sum(s.weight_count), 0) as avg_weight_kg
  from public.calorie_event_slots s
  left join public.user_profiles p on p.user_id = s.user_id
  cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
  cross join lateral (select s.slot_start at time zone z.tz as local_ts) l
  cross join lateral (
    select date_trunc('hour', l.local_ts) as local_hour,
           s.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_bucket
  ) h
 group by s.user_id, h.hour_bucket, z.tz, h.local_hour;

create view public.daily_calorie_summary
with (security_invoker = true)
as
select t.user_id,
       t.day::timestamp at time zone t.time_zone as day_bucket,
       t.total_calories,
       t.event_count::bigint as event_count,
       t.total_calories / nullif(t.event_count, 0) as avg_calories_per_event,
       t.first_event,
       t.last_event,
       t.time_zone,
       t.day,
       t.consumed,
       t.burned_exercise,
       t.burned_bmr,
       t.weight_count::bigint as weight_count,
       t.weight_kg_sum / nullif(t.weight_count, 0) as avg_weight_kg
  from public.daily_calorie_totals t
 where t.event_count > 0 or t.weight_count > 0;

create view public.weekly_calorie_summary
with (security_invoker = true)
as
select t.user_id,
       w.week_start::timestamp at time zone t.time_zone as week_bucket,
       sum(t.total_calories) as total_calories,
       sum(t.event_count)::bigint as event_count,
       sum(t.total_calories) / nullif(sum(t.event_count), 0) as avg_calories_per_event,
       min(t.first_event) as first_event,
       max(t.last_event) as last_event,
       t.time_zone,
       w.week_start,
       sum(t.consumed) as consumed,
       sum(t.burned_exercise) as burned_exercise,
       sum(t.burned_bmr) as burned_bmr,
       sum(t.weight_count)::bigint as weight_count,
       sum(t.weight_kg_sum) / nullif(sum(t.weight_count), 0) as avg_weight_kg
  from public.daily_calorie_totals t
  left join public.user_profiles p on p.user_id = t.user_id
  cross join lateral (
    select t.day - ((extract(dow from t.day)::integer
                     - case when p.week_start = 'sunday' then 0 else 1 end + 7) % 7) as week_start
  ) w
 where t.event_count > 0 or t.weight_count > 0
 group by t.user_id, t.time_zone, w.week_start;

create view public.monthly_calorie_summary
with (security_invoker = true)
as
select t.user_id,
       date_trunc('month', t.day)::date::timestamp at time zone t.time_zone as month_bucket,
       sum(t.total_calories) as total_calories,
       sum(t.event_count)::bigint as event_count,
       sum(t.total_calories) / nullif(sum(t.event_count), 0) as avg_calories_per_event,
       min(t.first_event) as first_event,
       max(t.last_event) as last_event,
       t.time_zone,
       date_trunc('month', t.day)::date as month_start,
       sum(t.consumed) as consumed,
       sum(t.burned_exercise) as burned_exercise,
       sum(t.burned_bmr) as burned_bmr,
       sum(t.weight_count)::bigint as weight_count,
       sum(t.weight_kg_sum) / nullif(sum(t.weight_count), 0) as avg_weight_kg
  from public.daily_calorie_totals t
 where t.event_count > 0 or t.weight_count > 0
 group by t.user_id, t.time_zone, date_trunc('month', t.day);

create view public.calorie_balance_summary
with (security_invoker = true)
as
select t.user_id,
       t.day::timestamp at time zone t.time_zone as day_bucket,
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

revoke all on public.hourly_calorie_summary, public.daily_calorie_summary, public.weekly_calorie_summary,
  public.monthly_calorie_summary, public.calorie_balance_summary from public, anon, authenticated, service_role;
grant select on public.hourly_calorie_summary, public.daily_calorie_summary, public.weekly_calorie_summary,
  public.monthly_calorie_summary, public.calorie_balance_summary to authenticated, service_role;
