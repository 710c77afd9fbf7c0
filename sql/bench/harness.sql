-- Benchmark helpers, installed in schema `bench` of the benchmark databases only.

create schema if not exists bench;
grant usage on schema bench to public;

-- p50 (ms) of p_reps runs of p_sql (a format() template taking one user id), rotating over
-- p_users, after p_warmup_passes untimed passes over the users, so every timed run reads cached
-- pages (as a user's recent rows are in production). With only 3 warm-up runs, most timed runs were
-- a user's first: the hourly summary then timed reads of the 371 MB slot index from disk or the OS
-- cache (0.7-2.5 ms) instead of its 0.25 ms of work. One pass still left the session young for
-- our functions: the first p50 of a session (21 users, one pass) measured 0.103-0.186 ms for the
-- hourly summary, a second one in the same session 0.091-0.096 ms (the seed's views showed no such
-- difference); PostgREST serves requests from a pool of long-lived connections. With p_as_user the
-- caller has `set role authenticated` and each run sets request.jwt.claims for its user, as
-- PostgREST does. The result rows are materialized (array_agg of whole rows), so no column can be
-- optimized away.
create or replace function bench.p50(p_sql text, p_users uuid[], p_reps integer, p_as_user boolean, p_warmup_passes integer)
returns numeric
language plpgsql
set search_path = public, pg_catalog
as $$
declare
  v_t0 timestamptz;
  v_times numeric[] := '{}';
  v_user uuid;
  v_rows integer;
  v_n integer := cardinality(p_users);
begin
  for i in 1 - p_warmup_passes * v_n .. p_reps loop
    v_user := p_users[1 + ((i + p_warmup_passes * v_n) % v_n)];
    if p_as_user then
      perform pg_catalog.set_config('request.jwt.claims', pg_catalog.json_build_object('sub', v_user, 'role', 'authenticated')::text, false);
    end if;
    v_t0 := pg_catalog.clock_timestamp();
    execute format('select pg_catalog.cardinality(pg_catalog.array_agg(q)) from (%s) q', format(p_sql, v_user)) into v_rows;
    if i > 0 then
      v_times := v_times || (extract(epoch from pg_catalog.clock_timestamp() - v_t0) * 1000)::numeric;
    end if;
  end loop;
  return (select round(percentile_cont(0.5) within group (order by x)::numeric, 3) from unnest(v_times) x);
end
$$;

-- Mean microseconds per call of p_sql over p_calls calls in this session, after one untimed call
-- (for differences of a few microseconds between variants of one function: run as `authenticated`
-- with request.jwt.claims set, alternate the variants, compare within one session). Example, in a
-- database kept by BENCH_KEEP=1 sql/bench/run.sh:
--   set role authenticated;
--   select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-000000000002","role":"authenticated"}', false);
--   select bench.per_call_us($q$select * from public.hourly_summary('2025-10-15 00:00Z', '2025-10-16 00:00Z')$q$, 3000);
create or replace function bench.per_call_us(p_sql text, p_calls integer)
returns numeric
language plpgsql
set search_path = public, pg_catalog
as $$
declare
  v_t0 timestamptz;
  v_rows integer;
begin
  execute format('select pg_catalog.count(*) from (%s) q', p_sql) into v_rows;
  v_t0 := pg_catalog.clock_timestamp();
  for i in 1 .. p_calls loop
    execute format('select pg_catalog.count(*) from (%s) q', p_sql) into v_rows;
  end loop;
  return round(extract(epoch from pg_catalog.clock_timestamp() - v_t0) * 1000000 / p_calls);
end
$$;

-- Medians (and quartiles), in microseconds, of variants of a query run as the benchmark runs them: each
-- call for another user (request.jwt.claims set per call), the variants alternating in blocks of one
-- call per user, after one untimed block per variant. For differences of a few microseconds between
-- variants that each read a user's rows, where bench.per_call_us (one user, repeated) would read
-- cached rows. Example, in a database kept by BENCH_KEEP=1 sql/bench/run.sh (the users read as the
-- owner, the calls made as `authenticated`):
--   select array_agg(id order by i) as users from bench.users where i <= 21 and i % 5 <> 3 \gset
--   set role authenticated;
--   select * from bench.alternate_blocks(array[
--       $q$select * from public.hourly_summary('2025-10-15 00:00Z', '2025-10-16 00:00Z')$q$,
--       $q$select * from bench.floor_rows('2025-10-15 00:00Z', '2025-10-16 00:00Z', 24)$q$],
--     :'users', 30);
create or replace function bench.alternate_blocks(p_sqls text[], p_users uuid[], p_blocks integer)
returns table (variant integer, p50_us numeric, p25_us numeric, p75_us numeric)
language plpgsql
set search_path = public, pg_catalog
as $$
declare
  v_t0 timestamptz;
  v_rows integer;
  v_k integer := cardinality(p_sqls);
  v_user_id uuid;
  k integer;
begin
  create temp table if not exists alternate_blocks_times (variant integer, us numeric);
  truncate alternate_blocks_times;
  for b in 0 .. p_blocks * v_k - 1 loop
    k := 1 + b % v_k;
    foreach v_user_id in array p_users loop
      perform pg_catalog.set_config('request.jwt.claims', pg_catalog.json_build_object('sub', v_user_id, 'role', 'authenticated')::text, false);
      v_t0 := pg_catalog.clock_timestamp();
      execute format('select pg_catalog.cardinality(pg_catalog.array_agg(q)) from (%s) q', p_sqls[k]) into v_rows;
      if b >= v_k then
        insert into alternate_blocks_times values (k, extract(epoch from pg_catalog.clock_timestamp() - v_t0) * 1000000);
      end if;
    end loop;
  end loop;
  return query
  select t.variant, round(percentile_cont(0.5) within group (order by t.us)::numeric, 1),
         round(percentile_cont(0.25) within group (order by t.us)::numeric, 1),
         round(percentile_cont(0.75) within group (order by t.us)::numeric, 1)
    from alternate_blocks_times t
   group by t.variant
   order by t.variant;
end
$$;
