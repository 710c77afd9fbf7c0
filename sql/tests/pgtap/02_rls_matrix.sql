-- RLS matrix: two users, anon and service_role x every table, view and function x
-- select / insert / update / delete. Own rows only; another user's rows: 42501 or nothing
-- touched; anon sees and writes nothing; service_role bypasses.
begin;
set search_path = public, extensions;

-- Arrange (as the superuser): alice and bob with data in every table; carol is an auth user
-- without a users row.
insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@test'),
  ('33333333-3333-4333-8333-333333333333', 'carol@test');
insert into public.users (id, email, username) values
  ('11111111-1111-4111-8111-111111111111', 'alice@test', 'alice_t'),
  ('22222222-2222-4222-8222-222222222222', 'bob@test', 'bob_t');
insert into public.user_profiles (user_id, time_zone) values
  ('11111111-1111-4111-8111-111111111111', 'Europe/Rome'),
  ('22222222-2222-4222-8222-222222222222', 'America/New_York');
insert into public.calorie_goals (user_id, daily_calorie_target, goal_type, is_active)
select u, t, 'maintenance', a
  from (values ('11111111-1111-4111-8111-111111111111'::uuid), ('22222222-2222-4222-8222-222222222222')) v(u),
       (values (2000, false), (2200, true)) g(t, a);
insert into public.metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr)
select u, 1700, 2500, 1700
  from (values ('11111111-1111-4111-8111-111111111111'::uuid), ('22222222-2222-4222-8222-222222222222')) v(u);
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
select u, (array['consumed', 'burned_exercise', 'burned_bmr', 'weight'])[1 + i % 4], 50 + i, timestamptz '2025-03-01 08:00Z' + i * interval '37 minutes'
  from (values ('11111111-1111-4111-8111-111111111111'::uuid), ('22222222-2222-4222-8222-222222222222')) v(u),
       generate_series(0, 99) i;

create function pg_temp.matrix() returns setof text
language plpgsql
as $fn$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  bob constant uuid := '22222222-2222-4222-8222-222222222222';
  carol constant uuid := '33333333-3333-4333-8333-333333333333';
  t record;
  v_own bigint;
  v_all bigint;
  v_n bigint;
  v_state text;
