-- Differential: random events for several users and time zones (DST days included); every
-- rollup, view and summary function must equal the same figures recomputed from the raw events,
-- before and after random late inserts, retries, edits (amount, type, instant, owner), deletes and
-- time-zone changes.
begin;
set search_path = public, extensions;
select plan(179);

insert into auth.users (id, email)
select ('dddddddd-0000-4000-8000-00000000000' || i)::uuid, 'diff' || i || '@test' from generate_series(1, 6) i;
insert into public.users (id, email, username)
select ('dddddddd-0000-4000-8000-00000000000' || i)::uuid, 'diff' || i || '@test', 'diff' || i from generate_series(1, 6) i;
insert into public.user_profiles (user_id, time_zone, week_start) values
  ('dddddddd-0000-4000-8000-000000000002', 'America/New_York', 'monday'),
  ('dddddddd-0000-4000-8000-000000000003', 'Europe/Berlin', 'sunday'),
  ('dddddddd-0000-4000-8000-000000000004', 'Asia/Kolkata', 'monday'),
  ('dddddddd-0000-4000-8000-000000000005', 'Asia/Kathmandu', 'sunday'),
  ('dddddddd-0000-4000-8000-000000000006', 'Australia/Adelaide', 'monday');
insert into public.calorie_goals (user_id, daily_calorie_target, goal_type, is_active)
select ('dddddddd-0000-4000-8000-00000000000' || i)::uuid, 1500 + 100 * i + g, 'maintenance', g = 1
  from generate_series(2, 6) i, generate_series(0, 1) g;
insert into public.metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr, is_active)
select ('dddddddd-0000-4000-8000-00000000000' || i)::uuid, 1400 + 10 * i, 2200, 1400 + 10 * i + g, g = 1
  from generate_series(3, 6) i, generate_series(0, 1) g;

create function pg_temp.random_events(p_n integer)
returns table (user_id uuid, event_type varchar, calories_amount numeric, event_timestamp timestamptz)
language sql volatile
as $$
  select ('dddddddd-0000-4000-8000-00000000000' || (1 + floor(random() * 6))::int)::uuid, t.event_type,
         case when t.event_type = 'weight' then round((50 + random() * 50)::numeric, 1) else round((random() * 900)::numeric, 2) end,
         -- two windows with the spring and autumn DST changes of New York, Berlin and Adelaide
         case when random() < 0.5
              then timestamptz '2025-03-01 00:00Z' + random() * interval '45 days'
              else timestamptz '2025-09-28 00:00Z' + random() * interval '45 days' end
    from generate_series(1, p_n) i
    cross join lateral (select case when r < 0.3 then 'consumed' when r < 0.7 then 'burned_exercise' when r < 0.9 then 'burned_bmr' else 'weight' end as event_type
                          from (select random() + i * 0 as r) x) t
$$;

create function pg_temp.exp_buckets(p_user uuid, p_tz text, p_kind text, p_week_start text default 'monday')
returns setof public.calorie_bucket
language sql stable
as $$
  select p_user, b.bucket_start, b.bucket_end, k.local_start, p_tz,
         coalesce(sum(e.calories_amount) filter (where e.event_type <> 'weight'), 0),
         count(*) filter (where e.event_type <> 'weight'),
         avg(e.calories_amount) filter (where e.event_type <> 'weight'),
         min(e.event_timestamp) filter (where e.event_type <> 'weight'),
         max(e.event_timestamp) filter (where e.event_type <> 'weight'),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'consumed'), 0),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_exercise'), 0),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_bmr'), 0),
         count(*) filter (where e.event_type = 'weight'),
         avg(e.calories_amount) filter (where e.event_type = 'weight')
    from public.calorie_events e
    cross join lateral (select e.event_timestamp at time zone p_tz as lt) l
    cross join lateral (
      select case p_kind
               when 'hour' then date_trunc('hour', l.lt)
               when 'day' then date_trunc('day', l.lt)
               when 'week' then (l.lt::date - ((extract(dow from l.lt)::int - case p_week_start when 'sunday' then 0 else 1 end + 7) % 7))::timestamp
               else date_trunc('month', l.lt) end as local_start) k
    cross join lateral (
      select case when p_kind = 'hour' then e.event_timestamp - (l.lt - k.local_start) else k.local_start at time zone p_tz end as bucket_start,
             case p_kind
               when 'hour' then e.event_timestamp - (l.lt - k.local_start) + interval '1 hour'
               when 'day' then (k.local_start + interval '1 day') at time zone p_tz
               when 'week' then (k.local_start + interval '7 days') at time zone p_tz
               else (k.local_start + interval '1 month') at time zone p_tz end as bucket_end) b
   where e.user_id = p_user
   group by b.bucket_start, b.bucket_end, k.local_start
