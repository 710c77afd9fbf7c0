#!/usr/bin/env bash
# Benchmark: the seed plan's schema and views vs ours, same data, one run.
#
#   sql/bench/run.sh DATABASE_URL      # a superuser URL; prints a Markdown section to stdout
#
# Creates two databases on that server (calorie_bench_seed: the seed's Step 2 schema verbatim;
# calorie_bench_ours: sql/apply.sh), generates BENCH_USERS users x BENCH_DAYS days of
# high-frequency events (default 500 x 60 x 167/day = 5.01M: hourly BMR, exercise samples every
# ~11 minutes, 12 meals, one weigh-in) in time order, copies them to both, then measures
#   * p50 of BENCH_REPS runs (default 21; after BENCH_WARMUP_PASSES, default 3, untimed passes over
#     the users) of: one user's
#     daily summary over 60 days, one day's hourly summary, the monthly summary, the balance over
#     60 days; seed views as their owner with a user filter, ours as role authenticated with
#     request.jwt.claims set (as PostgREST); BENCH_SUMMARY_ROUNDS (default 9) rounds of a seed
#     p50 then ours, reported as medians;
#   * insert throughput of BENCH_INSERT_EVENTS (default 200k) events in 1000-row batches, one
#     user and one transaction per batch, as authenticated, each batch once without and once with
#     the rollup triggers, back to back (bench.run_insert_pairs), reported in BENCH_INSERT_ROUNDS
#     rounds (default 8).
# Progress goes to stderr. BENCH_KEEP=1 keeps the databases.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DATABASE_URL" >&2
  exit 2
fi
admin_url=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sql_dir=$(dirname "$here")
users=${BENCH_USERS:-500}
days=${BENCH_DAYS:-60}
reps=${BENCH_REPS:-21}
warmup_passes=${BENCH_WARMUP_PASSES:-3}
summary_rounds=${BENCH_SUMMARY_ROUNDS:-9}
insert_events=${BENCH_INSERT_EVENTS:-200000}
insert_rounds=${BENCH_INSERT_ROUNDS:-8}
insert_batches=$((insert_events / 1000))
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

