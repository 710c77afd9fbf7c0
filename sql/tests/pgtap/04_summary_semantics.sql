-- Summary semantics: DST days, local day edges, weeks, months, weight vs calories, the balance,
-- parameter errors, and the seed's "Migration Validation" queries run verbatim.
begin;
set search_path = public, extensions;
select plan(38);

insert into auth.users (id, email) values ('cccccccc-0000-4000-8000-000000000001', 'dst@test'), ('cccccccc-0000-4000-8000-000000000002', 'bal@test');
insert into public.users (id, email, username) values
  ('cccccccc-0000-4000-8000-000000000001', 'dst@test', 'dst_t'), ('cccccccc-0000-4000-8000-000000000002', 'bal@test', 'bal_t');
-- one consumed event every 15 minutes through March and November 2025, and October in Berlin
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
select 'cccccccc-0000-4000-8000-000000000001'::uuid, 'consumed', 1, ts
  from generate_series(timestamptz '2025-03-01 00:00Z', '2025-04-01 00:00Z', interval '15 minutes') ts
union all
select 'cccccccc-0000-4000-8000-000000000001'::uuid, 'consumed', 1, ts
  from generate_series(timestamptz '2025-10-20 00:00Z', '2025-11-10 00:00Z', interval '15 minutes') ts;

set local role authenticated;
select set_config('request.jwt.claims', '{"sub":"cccccccc-0000-4000-8000-000000000001","role":"authenticated"}', true);

select is((select count(*) from hourly_summary('2025-11-02 00:00 America/New_York', '2025-11-03 00:00 America/New_York', 'America/New_York')),
  25::bigint, 'New York 2025-11-02 (25 h): 25 hourly buckets');
select is((select array_agg(bucket_start order by bucket_start) from hourly_summary('2025-11-02 00:00 America/New_York', '2025-11-03 00:00 America/New_York', 'America/New_York') where local_start = '2025-11-02 01:00'),
  array['2025-11-02 05:00Z', '2025-11-02 06:00Z']::timestamptz[], '... the repeated 01:00 hour appears twice, with different bucket_start');
select is((select count(*) from hourly_summary('2025-03-09 00:00 America/New_York', '2025-03-10 00:00 America/New_York', 'America/New_York')),
  23::bigint, 'New York 2025-03-09 (23 h): 23 hourly buckets');
select is((select count(*) from hourly_summary('2025-03-09 00:00 America/New_York', '2025-03-10 00:00 America/New_York', 'America/New_York') where local_start = '2025-03-09 02:00'),
  0::bigint, '... and no 02:00 bucket');
select is((select count(*) from hourly_summary('2025-10-26 00:00 Europe/Berlin', '2025-10-27 00:00 Europe/Berlin', 'Europe/Berlin')),
  25::bigint, 'Berlin 2025-10-26: 25 hourly buckets');
select is((select count(*) from hourly_summary('2025-03-30 00:00 Europe/Berlin', '2025-03-31 00:00 Europe/Berlin', 'Europe/Berlin')),
  23::bigint, 'Berlin 2025-03-30: 23 hourly buckets');
select is((select array_agg(event_count order by bucket_start) from daily_summary('2025-11-01 00:00 America/New_York', '2025-11-04 00:00 America/New_York', 'America/New_York')),
  array[96, 100, 96]::bigint[], 'daily totals count every event of a 25-hour day once (100 quarter hours)');
select is((select array_agg(event_count order by bucket_start) from daily_summary('2025-03-09 00:00 America/New_York', '2025-03-10 00:00 America/New_York', 'America/New_York')),
  array[92]::bigint[], '... and of a 23-hour day (92 quarter hours)');
select is((select bucket_end - bucket_start from daily_summary('2025-11-02 00:00 America/New_York', '2025-11-03 00:00 America/New_York', 'America/New_York')),
  interval '25 hours', 'a 25-hour day''s bucket is 25 hours long');