$$;

create function pg_temp.exp_balance(p_user uuid, p_tz text)
returns setof public.calorie_balance_day
language sql stable
as $$
  select p_user, d.day, d.consumed, b.burned, b.src, d.consumed - b.burned, g.target, d.consumed - g.target
    from (select (e.event_timestamp at time zone p_tz)::date as day,
                 coalesce(sum(e.calories_amount) filter (where e.event_type = 'consumed'), 0) as consumed,
                 coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_exercise'), 0) as exercise,
                 coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_bmr'), 0) as bmr,
                 count(*) filter (where e.event_type = 'burned_bmr') as bmr_n
            from public.calorie_events e where e.user_id = p_user group by 1) d
    left join lateral (select cg.daily_calorie_target as target from public.calorie_goals cg where cg.user_id = p_user and cg.is_active) g on true
    left join lateral (select mp.calories_burned_bmr as pb from public.metabolic_profiles mp where mp.user_id = p_user and mp.is_active) m on true
    cross join lateral (
      select case when d.bmr_n > 0 then d.exercise + d.bmr else d.exercise + coalesce(m.pb, 0) end as burned,
             case when d.bmr_n > 0 then 'events' when m.pb is not null then 'profile' else 'none' end as src) b
$$;

-- Rows in one query and not the other (both directions, duplicates counted).
create function pg_temp.diff(a text, b text) returns bigint
language plpgsql
as $$
declare
  n bigint;
begin
  execute format('select count(*) from (((%s) except all (%s)) union all ((%s) except all (%s))) x', a, b, b, a) into n;
  return n;
end
$$;

create function pg_temp.check_all(p_phase text) returns setof text
language plpgsql
as $$
declare
  u record;
  v_other constant text[] := array['America/Los_Angeles', 'Pacific/Chatham', 'Asia/Kathmandu', 'Europe/London', 'America/St_Johns', 'UTC'];
  v_i integer := 0;
  v_range constant text := $r$'2025-01-01 00:00Z', '2026-01-01 00:00Z'$r$;
  v_cols constant text := 'user_id, bucket_start, bucket_end, local_start, time_zone, total_calories, event_count, avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg';
