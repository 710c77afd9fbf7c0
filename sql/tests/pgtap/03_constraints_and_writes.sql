-- Writes: seed-era INSERTs, constraints with clear errors, server-set columns, idempotent
-- retries (and no double counting in the rollups), atomic batches, one active goal/profile,
-- cascades and truncate.
begin;
set search_path = public, extensions;
select plan(46);

insert into auth.users (id, email) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'a@test'),
  ('aaaaaaaa-0000-4000-8000-000000000002', 'b@test');
insert into public.users (id, email, username) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'a@test', 'a_t'),
  ('aaaaaaaa-0000-4000-8000-000000000002', 'b@test', 'b_t');

-- Seed-era INSERTs (the seed's columns only) -------------------------------------------------
select lives_ok($$insert into user_profiles (user_id, height_cm, weight_kg, age, gender, activity_level)
                  values ('aaaaaaaa-0000-4000-8000-000000000001', 180, 80, 30, 'male', 'moderately_active')$$,
  'seed-era user_profiles insert works');
select is((select time_zone || '/' || week_start from user_profiles where user_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  'UTC/monday', 'new profile columns default to UTC / monday');
select lives_ok($$insert into calorie_goals (user_id, daily_calorie_target, goal_type, target_weight_kg, target_date, is_active)
                  values ('aaaaaaaa-0000-4000-8000-000000000001', 2200, 'weight_loss', 75, '2026-01-01', true)$$,
  'seed-era calorie_goals insert works');
select lives_ok($$insert into metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr, calories_burned_activities)
                  values ('aaaaaaaa-0000-4000-8000-000000000001', 1780, 2759, 1780, 300)$$,
  'seed-era metabolic_profiles insert works');
select lives_ok($$insert into calorie_events (user_id, event_type, calories_amount, event_timestamp, metadata)
                  values ('aaaaaaaa-0000-4000-8000-000000000001', 'consumed', 450.5, '2025-05-01 12:30:00', '{"meal": "lunch"}')$$,
  'seed-era calorie_events insert works');
select is((select source from calorie_events where user_id = 'aaaaaaaa-0000-4000-8000-000000000001'), 'manual',
  'source defaults to manual');

-- As a signed-in user ------------------------------------------------------------------------
set local role authenticated;
select set_config('request.jwt.claims', '{"sub":"aaaaaaaa-0000-4000-8000-000000000001","role":"authenticated"}', true);

select lives_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('burned_exercise', 200, '2025-05-01 13:00Z')$$,
  'user_id defaults to auth.uid()');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('snack', 1, '2025-05-01 13:00Z')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "event_type_known"', 'unknown event_type: 23514 event_type_known');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp, source) values ('consumed', 1, '2025-05-01 13:00Z', 'fax')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "source_known"', 'unknown source: 23514 source_known');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('consumed', -1, '2025-05-01 13:00Z')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "positive_calories"', 'negative calories: 23514 positive_calories');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('consumed', 30000, '2025-05-01 13:00Z')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "calories_amount_plausible"', '30000 kcal in one event: 23514');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('weight', 0, '2025-05-01 13:00Z')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "weight_kg_plausible"', 'weight 0 kg: 23514');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('weight', 1200, '2025-05-01 13:00Z')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "weight_kg_plausible"', 'weight 1200 kg: 23514');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('consumed', 1, '1970-01-01 00:00Z')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "event_timestamp_plausible"', 'an instant in 1970: 23514');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp, metadata) values ('consumed', 1, '2025-05-01 13:00Z', '[1]')$$,
  '23514', 'new row for relation "calorie_events" violates check constraint "metadata_is_object"', 'metadata must be an object');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values ('consumed', null, '2025-05-01 13:00Z')$$,
  '23502', null, 'missing calories: 23502');
select throws_ok($$insert into calorie_events (id, event_type, calories_amount, event_timestamp) values ('not-a-uuid', 'consumed', 1, '2025-05-01 13:00Z')$$,
  '22P02', null, 'malformed id: 22P02');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp, created_at) values ('consumed', 1, '2025-05-01 13:00Z', '2020-01-01')$$,
  '42501', null, 'created_at is server-set: a client cannot write it');