select is((select array_agg(event_count order by bucket_start) from hourly_summary('2025-03-10 00:00 Asia/Kathmandu', '2025-03-10 03:00 Asia/Kathmandu', 'Asia/Kathmandu')),
  array[4, 4, 4]::bigint[], 'Kathmandu (+05:45) hours are whole local hours of 4 quarter hours');
select is((select local_start from hourly_summary('2025-03-10 00:00 Asia/Kathmandu', '2025-03-10 01:00 Asia/Kathmandu', 'Asia/Kathmandu')),
  '2025-03-10 00:00'::timestamp, '... labelled with their local wall time');
select is((select bucket_start from daily_summary('2025-03-10 00:00 Asia/Kolkata', '2025-03-11 00:00 Asia/Kolkata', 'Asia/Kolkata')),
  '2025-03-09 18:30Z'::timestamptz, 'a Kolkata day starts at 18:30 UTC the evening before');
select is((select count(*) from daily_summary('2025-03-10 00:00Z', '2025-03-10 00:00Z')), 0::bigint, 'an empty range returns nothing');
select is((select count(*) from daily_summary('2025-03-10 00:00Z', '2025-03-10 00:00:01Z')), 1::bigint,
  'a bucket is returned when its start lies in [p_from, p_to)');
select is((select count(*) from daily_summary('2025-02-01', '2025-03-01')), 0::bigint, 'days without events are omitted');

-- weeks: 2024-12-30 is ISO week 2025-W01; the profile's week_start and p_week_start
select is((select array_agg(local_start::date order by bucket_start) from weekly_summary('2025-03-01', '2025-03-20')),
  array['2025-03-03', '2025-03-10', '2025-03-17']::date[], 'weeks start on Monday by default');
select is((select array_agg(local_start::date order by bucket_start) from weekly_summary('2025-03-01', '2025-03-20', null, 'sunday')),
  array['2025-03-02', '2025-03-09', '2025-03-16']::date[], 'p_week_start => sunday');
insert into user_profiles (time_zone, week_start) values ('Europe/Berlin', 'sunday');
select is((select array_agg(local_start::date order by bucket_start) from weekly_summary('2025-03-01', '2025-03-20')),
  array['2025-03-02', '2025-03-09', '2025-03-16']::date[], 'the profile''s week_start is honoured');
select is((select array_agg(local_start::date order by bucket_start) from weekly_summary('2025-03-01', '2025-03-20', null, 'monday')),
  array['2025-03-03', '2025-03-10', '2025-03-17']::date[], '... and p_week_start overrides it');
select is((select time_zone from daily_summary('2025-03-10', '2025-03-12') limit 1), 'Europe/Berlin', 'without p_tz the profile zone is used');
select is((select event_count from weekly_calorie_summary where week_bucket = '2025-03-23 00:00 Europe/Berlin'), 7 * 96::bigint,
  'the weekly view buckets in the profile zone and week start (Sunday 2025-03-23, local midnight to midnight)');
select is((select array_agg(event_count order by bucket_start) from monthly_summary('2025-03-01 00:00 Europe/Berlin', '2025-04-01 00:00 Europe/Berlin')),
  array[31 * 96 - 4 - 4]::bigint[], 'March in Berlin: every quarter hour from local midnight to midnight (23-hour day included)');
-- A zone ahead of UTC: Auckland's 2025-03-11 starts at 2025-03-10 11:00Z, on the previous UTC date.
update user_profiles set time_zone = 'Pacific/Auckland';
select is((select array_agg(local_start::date) from daily_summary('2025-03-10 11:00Z', '2025-03-10 11:00:01Z')),
  array['2025-03-11']::date[], 'a range ending just after a local midnight that falls on the previous UTC date includes that day');
reset role;

-- weight is not calories; the balance ---------------------------------------------------------
insert into public.user_profiles (user_id, time_zone) values ('cccccccc-0000-4000-8000-000000000002', 'Europe/Rome');
insert into public.calorie_goals (user_id, daily_calorie_target, goal_type, is_active) values
  ('cccccccc-0000-4000-8000-000000000002', 1800, 'weight_loss', false),
  ('cccccccc-0000-4000-8000-000000000002', 2000, 'weight_loss', true);