begin
  -- rollups, as the owner
  return next is(pg_temp.diff(
    $q$select user_id, slot_start, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event
         from public.calorie_event_slots$q$,
    $q$select user_id, date_bin('15 minutes', event_timestamp, timestamptz '2000-01-01 00:00Z'),
              coalesce(sum(calories_amount) filter (where event_type = 'consumed'), 0), (count(*) filter (where event_type = 'consumed'))::int,
              coalesce(sum(calories_amount) filter (where event_type = 'burned_exercise'), 0), (count(*) filter (where event_type = 'burned_exercise'))::int,
              coalesce(sum(calories_amount) filter (where event_type = 'burned_bmr'), 0), (count(*) filter (where event_type = 'burned_bmr'))::int,
              coalesce(sum(calories_amount) filter (where event_type = 'weight'), 0), (count(*) filter (where event_type = 'weight'))::int,
              min(event_timestamp) filter (where event_type <> 'weight'), max(event_timestamp) filter (where event_type <> 'weight')
         from public.calorie_events group by 1, 2$q$), 0::bigint, p_phase || ': calorie_event_slots = raw events per 15-minute slot');
  return next is(pg_temp.diff(
    $q$select user_id, day, time_zone, consumed, burned_exercise, burned_bmr, weight_kg_sum, weight_count, total_calories, event_count, first_event, last_event
         from public.daily_calorie_totals where event_count > 0 or weight_count > 0$q$,
    $q$select e.user_id, (e.event_timestamp at time zone z.tz)::date, z.tz,
              coalesce(sum(calories_amount) filter (where event_type = 'consumed'), 0),
              coalesce(sum(calories_amount) filter (where event_type = 'burned_exercise'), 0),
              coalesce(sum(calories_amount) filter (where event_type = 'burned_bmr'), 0),
              coalesce(sum(calories_amount) filter (where event_type = 'weight'), 0), (count(*) filter (where event_type = 'weight'))::int,
              coalesce(sum(calories_amount) filter (where event_type <> 'weight'), 0), (count(*) filter (where event_type <> 'weight'))::int,
              min(event_timestamp) filter (where event_type <> 'weight'), max(event_timestamp) filter (where event_type <> 'weight')
         from public.calorie_events e left join public.user_profiles p on p.user_id = e.user_id
         cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
        group by 1, 2, 3$q$), 0::bigint, p_phase || ': daily_calorie_totals = raw events per local day in the profile zone');
  return next is((select count(*) from public.daily_calorie_totals t left join public.user_profiles p on p.user_id = t.user_id
                   where t.time_zone <> coalesce(p.time_zone, 'UTC')
                      or (t.event_count = 0 and t.weight_count = 0
                          and (t.consumed <> 0 or t.burned_exercise <> 0 or t.burned_bmr <> 0 or t.weight_kg_sum <> 0 or t.first_event is not null))),
    0::bigint, p_phase || ': daily_calorie_totals rows are all in the profile zone, emptied rows fully zeroed');
  return next is(pg_temp.diff(
    $q$select user_id, month, time_zone, consumed, burned_exercise, burned_bmr, weight_kg_sum, weight_count, total_calories, event_count, first_event, last_event
         from public.monthly_calorie_totals where event_count > 0 or weight_count > 0$q$,
    $q$select e.user_id, date_trunc('month', e.event_timestamp at time zone z.tz)::date, z.tz,
              coalesce(sum(calories_amount) filter (where event_type = 'consumed'), 0),
              coalesce(sum(calories_amount) filter (where event_type = 'burned_exercise'), 0),
              coalesce(sum(calories_amount) filter (where event_type = 'burned_bmr'), 0),
              coalesce(sum(calories_amount) filter (where event_type = 'weight'), 0), (count(*) filter (where event_type = 'weight'))::int,
              coalesce(sum(calories_amount) filter (where event_type <> 'weight'), 0), (count(*) filter (where event_type <> 'weight'))::int,
              min(event_timestamp) filter (where event_type <> 'weight'), max(event_timestamp) filter (where event_type <> 'weight')
         from public.calorie_events e left join public.user_profiles p on p.user_id = e.user_id
         cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
        group by 1, 2, 3$q$), 0::bigint, p_phase || ': monthly_calorie_totals = raw events per local month in the profile zone');
  return next is((select count(*) from public.monthly_calorie_totals m left join public.user_profiles p on p.user_id = m.user_id
                   where m.time_zone <> coalesce(p.time_zone, 'UTC')
                      or not exists (select 1 from public.daily_calorie_totals t where t.user_id = m.user_id
                                        and t.day >= m.month and t.day < (m.month + interval '1 month')::date)),
    0::bigint, p_phase || ': monthly_calorie_totals rows are all in the profile zone, each with days');

  -- views, as the owner (every user at once)
  return next is(pg_temp.diff(
    $q$select user_id, hour_bucket, local_hour, time_zone, total_calories, event_count, avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg from public.hourly_calorie_summary$q$,
    $q$select b.user_id, b.bucket_start, b.local_start, b.time_zone, b.total_calories, b.event_count, b.avg_calories_per_event, b.first_event, b.last_event, b.consumed, b.burned_exercise, b.burned_bmr, b.weight_count, b.avg_weight_kg
         from public.users u left join public.user_profiles p on p.user_id = u.id
         cross join lateral pg_temp.exp_buckets(u.id, coalesce(p.time_zone, 'UTC'), 'hour') b$q$), 0::bigint, p_phase || ': hourly_calorie_summary = raw');
  return next is(pg_temp.diff(
    $q$select user_id, day_bucket, day, time_zone, total_calories, event_count, avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg from public.daily_calorie_summary$q$,
    $q$select b.user_id, b.bucket_start, b.local_start::date, b.time_zone, b.total_calories, b.event_count, b.avg_calories_per_event, b.first_event, b.last_event, b.consumed, b.burned_exercise, b.burned_bmr, b.weight_count, b.avg_weight_kg
         from public.users u left join public.user_profiles p on p.user_id = u.id
         cross join lateral pg_temp.exp_buckets(u.id, coalesce(p.time_zone, 'UTC'), 'day') b$q$), 0::bigint, p_phase || ': daily_calorie_summary = raw');
  return next is(pg_temp.diff(
    $q$select user_id, week_bucket, week_start, time_zone, total_calories, event_count, avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg from public.weekly_calorie_summary$q$,
    $q$select b.user_id, b.bucket_start, b.local_start::date, b.time_zone, b.total_calories, b.event_count, b.avg_calories_per_event, b.first_event, b.last_event, b.consumed, b.burned_exercise, b.burned_bmr, b.weight_count, b.avg_weight_kg
         from public.users u left join public.user_profiles p on p.user_id = u.id
         cross join lateral pg_temp.exp_buckets(u.id, coalesce(p.time_zone, 'UTC'), 'week', coalesce(p.week_start, 'monday')) b$q$), 0::bigint, p_phase || ': weekly_calorie_summary = raw');
  return next is(pg_temp.diff(
    $q$select user_id, month_bucket, month_start, time_zone, total_calories, event_count, avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg from public.monthly_calorie_summary$q$,
    $q$select b.user_id, b.bucket_start, b.local_start::date, b.time_zone, b.total_calories, b.event_count, b.avg_calories_per_event, b.first_event, b.last_event, b.consumed, b.burned_exercise, b.burned_bmr, b.weight_count, b.avg_weight_kg
         from public.users u left join public.user_profiles p on p.user_id = u.id
         cross join lateral pg_temp.exp_buckets(u.id, coalesce(p.time_zone, 'UTC'), 'month') b$q$), 0::bigint, p_phase || ': monthly_calorie_summary = raw');
  return next is(pg_temp.diff(
    $q$select user_id, day, calories_consumed, calories_burned, bmr_source, net_balance, daily_calorie_target, target_variance from public.calorie_balance_summary$q$,
    $q$select b.* from public.users u left join public.user_profiles p on p.user_id = u.id
         cross join lateral pg_temp.exp_balance(u.id, coalesce(p.time_zone, 'UTC')) b$q$), 0::bigint, p_phase || ': calorie_balance_summary = raw');

  -- functions, as each user through RLS, in the profile zone and in another zone
  for u in select us.id, coalesce(p.time_zone, 'UTC') as tz, coalesce(p.week_start, 'monday') as ws
             from public.users us left join public.user_profiles p on p.user_id = us.id
            where us.id::text like 'dddddddd-%' order by us.id loop
    v_i := v_i + 1;
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', json_build_object('sub', u.id, 'role', 'authenticated')::text, true);
    return next is(pg_temp.diff(format('select %s from public.hourly_summary(%s)', v_cols, v_range),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, u.tz, 'hour')), 0::bigint, format('%s: user %s hourly_summary (%s) = raw', p_phase, v_i, u.tz));
    return next is(pg_temp.diff(format('select %s from public.daily_summary(%s)', v_cols, v_range),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, u.tz, 'day')), 0::bigint, format('%s: user %s daily_summary = raw', p_phase, v_i));
    return next is(pg_temp.diff(format('select %s from public.weekly_summary(%s)', v_cols, v_range),
      format('select * from pg_temp.exp_buckets(%L, %L, %L, %L)', u.id, u.tz, 'week', u.ws)), 0::bigint, format('%s: user %s weekly_summary (%s) = raw', p_phase, v_i, u.ws));
    return next is(pg_temp.diff(format('select %s from public.monthly_summary(%s)', v_cols, v_range),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, u.tz, 'month')), 0::bigint, format('%s: user %s monthly_summary = raw', p_phase, v_i));
    return next is(pg_temp.diff(format('select * from public.calorie_balance(%s)', v_range),
      format('select * from pg_temp.exp_balance(%L, %L)', u.id, u.tz)), 0::bigint, format('%s: user %s calorie_balance = raw', p_phase, v_i));
    return next is(pg_temp.diff(format('select %s from public.hourly_summary(%s, %L)', v_cols, v_range, v_other[v_i]),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, v_other[v_i], 'hour')), 0::bigint, format('%s: user %s hourly_summary in %s = raw', p_phase, v_i, v_other[v_i]));
    return next is(pg_temp.diff(format('select %s from public.daily_summary(%s, %L)', v_cols, v_range, v_other[v_i]),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, v_other[v_i], 'day')), 0::bigint, format('%s: user %s daily_summary in %s = raw', p_phase, v_i, v_other[v_i]));
    return next is(pg_temp.diff(format('select %s from public.monthly_summary(%s, %L)', v_cols, v_range, v_other[v_i]),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, v_other[v_i], 'month')), 0::bigint, format('%s: user %s monthly_summary in %s = raw', p_phase, v_i, v_other[v_i]));
    -- The profile's zone passed explicitly reads the profile-zone rows too.
    return next is(pg_temp.diff(format('select %s from public.hourly_summary(%s, %L)', v_cols, v_range, u.tz),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, u.tz, 'hour')), 0::bigint, format('%s: user %s hourly_summary in its profile zone %s, passed = raw', p_phase, v_i, u.tz));
    return next is(pg_temp.diff(format('select %s from public.daily_summary(%s, %L)', v_cols, v_range, u.tz),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, u.tz, 'day')), 0::bigint, format('%s: user %s daily_summary in its profile zone, passed = raw', p_phase, v_i));
    return next is(pg_temp.diff(format('select %s from public.monthly_summary(%s, %L)', v_cols, v_range, u.tz),
      format('select * from pg_temp.exp_buckets(%L, %L, %L)', u.id, u.tz, 'month')), 0::bigint, format('%s: user %s monthly_summary in its profile zone, passed = raw', p_phase, v_i));
    return next is(pg_temp.diff(format('select %s from public.weekly_summary(%s, %L, %L)', v_cols, v_range, v_other[v_i], 'sunday'),
      format('select * from pg_temp.exp_buckets(%L, %L, %L, %L)', u.id, v_other[v_i], 'week', 'sunday')), 0::bigint, format('%s: user %s weekly_summary in %s, sunday = raw', p_phase, v_i, v_other[v_i]));
    return next is(pg_temp.diff(format('select * from public.calorie_balance(%s, %L)', v_range, v_other[v_i]),
      format('select * from pg_temp.exp_balance(%L, %L)', u.id, v_other[v_i])), 0::bigint, format('%s: user %s calorie_balance in %s = raw', p_phase, v_i, v_other[v_i]));
    perform set_config('role', 'postgres', true);
  end loop;