url_for() {
  local base=${admin_url%%\?*} query=
  [ "$base" != "$admin_url" ] && query="?${admin_url#*\?}"
  if [[ $base =~ ^[a-z]+://[^/]*$ ]]; then echo "$base/$1$query"; else echo "${base%/*}/$1$query"; fi
}
seed_url=$(url_for calorie_bench_seed)
ours_url=$(url_for calorie_bench_ours)
psql_admin=(psql "$admin_url" --no-psqlrc --quiet -v ON_ERROR_STOP=1)
seed=(psql "$seed_url" --no-psqlrc --quiet -v ON_ERROR_STOP=1)
ours=(psql "$ours_url" --no-psqlrc --quiet -v ON_ERROR_STOP=1)
log() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

cleanup() {
  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    "${psql_admin[@]}" -c "drop database if exists calorie_bench_seed with (force)" -c "drop database if exists calorie_bench_ours with (force)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

t_start=$(now)
"${psql_admin[@]}" -c "drop database if exists calorie_bench_seed with (force)" -c "drop database if exists calorie_bench_ours with (force)" \
  -c "create database calorie_bench_seed" -c "create database calorie_bench_ours"
"$sql_dir/apply.sh" "$ours_url" >&2
"${seed[@]}" -f "$here/seed_schema_tables.sql"
"${seed[@]}" -f "$here/harness.sql"
"${ours[@]}" -f "$here/harness.sql"

log "generating $users users x $days days of events in the ours database"
t0=$(now)
"${ours[@]}" -o /dev/null <<SQL
set maintenance_work_mem = '512MB';
set work_mem = '256MB';
create table bench.users as
select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid as id, i,
       (array['UTC', 'Europe/Rome', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'])[1 + i % 5] as tz
  from generate_series(1, $users) i;
insert into auth.users (id, email) select id, 'bench' || i || '@example.com' from bench.users;
insert into public.users (id, email, username) select id, 'bench' || i || '@example.com', 'bench' || i from bench.users;
insert into public.user_profiles (user_id, height_cm, weight_kg, age, gender, activity_level, time_zone)
select id, 175, 75, 30, 'male', 'moderately_active', tz from bench.users;
insert into public.calorie_goals (user_id, daily_calorie_target, goal_type, is_active)
select id, t, 'weight_loss', a from bench.users, (values (2400, false), (2200, true)) g(t, a);
insert into public.metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr, is_active)
select id, 1700, 2600, 1700, true from bench.users;

-- Events, loaded in time order (as a live service writes them), triggers off; rollups rebuilt after.
set session_replication_role = replica;
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp, source, created_at)
select u.id, k.event_type,
       case k.event_type when 'weight' then round((70 + random() * 10)::numeric, 1)
                         when 'consumed' then round((50 + random() * 700)::numeric, 2)
                         when 'burned_bmr' then round((60 + random() * 15)::numeric, 2)
                         else round((random() * 40)::numeric, 2) end,
       ts.ts, k.source, ts.ts
  from bench.users u
  cross join generate_series(0, $days - 1) d
  cross join (values ('burned_bmr', 24, 'fitness_tracker'), ('burned_exercise', 130, 'fitness_tracker'),
                     ('consumed', 12, 'manual'), ('weight', 1, 'smart_scale')) k(event_type, n, source)
  cross join generate_series(0, k.n - 1) j
  cross join lateral (select timestamptz '2025-09-01 00:00Z' + d * interval '1 day'
                             + (j + random()) * (interval '1 day' / k.n) as ts) ts
 order by ts.ts;
set session_replication_role = origin;
select private.rebuild_calorie_rollups();
vacuum analyze;
SQL
t_gen=$(elapsed "$t0" "$(now)")
n_events=$("${ours[@]}" -tAc "select count(*) from public.calorie_events")
n_hours=$("${ours[@]}" -tAc "select count(*) from public.calorie_event_hours")
n_slots=$("${ours[@]}" -tAc "select count(*) from public.calorie_event_slots")
n_days=$("${ours[@]}" -tAc "select count(*) from public.daily_calorie_totals")
n_months=$("${ours[@]}" -tAc "select count(*) from public.monthly_calorie_totals")
log "$n_events events generated in ${t_gen}s ($n_hours hour rows holding $n_slots non-empty 15-minute slots, $n_days daily rows)"

# The summaries read the rollup tables by index-only scans, which skip the heap only where the
# visibility map is set; autovacuum keeps it set for the rows no longer written (every day but the
# last ones). A VACUUM marks only rows older than every snapshot open in the database, and the
# load's VACUUM above ran seconds after the rebuild: in each of four runs (two on the benchmark's
# own cluster, two on a throwaway one) it left daily_calorie_totals unmarked (the hours and months,
# vacuumed later, were marked), and a 60-day daily summary then read 59 heap pages instead of 6
# index pages and cost twice as much. So check, and vacuum the rollup tables again until the map
# is set.
rollup_tables="public.daily_calorie_totals, public.calorie_event_hours, public.monthly_calorie_totals"
# "<table> <pages marked> of <pages> pages" per table, then "|true" when every page is marked
visibility() {
  "${ours[@]}" -tAc "select string_agg(format('%s %s of %s pages', relname, relallvisible, relpages), ', ' order by relname)
                            || '|' || bool_and(relallvisible >= relpages)
                       from pg_class where oid = any ('{$rollup_tables}'::regclass[])"
}
IFS='|' read -r visibility all_visible < <(visibility)
log "all-visible after the load's VACUUM: $visibility"
for attempt in $(seq 10); do
  [ "$all_visible" = true ] && break
  log "visibility map of the rollup tables not set yet (attempt $attempt): vacuuming them again"
  sleep 2
  "${ours[@]}" -c "vacuum $rollup_tables"
  IFS='|' read -r visibility all_visible < <(visibility)
done
log "all-visible: $visibility"

log "copying the same data into the seed database"
t0=$(now)
"${ours[@]}" -c "\copy (select id, email, username from public.users) to stdout" | "${seed[@]}" -c "\copy users (id, email, username) from stdin"
"${ours[@]}" -c "\copy (select user_id, height_cm, weight_kg, age, gender, activity_level from public.user_profiles) to stdout" |
  "${seed[@]}" -c "\copy user_profiles (user_id, height_cm, weight_kg, age, gender, activity_level) from stdin"
"${ours[@]}" -c "\copy (select user_id, daily_calorie_target, goal_type, is_active from public.calorie_goals) to stdout" |
  "${seed[@]}" -c "\copy calorie_goals (user_id, daily_calorie_target, goal_type, is_active) from stdin"
"${ours[@]}" -c "\copy (select user_id, bmr, tdee, calories_burned_bmr, is_active from public.metabolic_profiles) to stdout" |
  "${seed[@]}" -c "\copy metabolic_profiles (user_id, bmr, tdee, calories_burned_bmr, is_active) from stdin"
"${ours[@]}" -c "\copy (select id, user_id, event_type, calories_amount, event_timestamp at time zone 'UTC', metadata, created_at at time zone 'UTC' from public.calorie_events order by event_timestamp) to stdout" |
  "${seed[@]}" -c "\copy calorie_events (id, user_id, event_type, calories_amount, event_timestamp, metadata, created_at) from stdin"
PGOPTIONS="$PGOPTIONS -c maintenance_work_mem=512MB" "${seed[@]}" -f "$here/seed_schema_indexes_views.sql"
"${seed[@]}" -c "vacuum analyze"
log "copied and indexed in $(elapsed "$t0" "$(now)")s"

user_array=$("${ours[@]}" -tAc "select array_agg(id order by i)::text from bench.users where i <= $reps")

# Summaries ------------------------------------------------------------------------------------
# p50_passes (default: warmup_passes) is the number of untimed passes over the users first.
seed_p50() { "${seed[@]}" -tAc "select bench.p50(\$q\$$1\$q\$, '$user_array', $reps, false, ${p50_passes:-$warmup_passes})"; }
ours_p50() { "${ours[@]}" -tAc "set role authenticated; select bench.p50(\$q\$$1\$q\$, '$user_array', $reps, true, ${p50_passes:-$warmup_passes})"; }

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -a names seed_ms ours_ms ratios ratio_ranges
# run_pair NAME SEED_SQL OURS_SQL: $summary_rounds rounds, each a seed p50 then ours right after;
# reported: the medians of each side's p50s and the median of the rounds' ratios (a ratio within
# a round compares two measurements a second apart, so a change of the shared machine's load
# between rounds moves both sides).
run_pair() {
  local r s o round_ratios=()
  local -a s_all=() o_all=()
  log "measuring: $1 ($summary_rounds rounds)"
  names+=("$1")
  for r in $(seq "$summary_rounds"); do
    s=$(seed_p50 "$2")
    o=$(ours_p50 "$3")
    s_all+=("$s")
    o_all+=("$o")
    round_ratios+=("$(awk -v s="$s" -v o="$o" 'BEGIN { printf "%.1f", s / o }')")
  done
  seed_ms+=("$(printf '%s\n' "${s_all[@]}" | median)")
  ours_ms+=("$(printf '%s\n' "${o_all[@]}" | median)")
  ratios+=("$(printf '%s\n' "${round_ratios[@]}" | median)")
  ratio_ranges+=("$(printf '%s\n' "${round_ratios[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f–%.0f", lo, hi }')")
}
run_pair "daily summary, 60 days" \
  "select * from daily_calorie_summary where user_id = '%s' and day_bucket >= '2025-09-01' and day_bucket < '2025-10-31'" \
  "select * from public.daily_summary('2025-08-31 12:00Z', '2025-10-30 12:00Z')"
run_pair "hourly summary, one day" \
  "select * from hourly_calorie_summary where user_id = '%s' and hour_bucket >= '2025-10-15' and hour_bucket < '2025-10-16'" \
  "select * from public.hourly_summary('2025-10-15 00:00Z', '2025-10-16 00:00Z')"
run_pair "monthly summary" \
  "select * from monthly_calorie_summary where user_id = '%s'" \
  "select * from public.monthly_summary('2025-08-01 00:00Z', '2025-11-01 00:00Z')"
run_pair "balance, 60 days" \
  "select * from calorie_balance_summary where user_id = '%s' and day_bucket >= '2025-09-01' and day_bucket < '2025-10-31'" \
  "select * from public.calorie_balance('2025-08-31 12:00Z', '2025-10-30 12:00Z')"
# The same hourly pair after a single warm-up pass (a connection's first ~40 calls; how this
# benchmark measured until the evening of 2026-12-04), reported beside the others.
p50_passes=1 run_pair "hourly summary, one day, after one warm-up pass only (a young connection)" \
  "select * from hourly_calorie_summary where user_id = '%s' and hour_bucket >= '2025-10-15' and hour_bucket < '2025-10-16'" \
  "select * from public.hourly_summary('2025-10-15 00:00Z', '2025-10-16 00:00Z')"
log "measuring: our views through RLS"
view_daily=$(ours_p50 "select * from public.daily_calorie_summary where day_bucket >= '2025-08-31 12:00Z' and day_bucket < '2025-10-30 12:00Z'")
view_hourly=$(ours_p50 "select * from public.hourly_calorie_summary where hour_bucket >= '2025-10-15 00:00Z' and hour_bucket < '2025-10-16 00:00Z'")
view_balance=$(ours_p50 "select * from public.calorie_balance_summary where day_bucket >= '2025-08-31 12:00Z' and day_bucket < '2025-10-30 12:00Z'")
leak=$("${seed[@]}" -tAc "select count(distinct user_id) from daily_calorie_summary")
log "measuring: the floor of a summary function call"
# What any plpgsql RPC function with our functions' attributes costs through the same wrapper
# before it does any work: it returns constant rows (0; 24 like the hourly summary; 60 like the
# daily one) and reads nothing.
"${ours[@]}" -o /dev/null <<'SQL'
create function bench.floor_rows(p_from timestamptz, p_to timestamptz, p_rows integer)
returns setof public.calorie_bucket language plpgsql stable security invoker set search_path = ''
as $$ begin
  return query select null::uuid, p_from, p_to, p_from::timestamp, 'UTC', 1234.56, 170::bigint, 7.26, p_from, p_to,
                      1000.5, 200.06, 34.00, 1::bigint, 72.5
                 from pg_catalog.generate_series(1, p_rows);
end $$;
grant execute on function bench.floor_rows(timestamptz, timestamptz, integer) to authenticated;
SQL
floor_0=$(ours_p50 "select * from bench.floor_rows('2025-10-15 00:00Z', '2025-10-16 00:00Z', 0)")
floor_24=$(ours_p50 "select * from bench.floor_rows('2025-10-15 00:00Z', '2025-10-16 00:00Z', 24)")
floor_60=$(ours_p50 "select * from bench.floor_rows('2025-10-15 00:00Z', '2025-10-16 00:00Z', 60)")
floor_wrapper=$(ours_p50 "select 1")

# Inserts --------------------------------------------------------------------------------------
log "preparing $insert_events insert events in $insert_batches batches"
"${ours[@]}" -o /dev/null <<SQL
create table bench.insert_batches as
select b as batch, u.id as user_id, k.event_type,
       case k.event_type when 'consumed' then round((50 + random() * 700)::numeric, 2)
                         when 'weight' then 72.5
                         else round((random() * 40)::numeric, 2) end as calories_amount,
       timestamptz '2025-10-29 00:00Z' + random() * interval '2 days' as event_timestamp
  from generate_series(1, $insert_batches) b
  join bench.users u on u.i = 1 + (b - 1) % $users
  cross join generate_series(1, 1000) j
  cross join lateral (select case when j % 50 = 0 then 'consumed' when j % 10 = 0 then 'burned_bmr'
                                  when j = 999 then 'weight' else 'burned_exercise' end as event_type) k;
create index on bench.insert_batches (batch);
analyze bench.insert_batches;
grant select on bench.insert_batches to authenticated;
-- Each batch p_first .. p_last is inserted twice, right after each other: once with the rollup
-- triggers disabled and once with them enabled (which comes first alternates with the batch), each
-- in its own transaction, so that the shared machine's load hits both sides of a pair alike. Only
-- the INSERT and its COMMIT are timed, here in the server (no client round trip). The rows inserted
-- without the triggers are deleted again with the triggers still disabled (the rollups stay exact);
-- those inserted with them stay until the end of the benchmark. Returns the two total times.
create procedure bench.run_insert_pairs(p_first integer, p_last integer,
                                        inout p_without double precision default 0, inout p_with double precision default 0)
language plpgsql
as \$\$
declare
  v_user uuid;
  v_with boolean;
  v_t0 timestamptz;
begin
  for b in p_first .. p_last loop
    select user_id into v_user from bench.insert_batches where batch = b limit 1;
    for side in 0 .. 1 loop
      v_with := (b + side) % 2 = 0;
      perform bench.set_rollup_triggers(v_with);
      commit;
      v_t0 := clock_timestamp();
      perform set_config('role', 'authenticated', true);
      perform set_config('request.jwt.claims', json_build_object('sub', v_user, 'role', 'authenticated')::text, true);
      insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp, source)
      select user_id, event_type, calories_amount, event_timestamp, case when v_with then 'google_fit' else 'healthkit' end
        from bench.insert_batches where batch = b;
      commit;
      if v_with then
        p_with := p_with + extract(epoch from clock_timestamp() - v_t0);
      else
        p_without := p_without + extract(epoch from clock_timestamp() - v_t0);
        delete from public.calorie_events where user_id = v_user and source = 'healthkit';
        commit;
      end if;
    end loop;
  end loop;
  perform bench.set_rollup_triggers(true);
end
\$\$;
create function bench.set_rollup_triggers(p_enabled boolean) returns void
language plpgsql
as \$\$
begin
  execute format('alter table public.calorie_events %1\$s trigger calorie_events_rollup_insert, %1\$s trigger calorie_events_rollup_update, %1\$s trigger calorie_events_rollup_delete',
                 case when p_enabled then 'enable' else 'disable' end);
end
\$\$;
SQL
# Rounds of batch pairs (see bench.run_insert_pairs); a round's figures are events/s over its batches.
batches_per_round=$((insert_batches / insert_rounds))
"${ours[@]}" -c "checkpoint" >&2
declare -a without with
for round in $(seq "$insert_rounds"); do
  first=$(((round - 1) * batches_per_round + 1))
  last=$((round * batches_per_round))
  log "insert round $round/$insert_rounds (batches $first-$last, each without and with the rollup triggers)"
  IFS='|' read -r t_without t_with < <("${ours[@]}" -tAc "call bench.run_insert_pairs($first, $last)")
  without+=("$(awk -v s="$t_without" -v n="$((batches_per_round * 1000))" 'BEGIN { printf "%.0f", n / s }')")
  with+=("$(awk -v s="$t_with" -v n="$((batches_per_round * 1000))" 'BEGIN { printf "%.0f", n / s }')")
done
"${ours[@]}" -c "delete from public.calorie_events where source = 'google_fit'" -c "vacuum analyze public.calorie_events" >&2
consistent=$("${ours[@]}" -tAc "select (select count(*) = 0 from (select user_id, slot_start, consumed_count from public.calorie_event_slots
  except select user_id, date_bin('15 minutes', event_timestamp, timestamptz '2000-01-01 00:00Z'), (count(*) filter (where event_type = 'consumed'))::int
  from public.calorie_events group by 1, 2) x)
  and (select count(*) = 0 from (select user_id, day, event_count from public.daily_calorie_totals where event_count > 0
  except select e.user_id, (e.event_timestamp at time zone p.time_zone)::date, (count(*) filter (where e.event_type <> 'weight'))::int
  from public.calorie_events e join public.user_profiles p on p.user_id = e.user_id group by 1, 2) x)
  and (select count(*) = 0 from (select user_id, month, event_count from public.monthly_calorie_totals where event_count > 0
  except select e.user_id, date_trunc('month', e.event_timestamp at time zone p.time_zone)::date, (count(*) filter (where e.event_type <> 'weight'))::int
  from public.calorie_events e join public.user_profiles p on p.user_id = e.user_id group by 1, 2) x)")

total=$(elapsed "$t_start" "$(now)")
pg_version=$("${ours[@]}" -tAc "show server_version")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

# Report ---------------------------------------------------------------------------------------
cat <<MD
## SQL: summaries and inserts, seed schema vs ours

Command: \`sql/bench/run.sh DATABASE_URL\` (BENCH_USERS=$users BENCH_DAYS=$days BENCH_REPS=$reps BENCH_INSERT_EVENTS=$insert_events BENCH_INSERT_ROUNDS=$insert_rounds),
PostgreSQL $pg_version, $(nproc) CPU ($cpu), total run ${total}s.

Data: $n_events events for $users users over $days days (per user and day: 24 burned_bmr, 130 burned_exercise
samples, 12 consumed, 1 weight; loaded in time order), 5 time zones; generated in ${t_gen}s. The same rows are
copied into a database with the seed's Step 2 schema, indexes and views verbatim. Ours: $n_hours hour rows (holding
$n_slots non-empty 15-minute slots), $n_days daily rows, $n_months monthly rows; all-visible after VACUUM (as
autovacuum keeps the rows no longer written): $visibility.

p50 of $reps runs (ms, server-side, rows fully materialized; a different user each run, after $warmup_passes untimed
passes over the users, so caches and the database connection are warm on both sides, as PostgREST's pooled
connections are), measured in $summary_rounds rounds, each the seed's p50 and then ours; the table gives the medians
of the rounds' p50s and of their ratios. The last row repeats the hourly pair after a single warm-up pass (a
connection's first ~40 calls; how this benchmark measured before the evening of 2026-12-04). Seed: its views as their owner, filtered on user_id
(they ignore RLS: \`select count(distinct user_id) from daily_calorie_summary\` returns $leak for anyone). Ours: the
RPC functions as role \`authenticated\` with \`request.jwt.claims\` set, as PostgREST calls them.

| query | seed views (ms) | ours (ms) | speed-up (median of rounds) | rounds' speed-ups |
|---|---:|---:|---:|---:|
MD
for i in "${!names[@]}"; do
  echo "| ${names[$i]} | ${seed_ms[$i]} | ${ours_ms[$i]} | $(awk -v r="${ratios[$i]}" 'BEGIN { printf "%.0f×", r }') | ${ratio_ranges[$i]}× |"
done
cat <<MD

The floor, through the same wrapper: \`select 1\` ${floor_wrapper} ms; a plpgsql function with our functions'
attributes (security invoker, \`set search_path = ''\`, returns setof calorie_bucket) that reads nothing and returns
0 / 24 / 60 constant rows: ${floor_0} / ${floor_24} / ${floor_60} ms (24 rows: the hourly result, 60: the daily one).

Our views through RLS (PostgREST \`GET /daily_calorie_summary?day_bucket=gte…\`): daily 60 days ${view_daily} ms,
hourly one day ${view_hourly} ms, balance 60 days ${view_balance} ms.

Inserts: $insert_events events, $insert_batches batches of 1000 rows (one user, one transaction each, as
\`authenticated\` through RLS, into the last 2 days of existing data so slots and days are updated,
not only created). Every batch is inserted twice in a row, once without and once with the rollup triggers (which
comes first alternates), each in its own transaction; only the INSERT and its COMMIT are timed, inside the database
(\`bench.run_insert_pairs\`). The rows inserted without the triggers are deleted again (untimed). A round is
$batches_per_round such pairs.

| round | without rollup triggers (events/s) | with rollup triggers (events/s) | slowdown |
|---|---:|---:|---:|
MD
for i in "${!without[@]}"; do
  slow=$(awk -v a="${without[$i]}" -v b="${with[$i]}" 'BEGIN { printf "%.1f %%", (a / b - 1) * 100 }')
  echo "| $((i + 1)) | ${without[$i]} | ${with[$i]} | $slow |"
done
# Per round: time per event with / without - 1. Overall: total time per event over all rounds.
median_slow=$(for i in "${!without[@]}"; do awk -v a="${without[$i]}" -v b="${with[$i]}" 'BEGIN { print (a / b - 1) * 100 }'; done |
  sort -g | awk '{ v[NR] = $1 } END { printf "%.1f %%", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
mean_slow=$(for i in "${!without[@]}"; do echo "${without[$i]} ${with[$i]}"; done |
  awk '{ ta += 1 / $1; tb += 1 / $2 } END { printf "%.1f %%", (tb / ta - 1) * 100 }')
cat <<MD

Slowdown with rollup maintenance: median of the $insert_rounds rounds $median_slow; over all rounds $mean_slow
(total time per event). The machine is shared: pairs of the same batch back to back, then medians, keep its
load changes from deciding the figure. Rollups still exact after the insert/delete rounds: $consistent.
MD