insert into public.metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr, is_active) values
  ('cccccccc-0000-4000-8000-000000000002', 1500, 2200, 1500, false),
  ('cccccccc-0000-4000-8000-000000000002', 1600, 2400, 1600, true);
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp) values
  ('cccccccc-0000-4000-8000-000000000002', 'consumed', 800, '2025-05-10 08:00 Europe/Rome'),
  ('cccccccc-0000-4000-8000-000000000002', 'consumed', 1400, '2025-05-10 20:00 Europe/Rome'),
  ('cccccccc-0000-4000-8000-000000000002', 'burned_exercise', 300, '2025-05-10 18:00 Europe/Rome'),
  ('cccccccc-0000-4000-8000-000000000002', 'weight', 80.5, '2025-05-10 07:00 Europe/Rome'),
  ('cccccccc-0000-4000-8000-000000000002', 'consumed', 1000, '2025-05-11 12:00 Europe/Rome'),
  ('cccccccc-0000-4000-8000-000000000002', 'burned_bmr', 1550, '2025-05-11 00:30 Europe/Rome'),
  ('cccccccc-0000-4000-8000-000000000002', 'weight', 80.1, '2025-05-12 07:00 Europe/Rome');
set local role authenticated;
select set_config('request.jwt.claims', '{"sub":"cccccccc-0000-4000-8000-000000000002","role":"authenticated"}', true);
select row_eq($$select total_calories, event_count, weight_count, avg_weight_kg, first_event from daily_summary('2025-05-10 00:00 Europe/Rome', '2025-05-11 00:00 Europe/Rome')$$,
  row(2500.00::numeric, 3::bigint, 1::bigint, 80.5::numeric, '2025-05-10 08:00 Europe/Rome'::timestamptz),
  'weight events are not summed as calories nor counted as calorie events');
select row_eq($$select total_calories, event_count, avg_calories_per_event, weight_count from daily_summary('2025-05-12 00:00 Europe/Rome', '2025-05-13 00:00 Europe/Rome')$$,
  row(0::numeric, 0::bigint, null::numeric, 1::bigint), 'a weight-only day is listed with zero calories');
select results_eq($$select day, calories_consumed, calories_burned, bmr_source, net_balance, daily_calorie_target, target_variance
                      from calorie_balance('2025-05-01', '2025-06-01') order by day$$,
  $$values ('2025-05-10'::date, 2200.00::numeric, 1900.00::numeric, 'profile'::text, 300.00::numeric, 2000, 200.00::numeric),
           ('2025-05-11'::date, 1000.00::numeric, 1550.00::numeric, 'events'::text, -550.00::numeric, 2000, -1000.00::numeric),
           ('2025-05-12'::date, 0::numeric, 1600.00::numeric, 'profile'::text, -1600.00::numeric, 2000, -2000.00::numeric)$$,
  'balance: one row per day; burned = exercise + BMR events, else the active profile''s BMR; target from the active goal');
select results_eq($$select day, calories_consumed, calories_burned, bmr_source, net_balance, daily_calorie_target, target_variance
                      from calorie_balance_summary order by day$$,
  $$select day, calories_consumed, calories_burned, bmr_source, net_balance, daily_calorie_target, target_variance
      from calorie_balance('2025-05-01', '2025-06-01') order by day$$,
  'the balance view agrees with the function (one row per day despite goal/profile history)');
update calorie_goals set is_active = false;
delete from metabolic_profiles;
select results_eq($$select day, calories_burned, bmr_source, daily_calorie_target, target_variance from calorie_balance('2025-05-10 00:00 Europe/Rome', '2025-05-11 00:00 Europe/Rome')$$,
  $$values ('2025-05-10'::date, 300.00::numeric, 'none'::text, null::integer, null::numeric)$$,
  'without a goal or metabolic profile: bmr_source none, no target');