end
$$;

-- Phase 1: bulk and small inserts, as the owner and as the users themselves
select setseed(0.4242);
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp) select * from pg_temp.random_events(15000);
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp) select * from pg_temp.random_events(5000);
-- bursts: several events in the same slot
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
select user_id, event_type, calories_amount, event_timestamp + (k * interval '61 seconds')
  from pg_temp.random_events(1000), generate_series(1, 4) k;
do $$
declare
  i integer;
begin
  for i in 1..40 loop
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', json_build_object('sub', 'dddddddd-0000-4000-8000-00000000000' || (1 + i % 6), 'role', 'authenticated')::text, true);
    insert into public.calorie_events (event_type, calories_amount, event_timestamp)
    select event_type, calories_amount, event_timestamp from pg_temp.random_events(50);
    perform set_config('role', 'postgres', true);
  end loop;
end
$$;
select * from pg_temp.check_all('after inserts');

-- Phase 2: late inserts, retries, edits, deletes, zone and goal changes
select setseed(0.1717);
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
select e.user_id, e.event_type, e.calories_amount, e.event_timestamp + random() * interval '10 minutes'
  from public.calorie_events e where random() < 0.05;
insert into public.calorie_events (id, user_id, event_type, calories_amount, event_timestamp)
select e.id, e.user_id, e.event_type, e.calories_amount + 1, e.event_timestamp from public.calorie_events e where random() < 0.02
union all
select gen_random_uuid(), r.* from pg_temp.random_events(100) r
on conflict (id) do nothing;
update public.calorie_events set calories_amount = round((random() * 900)::numeric, 2)
 where event_type <> 'weight' and random() < 0.05;
