-- Concurrency, with two real sessions (dblink): activations serialize, concurrent writes to the
-- same slot and day lose nothing, and a time-zone change racing event inserts leaves the daily
-- totals exact. Commits its data (other sessions must see it) and deletes it at the end.
set search_path = public, extensions;
select plan(10);

insert into auth.users (id, email) values
  ('eeeeeeee-0000-4000-8000-000000000001', 'conc1@test'), ('eeeeeeee-0000-4000-8000-000000000002', 'conc2@test');
insert into public.users (id, email, username) values
  ('eeeeeeee-0000-4000-8000-000000000001', 'conc1@test', 'conc1'), ('eeeeeeee-0000-4000-8000-000000000002', 'conc2@test', 'conc2');
insert into public.calorie_goals (user_id, daily_calorie_target, goal_type) values ('eeeeeeee-0000-4000-8000-000000000001', 2000, 'maintenance');

select dblink_connect('a', current_setting('calorie.test_db_url'));
select dblink_connect('b', current_setting('calorie.test_db_url'));

create function pg_temp.wait_idle(p_conn text) returns text
language plpgsql
as $$
declare
  r text;
  v_out text := '';
begin
  for r in select * from dblink_get_result(p_conn, false) as t(status text) loop
    v_out := v_out || r;
  end loop;
  perform * from dblink_get_result(p_conn, false) as t(status text);
  return v_out;
end
$$;

-- 1. two sessions activate a goal for the same user at once
select dblink_exec('a', 'begin');
select dblink_exec('a', $$insert into public.calorie_goals (user_id, daily_calorie_target, goal_type) values ('eeeeeeee-0000-4000-8000-000000000001', 2100, 'maintenance')$$);
select dblink_send_query('b', $$insert into public.calorie_goals (user_id, daily_calorie_target, goal_type) values ('eeeeeeee-0000-4000-8000-000000000001', 2200, 'maintenance')$$);
select pg_sleep(0.3);
select is(dblink_is_busy('b'), 1, 'a concurrent activation waits for the first one');
select dblink_exec('a', 'commit');
select is(pg_temp.wait_idle('b'), 'INSERT 0 1', '... then succeeds (no unique violation)');
select is((select array_agg(daily_calorie_target) from public.calorie_goals where user_id = 'eeeeeeee-0000-4000-8000-000000000001' and is_active),
  array[2200], '... and the last activation wins: exactly one active goal');

-- 2. concurrent insert and delete in the same 15-minute slot
insert into public.calorie_events (id, user_id, event_type, calories_amount, event_timestamp) values
  ('eeeeeeee-1111-4000-8000-000000000001', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 100, '2025-07-01 10:01Z'),
  ('eeeeeeee-1111-4000-8000-000000000002', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 100, '2025-07-01 10:05Z');
select dblink_exec('a', 'begin');
select dblink_exec('a', $$insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp) values ('eeeeeeee-0000-4000-8000-000000000001', 'consumed', 5, '2025-07-01 10:00Z')$$);
select dblink_send_query('b', $$delete from public.calorie_events where id = 'eeeeeeee-1111-4000-8000-000000000001'$$);
select pg_sleep(0.3);
select is(dblink_is_busy('b'), 1, 'a delete in the same slot waits for the insert''s slot lock');
select dblink_exec('a', 'commit');
select is(pg_temp.wait_idle('b'), 'DELETE 1', '... then completes');
select row_eq($$select consumed, consumed_count, first_event, last_event from public.calorie_event_slots
                 where user_id = 'eeeeeeee-0000-4000-8000-000000000001' and slot_start = '2025-07-01 10:00Z'$$,
  row(105.00::numeric, 2, '2025-07-01 10:00Z'::timestamptz, '2025-07-01 10:05Z'::timestamptz),
  '... and the slot holds both changes, first_event included');

-- 3. a time-zone change racing event inserts, both orders
select dblink_exec('a', 'begin');
select dblink_exec('a', $$insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
  select 'eeeeeeee-0000-4000-8000-000000000002', 'consumed', 10, ts from generate_series(timestamptz '2025-07-01 00:00Z', '2025-07-03 00:00Z', interval '30 minutes') ts$$);
select dblink_send_query('b', $$insert into public.user_profiles (user_id, time_zone) values ('eeeeeeee-0000-4000-8000-000000000002', 'Asia/Tokyo')$$);
select pg_sleep(0.3);
select is(dblink_is_busy('b'), 1, 'a time-zone change waits for in-flight event writes of that user');
select dblink_exec('a', 'commit');
select pg_temp.wait_idle('b');
select dblink_exec('a', 'begin');
select dblink_exec('a', $$update public.user_profiles set time_zone = 'America/Los_Angeles' where user_id = 'eeeeeeee-0000-4000-8000-000000000002'$$);
select dblink_send_query('b', $$insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
  select 'eeeeeeee-0000-4000-8000-000000000002', 'burned_bmr', 7, ts from generate_series(timestamptz '2025-07-02 00:10Z', '2025-07-04 00:00Z', interval '30 minutes') ts$$);
select pg_sleep(0.3);
select is(dblink_is_busy('b'), 1, 'event writes wait for an in-flight time-zone change of that user');
select dblink_exec('a', 'commit');
select pg_temp.wait_idle('b');
select is((select count(*) from (
  (select day, consumed, burned_bmr, event_count from public.daily_calorie_totals
    where user_id = 'eeeeeeee-0000-4000-8000-000000000002' and event_count > 0
   except
   select (event_timestamp at time zone 'America/Los_Angeles')::date, coalesce(sum(calories_amount) filter (where event_type = 'consumed'), 0),
          coalesce(sum(calories_amount) filter (where event_type = 'burned_bmr'), 0), count(*)::int
     from public.calorie_events where user_id = 'eeeeeeee-0000-4000-8000-000000000002' group by 1)
  union all
  (select (event_timestamp at time zone 'America/Los_Angeles')::date, coalesce(sum(calories_amount) filter (where event_type = 'consumed'), 0),
          coalesce(sum(calories_amount) filter (where event_type = 'burned_bmr'), 0), count(*)::int
     from public.calorie_events where user_id = 'eeeeeeee-0000-4000-8000-000000000002' group by 1
   except
   select day, consumed, burned_bmr, event_count from public.daily_calorie_totals
    where user_id = 'eeeeeeee-0000-4000-8000-000000000002' and event_count > 0)) x), 0::bigint,
  'after both races the daily totals equal the raw events in the final zone');
select is((select count(distinct time_zone) from public.daily_calorie_totals where user_id = 'eeeeeeee-0000-4000-8000-000000000002'), 1::bigint,
  '... all in one zone');

select dblink_disconnect('a');
select dblink_disconnect('b');
delete from auth.users where id in ('eeeeeeee-0000-4000-8000-000000000001', 'eeeeeeee-0000-4000-8000-000000000002');
select * from finish();
