-- Generate a legacy database (the seed plan's Step 2 schema) for the data-migration tests and
-- benchmark. Set-based: 1M events take a few seconds.
--
--   psql LEGACY_URL -f sql/bench/seed_schema_tables.sql
--   psql LEGACY_URL -v users=1000 -v days=6 -f sql/migrate/generate_legacy.sql
--
-- Variables: users (default 1000), days (default 6): users x days x 167 events (default 1,002,000).
-- Besides the bulk rows it writes fixed edge cases with well-known ids (prefix
-- 'eeeeeeee-0000-4000-8000-'), which the test suite checks one by one:
--   * zero kcal, 0.01 kcal, 24999.99 kcal (the target's maximum), weight 0.01 and 999.99 kg;
--   * wall-clock times inside the Europe/Rome spring-forward gap (2025-03-30 02:00-03:00) and
--     inside the fall-back overlap (2025-10-26 02:00-03:00), and the same for America/New_York;
--   * legacy event-type spellings ('Meal', ' food ', 'WORKOUT', 'Basal', 'weigh_in', ...);
--   * unicode in metadata (accents, CJK, emoji, right-to-left, combining marks, escapes), null
--     metadata, nested objects;
--   * users without a profile; a user with two active goals and two active metabolic profiles
--     (one pair tied on created_at); null created_at / updated_at / is_active / calculated_at.
\set ON_ERROR_STOP 1
\if :{?users}
\else
  \set users 1000
\endif
\if :{?days}
\else
  \set days 6
\endif

begin;
set local synchronous_commit = off;

-- Users: bulk ones with deterministic ids derived from their number.
insert into users (id, email, username, created_at, updated_at)
select md5('legacy-user-' || u)::uuid,
       'user' || u || '@legacy.example',
       'user_' || u,
       timestamp '2023-01-01' + (u % 500) * interval '1 day' + (u % 1440) * interval '1 minute',
       timestamp '2023-06-01' + (u % 500) * interval '1 day'
  from generate_series(1, :users) u;

-- Profiles for 9 users out of 10 (the others have none).
insert into user_profiles (user_id, height_cm, weight_kg, age, gender, activity_level, created_at, updated_at)
select md5('legacy-user-' || u)::uuid,
       150 + (u % 50) + 0.25, 50 + (u % 60) + 0.5, 18 + (u % 60),
       (array['male', 'female', 'other'])[1 + u % 3]::gender,
       (array['sedentary', 'lightly_active', 'moderately_active', 'very_active', 'extra_active'])[1 + u % 5]::activity_level,
       timestamp '2023-02-01' + (u % 300) * interval '1 day',
       timestamp '2023-08-01' + (u % 300) * interval '1 day'
  from generate_series(1, :users) u
 where u % 10 <> 0;

-- Goals: one active per user, plus an older inactive one for every third user.
insert into calorie_goals (user_id, daily_calorie_target, goal_type, target_weight_kg, target_date, is_active, created_at, updated_at)
select md5('legacy-user-' || u)::uuid, 1500 + (u % 1500), (array['weight_loss', 'weight_gain', 'maintenance'])[1 + u % 3]::goal_type,
       case when u % 2 = 0 then 60 + (u % 30) + 0.75 end, date '2026-01-01' + (u % 365), true,
       timestamp '2024-01-01' + (u % 200) * interval '1 hour', timestamp '2024-01-02' + (u % 200) * interval '1 hour'
  from generate_series(1, :users) u
union all
select md5('legacy-user-' || u)::uuid, 2000, 'maintenance', null, null, false,
       timestamp '2023-01-01', timestamp '2023-01-01'
  from generate_series(1, :users) u
 where u % 3 = 0;

insert into metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr, calories_burned_activities, calculated_at, is_active, created_at, updated_at)
select md5('legacy-user-' || u)::uuid, 1400 + (u % 600) + 0.25, 2000 + (u % 900) + 0.5, 1400 + (u % 600) + 0.25,
       case when u % 4 = 0 then null else (u % 700) + 0.75 end,
       timestamp '2024-02-01' + (u % 100) * interval '1 day', true,
       timestamp '2024-02-01' + (u % 100) * interval '1 day', timestamp '2024-02-01' + (u % 100) * interval '1 day'
  from generate_series(1, :users) u
 where u % 7 <> 0;

-- Bulk events: a high-frequency device per user, :days consecutive days each from a per-user
-- start in 2024-2025, 167 events a day as in sql/bench (hourly BMR, exercise samples every ~9
-- minutes, 12 meals, one weigh-in); about 1 % spelled the legacy ways.
insert into calorie_events (id, user_id, event_type, calories_amount, event_timestamp, metadata, created_at)
select md5('legacy-event-' || g)::uuid,
       md5('legacy-user-' || u)::uuid,
       case
         when g % 97 = 0 and n <> 166 then (array['Meal', ' food ', 'INTAKE', 'consumption', 'workout', 'Exercise', 'activity',
                                     'bmr', 'Basal', 'BURNED_EXERCISE'])[1 + (g / 97) % 10]
         when g % 97 = 0 then (array['weigh_in', 'Body_Weight'])[1 + (g / 97) % 2]
         when n < 24 then 'burned_bmr'
         when n < 154 then 'burned_exercise'
         when n < 166 then 'consumed'
         else 'weight'
       end,
       case
         when n < 24 then 50 + (g % 3000) / 100.0
         when n < 154 then (g % 2500) / 100.0
         when n < 166 then (g % 120000) / 100.0
         else 45 + (g % 7000) / 100.0
       end,
       ts,
       case when g % 5 = 0 then jsonb_build_object('device', 'band-' || (u % 17), 'seq', g)
            when g % 5 = 1 then '{}'::jsonb
            when g % 5 = 2 then jsonb_build_object('note', 'pasto ' || (g % 13))
            when g % 5 = 3 then null
            else jsonb_build_object('hr', 60 + g % 100, 'tags', jsonb_build_array('a', g % 3)) end,
       ts + (g % 300) * interval '1 second'
  from (
    select g, u, n,
           timestamp '2024-01-01' + ((u * 37) % 700 + d) * interval '1 day'
             + case when n < 24 then n * interval '1 hour' + interval '5 minutes'
                    when n < 154 then (n - 24) * interval '11 minutes' + (u % 7) * interval '1 minute'
                    when n < 166 then interval '7 hours' + (n - 154) * interval '75 minutes'
                    else interval '6 hours 55 minutes' end
             + (g % 60) * interval '1 second' as ts
      from (select g, 1 + (g - 1) % :users as u, ((g - 1) / :users) % 167 as n, (g - 1) / (:users * 167) as d
              from generate_series(1, :users * :days * 167) g) s
  ) x;

-- Edge cases ------------------------------------------------------------------------------------
insert into users (id, email, username, created_at, updated_at) values
  ('eeeeeeee-0000-4000-8000-000000000001', 'edge.noprofile@legacy.example', 'edge_noprofile', timestamp '2024-03-31 02:30:00', timestamp '2024-10-27 02:30:00'),
  ('eeeeeeee-0000-4000-8000-000000000002', 'edge.twogoals@legacy.example', 'edge_twogoals', '2024-01-01 10:00', '2024-01-01 10:00'),
  ('eeeeeeee-0000-4000-8000-000000000003', 'edge.nulls+ünï@legacy.example', 'edge_nulls_ünï', null, null),
  ('eeeeeeee-0000-4000-8000-000000000004', 'edge.dst@legacy.example', 'edge_dst', '2024-01-01 00:00', null);

insert into user_profiles (id, user_id, height_cm, weight_kg, age, gender, activity_level, created_at, updated_at) values
  ('eeeeeeee-0000-4000-8000-0000000000a2', 'eeeeeeee-0000-4000-8000-000000000002', 999.99 / 10, 999.99, 149, 'other', 'extra_active', '2024-01-01', '2024-01-02'),
  ('eeeeeeee-0000-4000-8000-0000000000a3', 'eeeeeeee-0000-4000-8000-000000000003', null, null, null, null, null, null, null);

-- Two active goals (newest wins), and two active metabolic profiles tied on created_at (greater id wins).
insert into calorie_goals (id, user_id, daily_calorie_target, goal_type, target_weight_kg, target_date, is_active, created_at, updated_at) values
  ('eeeeeeee-0000-4000-8000-0000000000b1', 'eeeeeeee-0000-4000-8000-000000000002', 1800, 'weight_loss', 70.5, '2026-06-01', true, '2024-01-01 10:00', '2024-01-01 10:00'),
  ('eeeeeeee-0000-4000-8000-0000000000b2', 'eeeeeeee-0000-4000-8000-000000000002', 2100, 'maintenance', null, null, true, '2024-05-01 10:00', '2024-05-01 10:00'),
  ('eeeeeeee-0000-4000-8000-0000000000b3', 'eeeeeeee-0000-4000-8000-000000000002', 2500, 'weight_gain', 999.99, null, false, '2024-09-01 10:00', '2024-09-01 10:00'),
  ('eeeeeeee-0000-4000-8000-0000000000b4', 'eeeeeeee-0000-4000-8000-000000000003', 1, 'maintenance', null, null, null, null, null);
insert into metabolic_profiles (id, user_id, bmr, tdee, calories_burned_bmr, calories_burned_activities, calculated_at, is_active, created_at, updated_at) values
  ('eeeeeeee-0000-4000-8000-0000000000c1', 'eeeeeeee-0000-4000-8000-000000000002', 1500.01, 2300.99, 1500.01, 0, '2024-02-01', true, '2024-02-01 08:00', '2024-02-01 08:00'),
  ('eeeeeeee-0000-4000-8000-0000000000c2', 'eeeeeeee-0000-4000-8000-000000000002', 99999.99, 99999.99, 0, 99999.99, '2024-02-01', true, '2024-02-01 08:00', '2024-02-01 08:00'),
  ('eeeeeeee-0000-4000-8000-0000000000c3', 'eeeeeeee-0000-4000-8000-000000000003', 0.01, 0.01, 0, null, null, null, null, null);

insert into calorie_events (id, user_id, event_type, calories_amount, event_timestamp, metadata, created_at) values
  ('eeeeeeee-0000-4000-8000-000000000e01', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 0, '2025-01-15 12:00:00', '{}', '2025-01-15 12:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e02', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 0.01, '2025-01-15 12:00:00.000001', '{"note": "caffè ☕ 日本語 🍕 שלום e\u0301 \"quoted\" back\\slash tab\t nl\n"}', null),
  ('eeeeeeee-0000-4000-8000-000000000e03', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 24999.99, '2025-01-15 23:59:59.999999', '{"nested": {"a": [1, 2.50, {"b": null}], "big": 12345678901234567890.123}}', '2025-01-16 00:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e04', 'eeeeeeee-0000-4000-8000-000000000001', 'weight', 0.01, '2025-01-16 07:00:00', null, '2025-01-16 07:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e05', 'eeeeeeee-0000-4000-8000-000000000001', 'weigh_in', 999.99, '2025-01-16 07:01:00', '{"scale": "Ωmega"}', '2025-01-16 07:01:00'),
  ('eeeeeeee-0000-4000-8000-000000000e06', 'eeeeeeee-0000-4000-8000-000000000001', 'burned_exercise', 0, '2025-01-16 08:00:00', '{}', '2025-01-16 08:00:00'),
  -- Europe/Rome: 2025-03-30 02:00-03:00 does not exist; 2025-10-26 02:00-03:00 happens twice.
  ('eeeeeeee-0000-4000-8000-000000000e11', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 100, '2025-03-30 02:00:00', '{}', '2025-03-30 02:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e12', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 200, '2025-03-30 02:30:00', '{}', '2025-03-30 02:30:00'),
  ('eeeeeeee-0000-4000-8000-000000000e13', 'eeeeeeee-0000-4000-8000-000000000004', 'burned_exercise', 300, '2025-03-30 02:59:59.999999', '{}', '2025-03-30 03:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e14', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 400, '2025-03-30 03:00:00', '{}', '2025-03-30 03:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e15', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 500, '2025-10-26 01:59:59', '{}', '2025-10-26 01:59:59'),
  ('eeeeeeee-0000-4000-8000-000000000e16', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 600, '2025-10-26 02:00:00', '{}', '2025-10-26 02:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e17', 'eeeeeeee-0000-4000-8000-000000000004', 'burned_bmr', 700, '2025-10-26 02:30:00', '{}', '2025-10-26 02:30:00'),
  ('eeeeeeee-0000-4000-8000-000000000e18', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 800, '2025-10-26 03:00:00', '{}', '2025-10-26 03:00:00'),
  -- America/New_York: 2025-03-09 02:30 does not exist; 2025-11-02 01:30 happens twice.
  ('eeeeeeee-0000-4000-8000-000000000e19', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 900, '2025-03-09 02:30:00', '{}', '2025-03-09 02:30:00'),
  ('eeeeeeee-0000-4000-8000-000000000e1a', 'eeeeeeee-0000-4000-8000-000000000004', 'consumed', 1000, '2025-11-02 01:30:00', '{}', '2025-11-02 01:30:00'),
  -- Legacy spellings, one each.
  ('eeeeeeee-0000-4000-8000-000000000e21', 'eeeeeeee-0000-4000-8000-000000000003', '  Food  ', 123.45, '2025-02-01 12:00', '{}', null),
  ('eeeeeeee-0000-4000-8000-000000000e22', 'eeeeeeee-0000-4000-8000-000000000003', 'WORKOUT', 321.09, '2025-02-01 13:00', '{}', null),
  ('eeeeeeee-0000-4000-8000-000000000e23', 'eeeeeeee-0000-4000-8000-000000000003', 'basal', 1500.5, '2025-02-01 00:00', '{}', null),
  ('eeeeeeee-0000-4000-8000-000000000e24', 'eeeeeeee-0000-4000-8000-000000000003', 'Body_Weight', 80.25, '2025-02-01 07:00', '{}', null),
  ('eeeeeeee-0000-4000-8000-000000000e25', 'eeeeeeee-0000-4000-8000-000000000003', 'intake', 99.99, '2000-01-01 01:00:00', '{}', '2000-01-01 01:00:00'),
  ('eeeeeeee-0000-4000-8000-000000000e26', 'eeeeeeee-0000-4000-8000-000000000003', 'meal', 1, '2099-12-31 23:59:59.999999', '{}', '2099-12-31 23:59:59.999999');
commit;
analyze;