update public.calorie_events set event_timestamp = event_timestamp + (random() - 0.5) * interval '6 days' where random() < 0.03;
update public.calorie_events set event_type = 'weight', calories_amount = 70.5 where event_type = 'consumed' and random() < 0.02;
update public.calorie_events set event_type = 'burned_bmr' where event_type = 'weight' and random() < 0.05;
update public.calorie_events set metadata = '{"edited": true}' where random() < 0.02;
update public.calorie_events set user_id = 'dddddddd-0000-4000-8000-000000000001'
 where user_id = 'dddddddd-0000-4000-8000-000000000004' and random() < 0.02;
delete from public.calorie_events where random() < 0.07;
-- a whole slot and a whole local day
delete from public.calorie_events e using (select user_id, event_timestamp from public.calorie_events limit 1) x
 where e.user_id = x.user_id and date_bin('15 minutes', e.event_timestamp, timestamptz '2000-01-01 00:00Z') = date_bin('15 minutes', x.event_timestamp, timestamptz '2000-01-01 00:00Z');
delete from public.calorie_events
 where user_id = 'dddddddd-0000-4000-8000-000000000003' and (event_timestamp at time zone 'Europe/Berlin')::date = '2025-03-30';
-- as a user, through RLS
do $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', 'dddddddd-0000-4000-8000-000000000005', 'role', 'authenticated')::text, true);
  update public.calorie_events set event_timestamp = event_timestamp + interval '20 hours' where random() < 0.1;
  delete from public.calorie_events where random() < 0.1;
  perform set_config('role', 'postgres', true);