select is((select bmr_source from calorie_balance('2025-05-10 00:00Z', '2025-05-11 00:00Z', 'UTC')), 'events',
  'the BMR event at 00:30 on 11 May in Rome is 22:30 UTC on 10 May: p_tz re-buckets the days');
select is((select calories_burned from calorie_balance('2025-05-10 00:00Z', '2025-05-11 00:00Z', 'UTC')), 1850.00::numeric, '... burned = exercise + BMR events of the UTC day');

-- parameter errors: 22023 naming the parameter
select throws_like($$select * from daily_summary('2025-01-01', '2025-02-01', 'Mars/Base')$$, 'p_tz: unknown time zone%', 'unknown p_tz');
select throws_ok($$select * from hourly_summary('2025-01-01', '2025-02-01', 'Nowhere')$$, '22023', null, '... is SQLSTATE 22023');
select throws_like($$select * from weekly_summary('2025-01-01', '2025-02-01', null, 'friday')$$, 'p_week_start:%', 'unknown p_week_start');
select throws_ok($$select * from monthly_summary('2025-02-01', '2025-01-01')$$, '22023', null, 'p_to before p_from: 22023');
select throws_ok($$select * from calorie_balance(null, '2025-01-01')$$, '22023', null, 'missing p_from: 22023');
reset role;

-- The seed's "Migration Validation" queries, verbatim, as the database owner
select results_eq($$
SELECT 'users' as table_name, COUNT(*) as count FROM users
UNION ALL
SELECT 'user_profiles', COUNT(*) FROM user_profiles  
UNION ALL
SELECT 'calorie_goals', COUNT(*) FROM calorie_goals
UNION ALL
SELECT 'metabolic_profiles', COUNT(*) FROM metabolic_profiles
UNION ALL  
SELECT 'calorie_events', COUNT(*) FROM calorie_events;
$$, $$values ('users'::text, (select count(*) from public.users)), ('user_profiles', (select count(*) from public.user_profiles)),
             ('calorie_goals', 2::bigint + (select count(*) from public.calorie_goals where user_id <> 'cccccccc-0000-4000-8000-000000000002')),
             ('metabolic_profiles', (select count(*) from public.metabolic_profiles)),
             ('calorie_events', (select count(*) from public.calorie_events))$$,
  'seed validation: record counts');
select results_eq($$
SELECT user_id, COUNT(*) as event_count 
FROM calorie_events 
GROUP BY user_id 
ORDER BY event_count DESC 
LIMIT 5;
$$, $$select 'cccccccc-0000-4000-8000-000000000001'::uuid, (96 * 31 + 1 + 96 * 21 + 1)::bigint
      union all select 'cccccccc-0000-4000-8000-000000000002', 7$$,
  'seed validation: events per user');
select results_eq($$
SELECT * FROM daily_calorie_summary 
ORDER BY day_bucket DESC 
LIMIT 10;
$$, $$select e.user_id, d.day::timestamp at time zone d.tz, coalesce(sum(e.calories_amount) filter (where e.event_type <> 'weight'), 0),
             count(*) filter (where e.event_type <> 'weight'), avg(e.calories_amount) filter (where e.event_type <> 'weight'),
             min(e.event_timestamp) filter (where e.event_type <> 'weight'), max(e.event_timestamp) filter (where e.event_type <> 'weight'),
             d.tz, d.day,
             coalesce(sum(e.calories_amount) filter (where e.event_type = 'consumed'), 0),
             coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_exercise'), 0),
             coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_bmr'), 0),
             count(*) filter (where e.event_type = 'weight'), avg(e.calories_amount) filter (where e.event_type = 'weight')
        from calorie_events e
        left join user_profiles p on p.user_id = e.user_id
        cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
        cross join lateral (select (e.event_timestamp at time zone z.tz)::date as day, z.tz) d
       group by e.user_id, d.day, d.tz
       order by 2 desc limit 10$$,
  'seed validation: the last ten days of daily_calorie_summary equal a recomputation from the raw events');

select * from finish();
rollback;