select throws_ok($$update calorie_events set created_at = now()$$, '42501', null, 'nor update it');
select throws_ok($$update user_profiles set updated_at = now()$$, '42501', null, 'updated_at is server-set');
select throws_ok($$update user_profiles set time_zone = 'Mars/Olympus_Mons'$$,
  '23514', 'new row for relation "user_profiles" violates check constraint "time_zone_valid"', 'unknown profile time zone: 23514');
select throws_ok($$update user_profiles set time_zone = 'europe/rome'$$, '23514', null, 'time zone names are case-sensitive IANA names');
select throws_ok($$update user_profiles set time_zone = 'UTC+3'$$, '23514', null, 'POSIX-style zone strings are rejected');
select lives_ok($$update user_profiles set time_zone = 'Asia/Kathmandu'$$, 'an IANA zone is accepted');
select throws_ok($$update user_profiles set week_start = 'friday'$$, '23514', null, 'week_start is monday or sunday');

-- Idempotent retries: ON CONFLICT (id) DO NOTHING, as PostgREST sends for resolution=ignore-duplicates
insert into calorie_events (id, event_type, calories_amount, event_timestamp) values
  ('bbbbbbbb-0000-4000-8000-000000000001', 'consumed', 100, '2025-06-01 10:01Z'),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'consumed', 100, '2025-06-01 10:02Z'),
  ('bbbbbbbb-0000-4000-8000-000000000003', 'burned_bmr', 60, '2025-06-01 10:03Z');
with x as (
  insert into calorie_events (id, event_type, calories_amount, event_timestamp) values
    ('bbbbbbbb-0000-4000-8000-000000000001', 'consumed', 100, '2025-06-01 10:01Z'),
    ('bbbbbbbb-0000-4000-8000-000000000002', 'consumed', 100, '2025-06-01 10:02Z'),
    ('bbbbbbbb-0000-4000-8000-000000000003', 'burned_bmr', 60, '2025-06-01 10:03Z'),
    ('bbbbbbbb-0000-4000-8000-000000000004', 'consumed', 7, '2025-06-01 10:04Z')
  on conflict (id) do nothing returning 1)
select is(count(*), 1::bigint, 'a retried batch inserts only the new event') from x;
select row_eq($$select consumed, consumed_count, burned_bmr, burned_bmr_count from calorie_event_slots where slot_start = '2025-06-01 10:00Z'$$,
  row(207::numeric, 3, 60::numeric, 1), 'the rollup slot counts the retried events once');
select throws_ok($$insert into calorie_events (id, event_type, calories_amount, event_timestamp) values ('bbbbbbbb-0000-4000-8000-000000000001', 'consumed', 100, '2025-06-01 10:01Z')$$,
  '23505', null, 'a plain duplicate insert is a 23505 conflict');
select throws_ok($$insert into calorie_events (event_type, calories_amount, event_timestamp) values
    ('consumed', 1, '2025-06-02 10:00Z'), ('consumed', 2, '2025-06-02 10:00Z'), ('consumed', -3, '2025-06-02 10:00Z')$$,
  '23514', null, 'a batch with one bad row fails');
select is((select count(*) from calorie_events where event_timestamp >= '2025-06-02'), 0::bigint, '... and stores none of its rows');

-- One active goal / metabolic profile ---------------------------------------------------------
insert into calorie_goals (daily_calorie_target, goal_type) values (1900, 'weight_loss');
select is((select array_agg(daily_calorie_target order by daily_calorie_target) from calorie_goals where is_active), array[1900],
  'activating a new goal deactivates the old one in the same statement');
select is((select count(*) from calorie_goals), 2::bigint, '... and keeps it as history');
update calorie_goals set is_active = true where daily_calorie_target = 2200;
select is((select array_agg(daily_calorie_target) from calorie_goals where is_active), array[2200],
  'reactivating an old goal deactivates the current one');