begin
  -- tables: name, owner column, an insert of another user's row (%L = that user), a no-op update
  -- of another user's rows, whether authenticated may write the table at all.
  for t in
    select * from (values
      ('users', 'id', $$insert into public.users (id, email, username) values (%L, 'carol@test', 'carol_t')$$, 'email = email', true, carol),
      ('user_profiles', 'user_id', $$insert into public.user_profiles (user_id) values (%L)$$, 'age = age', true, carol),
      ('calorie_goals', 'user_id', $$insert into public.calorie_goals (user_id, daily_calorie_target, goal_type) values (%L, 1800, 'weight_loss')$$, 'is_active = is_active', true, bob),
      ('metabolic_profiles', 'user_id', $$insert into public.metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr) values (%L, 1, 1, 1)$$, 'bmr = bmr', true, bob),
      ('calorie_events', 'user_id', $$insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp) values (%L, 'consumed', 1, now())$$, 'calories_amount = calories_amount', true, bob),
      ('calorie_event_hours', 'user_id', $$insert into public.calorie_event_hours (user_id, hour_start) values (%L, '2025-01-01 00:00Z')$$, 'm00_consumed = m00_consumed', false, bob),
      ('daily_calorie_totals', 'user_id', $$insert into public.daily_calorie_totals (user_id, day, time_zone) values (%L, '2025-01-01', 'UTC')$$, 'consumed = consumed', false, bob),
      ('monthly_calorie_totals', 'user_id', $$insert into public.monthly_calorie_totals (user_id, month, time_zone) values (%L, '2025-01-01', 'UTC')$$, 'consumed = consumed', false, bob),
      ('calorie_bucket', 'user_id', $$insert into public.calorie_bucket (user_id) values (%L)$$, 'event_count = event_count', false, bob),
      ('calorie_balance_day', 'user_id', $$insert into public.calorie_balance_day (user_id) values (%L)$$, 'net_balance = net_balance', false, bob)
    ) v(tbl, owner_col, insert_other, noop_set, writable, other)
  loop
    execute format('select count(*) from public.%I where %I = %L', t.tbl, t.owner_col, alice) into v_own;
    execute format('select count(*) from public.%I', t.tbl) into v_all;

    -- alice (authenticated)
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', json_build_object('sub', alice, 'role', 'authenticated')::text, true);
    execute format('select count(*) from public.%I', t.tbl) into v_n;
    return next is(v_n, v_own, format('%s: alice selects exactly her %s rows', t.tbl, v_own));
    execute format('select count(*) from public.%I where %I <> %L', t.tbl, t.owner_col, alice) into v_n;
    return next is(v_n, 0::bigint, format('%s: alice sees no other user''s row', t.tbl));
    return next throws_ok(format(t.insert_other, t.other), '42501', null, format('%s: alice cannot insert a row for another user', t.tbl));
    if t.writable then
      execute format('with x as (update public.%I set %s where %I = %L returning 1) select count(*) from x', t.tbl, t.noop_set, t.owner_col, bob) into v_n;
      return next is(v_n, 0::bigint, format('%s: alice''s update of bob''s rows touches nothing', t.tbl));
      execute format('with x as (delete from public.%I where %I = %L returning 1) select count(*) from x', t.tbl, t.owner_col, bob) into v_n;
      return next is(v_n, 0::bigint, format('%s: alice''s delete of bob''s rows touches nothing', t.tbl));
      return next throws_ok(format('update public.%I set %I = %L where %I = %L', t.tbl, t.owner_col, bob, t.owner_col, alice),
        '42501', null, format('%s: alice cannot hand her rows to bob', t.tbl));
    else
      return next throws_ok(format('update public.%I set %s where %I = %L', t.tbl, t.noop_set, t.owner_col, alice),
        '42501', null, format('%s: alice cannot update even her own rows (written by triggers only)', t.tbl));
      return next throws_ok(format('delete from public.%I where %I = %L', t.tbl, t.owner_col, alice),
        '42501', null, format('%s: alice cannot delete even her own rows', t.tbl));
      return next throws_ok(format(t.insert_other, alice), '42501', null, format('%s: alice cannot insert even her own rows', t.tbl));
    end if;

    -- anon
    perform set_config('role', 'anon', true);
    perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
    return next throws_ok(format('select * from public.%I', t.tbl), '42501', null, format('%s: anon cannot select', t.tbl));
    return next throws_ok(format(t.insert_other, t.other), '42501', null, format('%s: anon cannot insert', t.tbl));
    return next throws_ok(format('update public.%I set %s', t.tbl, t.noop_set), '42501', null, format('%s: anon cannot update', t.tbl));
    return next throws_ok(format('delete from public.%I', t.tbl), '42501', null, format('%s: anon cannot delete', t.tbl));

    -- service_role
    perform set_config('role', 'service_role', true);
    perform set_config('request.jwt.claims', json_build_object('role', 'service_role')::text, true);
    execute format('select count(*) from public.%I', t.tbl) into v_n;
    return next is(v_n, v_all, format('%s: service_role selects every row (%s)', t.tbl, v_all));

    perform set_config('role', 'postgres', true);
  end loop;

  -- views
  for t in
    select * from (values ('hourly_calorie_summary'), ('daily_calorie_summary'), ('weekly_calorie_summary'),
                          ('monthly_calorie_summary'), ('calorie_balance_summary'), ('calorie_event_slots')) v(tbl)
  loop
    execute format('select count(*) from public.%I where user_id = %L', t.tbl, alice) into v_own;
    execute format('select count(*) from public.%I', t.tbl) into v_all;
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', json_build_object('sub', alice, 'role', 'authenticated')::text, true);
    execute format('select count(*) from public.%I', t.tbl) into v_n;
    return next ok(v_n = v_own and v_own > 0, format('%s: alice sees her %s rows', t.tbl, v_own));
    execute format('select count(*) from public.%I where user_id <> %L', t.tbl, alice) into v_n;
    return next is(v_n, 0::bigint, format('%s: alice sees no other user''s row', t.tbl));
    begin
      execute format('delete from public.%I', t.tbl);
      v_state := '00000';
    exception when others then
      v_state := sqlstate;
    end;
    return next ok(v_state in ('42501', '55000'),
      format('%s: alice cannot write through the view (%s: no privilege or not updatable)', t.tbl, v_state));
    perform set_config('role', 'anon', true);
    perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
    return next throws_ok(format('select * from public.%I', t.tbl), '42501', null, format('%s: anon cannot select', t.tbl));
    perform set_config('role', 'service_role', true);
    perform set_config('request.jwt.claims', json_build_object('role', 'service_role')::text, true);
    execute format('select count(*) from public.%I', t.tbl) into v_n;
    return next ok(v_n = v_all and v_all > v_own, format('%s: service_role sees every user''s rows', t.tbl));
    perform set_config('role', 'postgres', true);
  end loop;

  -- functions
  for t in
    select * from (values ('hourly_summary'), ('daily_summary'), ('weekly_summary'), ('monthly_summary'), ('calorie_balance')) v(fn)
  loop
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', json_build_object('sub', alice, 'role', 'authenticated')::text, true);
    execute format($q$select count(*) from public.%I('2025-01-01', '2026-01-01')$q$, t.fn) into v_own;
    execute format($q$select count(*) from public.%I('2025-01-01', '2026-01-01') where user_id <> %L$q$, t.fn, alice) into v_n;
    return next ok(v_own > 0 and v_n = 0, format('%s: alice gets her own %s rows and nothing else', t.fn, v_own));
    perform set_config('request.jwt.claims', json_build_object('sub', bob, 'role', 'authenticated')::text, true);
    execute format($q$select count(*) from public.%I('2025-01-01', '2026-01-01') where user_id <> %L$q$, t.fn, bob) into v_n;
    return next is(v_n, 0::bigint, format('%s: bob gets only his rows', t.fn));
    perform set_config('request.jwt.claims', json_build_object('sub', carol, 'role', 'authenticated')::text, true);
    execute format($q$select count(*) from public.%I('2025-01-01', '2026-01-01')$q$, t.fn) into v_n;
    return next is(v_n, 0::bigint, format('%s: a signed-in user without data gets nothing', t.fn));
    perform set_config('role', 'anon', true);
    perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
    return next throws_ok(format($q$select * from public.%I('2025-01-01', '2026-01-01')$q$, t.fn), '42501', null,
      format('%s: anon cannot execute', t.fn));
    perform set_config('role', 'postgres', true);
  end loop;

  -- private helpers: not callable by the API roles where that would matter
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', alice, 'role', 'authenticated')::text, true);
  return next throws_ok($q$select private.rebuild_calorie_rollups()$q$, '42501', null, 'authenticated cannot call the rollup rebuild');
  return next throws_ok($q$select private.apply_slot_deltas(array[]::private.slot_delta[])$q$, '42501', null, 'authenticated cannot forge rollup deltas');
  return next throws_ok($q$select private.rebuild_daily_totals('22222222-2222-4222-8222-222222222222')$q$, '42501', null, 'authenticated cannot call rebuild_daily_totals');
  perform set_config('role', 'postgres', true);
end
$fn$;

select plan(10 * 11 + 6 * 5 + 5 * 4 + 3);
select * from pg_temp.matrix();
select * from finish();
rollback;