end
$$;
update public.user_profiles set time_zone = 'Asia/Tokyo' where user_id = 'dddddddd-0000-4000-8000-000000000003';
delete from public.user_profiles where user_id = 'dddddddd-0000-4000-8000-000000000002';
insert into public.user_profiles (user_id, time_zone, week_start) values ('dddddddd-0000-4000-8000-000000000001', 'Pacific/Chatham', 'sunday');
update public.calorie_goals set is_active = true where user_id = 'dddddddd-0000-4000-8000-000000000004' and not is_active;
update public.metabolic_profiles set is_active = false where user_id = 'dddddddd-0000-4000-8000-000000000005';
select * from pg_temp.check_all('after edits');

-- Phase 3: a rebuild from scratch gives the same rollups
create temp table slots_before as select * from public.calorie_event_slots;
create temp table months_before as select user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event
  from public.monthly_calorie_totals where event_count > 0 or weight_count > 0;
create temp table days_before as select user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event
  from public.daily_calorie_totals where event_count > 0 or weight_count > 0;
select private.rebuild_calorie_rollups();
select is(pg_temp.diff('select * from public.calorie_event_slots', 'select * from slots_before'), 0::bigint,
  'rebuild_calorie_rollups() reproduces the trigger-maintained slots');
select is(pg_temp.diff('select user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event from public.daily_calorie_totals',
                       'select * from days_before'), 0::bigint,
  'rebuild_calorie_rollups() reproduces the trigger-maintained daily totals');
select is(pg_temp.diff('select user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event from public.monthly_calorie_totals',
                       'select * from months_before'), 0::bigint,
  'rebuild_calorie_rollups() reproduces the trigger-maintained monthly totals');

select * from finish();
rollback;