insert into calorie_goals (daily_calorie_target, goal_type, is_active) values (2500, 'weight_gain', false);
select is((select array_agg(daily_calorie_target) from calorie_goals where is_active), array[2200],
  'an inactive goal changes nothing');
insert into metabolic_profiles (bmr, tdee, calories_burned_bmr) values (1700, 2600, 1700);
select is((select array_agg(bmr) from metabolic_profiles where is_active), array[1700.00],
  'activating a metabolic profile deactivates the old one');
update calorie_goals set is_active = false;
select is((select count(*) from calorie_goals where is_active), 0::bigint, 'a user may have no active goal');
reset role;
select set_config('request.jwt.claims', '', true);
select is((select count(*) from calorie_goals where user_id = 'aaaaaaaa-0000-4000-8000-000000000002'), 0::bigint, 'the other user was not touched');

set local session_replication_role = replica;  -- triggers off: only the index stands in the way
insert into calorie_goals (user_id, daily_calorie_target, goal_type) values ('aaaaaaaa-0000-4000-8000-000000000002', 1500, 'maintenance');
select throws_ok($$insert into calorie_goals (user_id, daily_calorie_target, goal_type) values ('aaaaaaaa-0000-4000-8000-000000000002', 1600, 'maintenance')$$,
  '23505', null, 'the partial unique index alone rejects a second active goal');
insert into metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr) values ('aaaaaaaa-0000-4000-8000-000000000002', 1, 1, 1);
select throws_ok($$insert into metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr) values ('aaaaaaaa-0000-4000-8000-000000000002', 2, 2, 2)$$,
  '23505', null, 'the partial unique index alone rejects a second active metabolic profile');
set local session_replication_role = origin;

-- Updates and deletes flow into the rollups ---------------------------------------------------
update calorie_events set calories_amount = 1 where id = 'bbbbbbbb-0000-4000-8000-000000000004';
select is((select consumed from calorie_event_slots where slot_start = '2025-06-01 10:00Z'), 201.00::numeric, 'an edit changes the slot');
update calorie_events set event_timestamp = '2025-06-03 10:00Z' where id = 'bbbbbbbb-0000-4000-8000-000000000004';
select is((select consumed_count from calorie_event_slots where slot_start = '2025-06-01 10:00Z'), 2, 'moving an event out of a slot');
select is((select last_event from calorie_event_slots where slot_start = '2025-06-01 10:00Z'), '2025-06-01 10:03Z'::timestamptz,
  '... recomputes the slot''s last_event');
delete from calorie_events where id in ('bbbbbbbb-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', 'bbbbbbbb-0000-4000-8000-000000000003');
select is((select count(*) from calorie_event_slots where slot_start = '2025-06-01 10:00Z'), 0::bigint, 'a slot whose events are all deleted disappears');
select is((select event_count from daily_calorie_totals where user_id = 'aaaaaaaa-0000-4000-8000-000000000001' and day = '2025-06-01'), 0,
  'the day it belonged to is zeroed, not deleted (realtime never sees a delete)');

truncate calorie_events cascade;
select ok((select count(*) from calorie_event_slots) = 0 and (select count(*) from daily_calorie_totals where event_count > 0 or weight_count > 0) = 0,
  'truncate empties the rollups too');

insert into calorie_events (user_id, event_type, calories_amount, event_timestamp) values ('aaaaaaaa-0000-4000-8000-000000000002', 'consumed', 10, '2025-06-01 10:00Z');
delete from auth.users where id = 'aaaaaaaa-0000-4000-8000-000000000002';
select is((select count(*) from calorie_event_slots where user_id = 'aaaaaaaa-0000-4000-8000-000000000002')
        + (select count(*) from daily_calorie_totals where user_id = 'aaaaaaaa-0000-4000-8000-000000000002')
        + (select count(*) from calorie_goals where user_id = 'aaaaaaaa-0000-4000-8000-000000000002'), 0::bigint,
  'deleting the auth user cascades through every table, rollups included');

select * from finish();
rollback;
