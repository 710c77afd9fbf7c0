#!/usr/bin/env bash
# Tests of sql/migrate-data.sh and sql/rollback.sh on throwaway databases of one server.
#
#   sql/migrate/test.sh SUPERUSER_URL
#
# Creates databases named calorie_migtest_<pid>_* (dropped at the end, also on failure) and runs:
#   1m_equal        a generated legacy database (1,002,022 events, edge cases) migrated with
#                   --assume-tz Europe/Rome; checked by this script's own queries, not the tool's
#                   report: row counts, per-user checksums of canonical rows (own mapping, own
#                   time-zone conversion, own conflict rule), per-user per-day sums and counts by
#                   event type, rollups = recomputation from the events, the edge cases one by
#                   one, the target's schema unchanged;
#   idempotent      the same run again: "already migrated", exit 0, target unchanged;
#   refuse_other    a target holding other users: refused, unchanged; accepted with --merge;
#   rollback        --merge into a target with data, then sql/rollback.sh: every written table
#                   equal (checksum) to before;
#   kill9           kill -9 of the tool during the events COPY: target exactly as before; a
#                   rerun completes;
#   violation       rows no rule resolves (31000 kcal, unknown event type, a time before 2000Z):
#                   non-zero exit, the rows named, nothing written;
#   supabase_auth   a Supabase-like auth schema: users without an auth account listed, refused;
#                   accepted with --create-missing-auth-users;
#   dry_run         --dry-run: verified, nothing written;
#   half_hour_zone  --assume-tz Asia/Kolkata (UTC+5:30): migrated and verified, rollups equal to
#                   this script's recomputation.
# Prints PASS/FAIL per test and finally "migrate-data: N passed, M failed"; exits 1 on failure.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 SUPERUSER_URL" >&2
  exit 2
fi
admin_url=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sql_dir=$(dirname "$here")
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning -c jit=off"
prefix="calorie_migtest_$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/calorie-migtest.XXXXXX")

url_for() {
  local base=${admin_url%%\?*} query=
  [ "$base" != "$admin_url" ] && query="?${admin_url#*\?}"
  if [[ $base =~ ^[a-z]+://[^/]*$ ]]; then echo "$base/$1$query"; else echo "${base%/*}/$1$query"; fi
}
q() { local db=$1; shift; psql "$(url_for "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
admin() { psql "$admin_url" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
log() { echo "migrate-test: $*" >&2; }

cleanup() {
  local dbs
  dbs=$(admin -c "select datname from pg_database where datname like '${prefix}_%'" 2>/dev/null || true)
  for db in $dbs; do admin -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
failures=()
# run_test NAME FUNCTION: a test passes when its function returns 0 (a failed check returns 1).
run_test() {
  local name=$1 t0 t1
  # MIGRATE_TESTS="name ..." runs only those (later tests may need earlier ones' databases).
  if [ -n "${MIGRATE_TESTS:-}" ] && ! grep -qw -- "$name" <<<"$MIGRATE_TESTS"; then return 0; fi
  t0=$(date +%s)
  # In the background, so that `set -e` applies inside the test function (it would not in an
  # `if` condition): the first failing command or check ends the test.
  "$2" >"$tmp/$name.log" 2>&1 &
  if wait $!; then
    t1=$(date +%s)
    echo "PASS $name ($((t1 - t0)) s)"
    passed=$((passed + 1))
  else
    t1=$(date +%s)
    echo "FAIL $name ($((t1 - t0)) s)"
    sed 's/^/    /' "$tmp/$name.log" | tail -n 40
    failed=$((failed + 1))
    failures+=("$name")
  fi
}
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "check failed: $1"
    echo "  expected: $(head -c 2000 <<<"$2")"
    echo "  actual:   $(head -c 2000 <<<"$3")"
    return 1
  fi
  echo "ok: $1"
}

# Databases --------------------------------------------------------------------------------------
template="${prefix}_target_template"
admin -c "create database $template"
"$sql_dir/apply.sh" "$(url_for "$template")" >/dev/null
new_target() { admin -c "create database $1 template $template"; }
new_legacy() { # new_legacy NAME USERS DAYS
  admin -c "create database $1"
  q "$1" -f "$sql_dir/bench/seed_schema_tables.sql" >/dev/null
  q "$1" -v users="$2" -v days="$3" -f "$here/generate_legacy.sql" >/dev/null
}
migrate() { "$sql_dir/migrate-data.sh" "$@"; }

# Independent checks (this script's own SQL) ------------------------------------------------------
tz=Europe/Rome
# Per-user md5 of canonical rows, source side: own event-type mapping, own time-zone conversion,
# own active-goal rule, the documented null rules.
src_canonical() {
  q "$1" <<SQL
select 'events', user_id, count(*), md5(string_agg(concat_ws('|', id,
         case lower(trim(event_type))
           when 'consumed' then 'consumed' when 'consumption' then 'consumed' when 'food' then 'consumed'
           when 'meal' then 'consumed' when 'intake' then 'consumed'
           when 'burned_exercise' then 'burned_exercise' when 'exercise' then 'burned_exercise'
           when 'workout' then 'burned_exercise' when 'activity' then 'burned_exercise'
           when 'burned_bmr' then 'burned_bmr' when 'bmr' then 'burned_bmr' when 'basal' then 'burned_bmr'
           when 'weight' then 'weight' when 'weigh_in' then 'weight' when 'body_weight' then 'weight' end,
         calories_amount::text,
         to_char((event_timestamp at time zone '$tz') at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
         to_char((coalesce(created_at, event_timestamp) at time zone '$tz') at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
         coalesce(metadata::text, '<null>'), 'manual'), E'\n' order by id))
  from public.calorie_events group by user_id
union all
select 'users', id, 1, md5(concat_ws('|', id, email, username,
         to_char(coalesce(coalesce(created_at, updated_at) at time zone '$tz', timestamptz '1970-01-01 00:00:00+00') at time zone 'UTC',
                 'YYYY-MM-DD HH24:MI:SS.US')))
  from public.users
union all
select 'profiles', user_id, count(*), md5(string_agg(concat_ws('|', id, coalesce(height_cm::text, '-'), coalesce(weight_kg::text, '-'),
         coalesce(age::text, '-'), coalesce(gender::text, '-'), coalesce(activity_level::text, '-'), '$tz'), E'\n' order by id))
  from public.user_profiles group by user_id
union all
select 'goals', user_id, count(*), md5(string_agg(concat_ws('|', id, daily_calorie_target, goal_type, coalesce(target_weight_kg::text, '-'),
         coalesce(target_date::text, '-'), active), E'\n' order by id))
  from (select g.*, coalesce(is_active, false) and row_number() over (partition by user_id, coalesce(is_active, false)
               order by created_at desc nulls last, updated_at desc nulls last, id desc) = 1 as active
          from public.calorie_goals g) x group by user_id
union all
select 'metabolic', user_id, count(*), md5(string_agg(concat_ws('|', id, bmr, tdee, calories_burned_bmr,
         coalesce(calories_burned_activities::text, '-'), active), E'\n' order by id))
  from (select m.*, coalesce(is_active, false) and row_number() over (partition by user_id, coalesce(is_active, false)
               order by created_at desc nulls last, updated_at desc nulls last, id desc) = 1 as active
          from public.metabolic_profiles m) x group by user_id
order by 1, 2;
SQL
}
tgt_canonical() { # tgt_canonical DB SOURCE_DB: the target rows of the source's users
  q "$2" -c "copy (select id from public.users) to stdout" >"$tmp/ids.tsv"
  q "$1" <<SQL
create temp table ids (id uuid primary key);
\copy ids from '$tmp/ids.tsv'
select 'events', user_id, count(*), md5(string_agg(concat_ws('|', id, event_type, calories_amount::text,
         to_char(event_timestamp at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
         to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
         coalesce(metadata::text, '<null>'), source), E'\n' order by id))
  from public.calorie_events where user_id in (select id from ids) group by user_id
union all
select 'users', id, 1, md5(concat_ws('|', id, email, username, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')))
  from public.users where id in (select id from ids)
union all
select 'profiles', user_id, count(*), md5(string_agg(concat_ws('|', id, coalesce(height_cm::text, '-'), coalesce(weight_kg::text, '-'),
         coalesce(age::text, '-'), coalesce(gender::text, '-'), coalesce(activity_level::text, '-'), time_zone), E'\n' order by id))
  from public.user_profiles where user_id in (select id from ids) group by user_id
union all
select 'goals', user_id, count(*), md5(string_agg(concat_ws('|', id, daily_calorie_target, goal_type, coalesce(target_weight_kg::text, '-'),
         coalesce(target_date::text, '-'), is_active), E'\n' order by id))
  from public.calorie_goals where user_id in (select id from ids) group by user_id
union all
select 'metabolic', user_id, count(*), md5(string_agg(concat_ws('|', id, bmr, tdee, calories_burned_bmr,
         coalesce(calories_burned_activities::text, '-'), is_active), E'\n' order by id))
  from public.metabolic_profiles where user_id in (select id from ids) group by user_id
order by 1, 2;
SQL
}
# Per user, per local day (Europe/Rome) and event type: sum and count.
src_days() {
  q "$1" <<SQL
select user_id, ((event_timestamp at time zone '$tz') at time zone '$tz')::date,
       case lower(trim(event_type))
         when 'consumption' then 'consumed' when 'food' then 'consumed' when 'meal' then 'consumed' when 'intake' then 'consumed'
         when 'exercise' then 'burned_exercise' when 'workout' then 'burned_exercise' when 'activity' then 'burned_exercise'
         when 'bmr' then 'burned_bmr' when 'basal' then 'burned_bmr'
         when 'weigh_in' then 'weight' when 'body_weight' then 'weight' else lower(trim(event_type)) end as t,
       sum(calories_amount), count(*)
  from public.calorie_events group by 1, 2, 3 order by 1, 2, 3;
SQL
}
tgt_days() {
  q "$1" -c "select user_id, (event_timestamp at time zone '$tz')::date, event_type, sum(calories_amount), count(*)
               from public.calorie_events where user_id in (select id from public.users where email not like '%@example.com')
              group by 1, 2, 3 order by 1, 2, 3"
}
# Rollups against a recomputation from the events (this script's own SQL).
rollup_diffs() {
  q "$1" <<'SQL'
with r as (
  select user_id, date_bin('15 minutes', event_timestamp, timestamptz '2000-01-01 00:00:00+00') as slot,
         sum(calories_amount) filter (where event_type = 'consumed') as c, count(*) filter (where event_type = 'consumed') as cn,
         sum(calories_amount) filter (where event_type = 'burned_exercise') as e, count(*) filter (where event_type = 'burned_exercise') as en,
         sum(calories_amount) filter (where event_type = 'burned_bmr') as b, count(*) filter (where event_type = 'burned_bmr') as bn,
         sum(calories_amount) filter (where event_type = 'weight') as w, count(*) filter (where event_type = 'weight') as wn
    from public.calorie_events group by 1, 2
), s as (
  select user_id, slot_start as slot, nullif(consumed, 0) as c, consumed_count::bigint as cn, nullif(burned_exercise, 0) as e,
         burned_exercise_count::bigint as en, nullif(burned_bmr, 0) as b, burned_bmr_count::bigint as bn,
         nullif(weight_kg_sum, 0) as w, weight_count::bigint as wn
    from public.calorie_event_slots
)
select 'slots', count(*) from ((select user_id, slot, nullif(c, 0), cn, nullif(e, 0), en, nullif(b, 0), bn, nullif(w, 0), wn from r)
                               except (select * from s)) x
union all
select 'slots_extra', count(*) from ((select * from s) except (select user_id, slot, nullif(c, 0), cn, nullif(e, 0), en, nullif(b, 0), bn, nullif(w, 0), wn from r)) x
union all
select 'days', count(*) from (
  (select e.user_id, (e.event_timestamp at time zone coalesce(p.time_zone, 'UTC'))::date as day, count(*) filter (where event_type <> 'weight') as n,
          coalesce(sum(calories_amount) filter (where event_type = 'consumed'), 0) as consumed
     from public.calorie_events e left join public.user_profiles p on p.user_id = e.user_id group by 1, 2)
  except
  (select user_id, day, event_count, consumed from public.daily_calorie_totals where event_count + weight_count > 0)) x;
SQL
}
# Checksum of whole tables (rollback / unchanged checks).
table_sums() {
  q "$1" <<'SQL'
select t, n, s from (
  select 'auth.users' as t, count(*) as n, md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) as s from auth.users x
  union all select 'users', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.users x
  union all select 'user_profiles', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.user_profiles x
  union all select 'calorie_goals', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.calorie_goals x
  union all select 'metabolic_profiles', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.metabolic_profiles x
  union all select 'calorie_events', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.calorie_events x
  union all select 'calorie_event_hours', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.calorie_event_hours x
  union all select 'daily_calorie_totals', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from public.daily_calorie_totals x
  union all select 'monthly_calorie_totals', count(*), md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from (select user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event from public.monthly_calorie_totals) x
) y order by 1;
SQL
}
schema_of() { pg_dump "$(url_for "$1")" --schema-only --no-owner | grep -Ev '^\\(un)?restrict |^-- Dumped'; }

# Tests ------------------------------------------------------------------------------------------
L1="${prefix}_legacy_1m"
T1="${prefix}_target_1m"
test_1m_equal() {
  log "generating the 1M-event legacy database"
  new_legacy "$L1" 1000 6
  new_target "$T1"
  local schema_before
  schema_before=$(schema_of "$T1")
  migrate "$(url_for "$L1")" "$(url_for "$T1")" --assume-tz "$tz" --backup-dir "$tmp/backup_1m" >"$tmp/1m.out"
  cat "$tmp/1m.out"
  check "source has >= 1M events" t "$(q "$L1" -c "select count(*) >= 1000000 from public.calorie_events")"
  local t
  for t in users user_profiles calorie_goals metabolic_profiles calorie_events; do
    check "row count of $t" "$(q "$L1" -c "select count(*) from public.$t")" "$(q "$T1" -c "select count(*) from public.$t")"
  done
  check "auth.users rows with the same ids and emails" "$(q "$L1" -c "select count(*) from public.users")" \
    "$(q "$T1" -c "select count(*) from auth.users a join public.users u on u.id = a.id and u.email = a.email")"
  src_canonical "$L1" >"$tmp/src_canon"
  tgt_canonical "$T1" "$L1" >"$tmp/tgt_canon"
  check "per-user checksums of canonical rows (events, users, profiles, goals, metabolic)" "" \
    "$(diff "$tmp/src_canon" "$tmp/tgt_canon" | head -n 10)"
  check "canonical rows compared" "$(wc -l <"$tmp/src_canon")" "$(q "$L1" -c "select (select count(distinct user_id) from calorie_events) + (select count(*) from users)
     + (select count(distinct user_id) from user_profiles) + (select count(distinct user_id) from calorie_goals) + (select count(distinct user_id) from metabolic_profiles)")"
  src_days "$L1" >"$tmp/src_days"
  tgt_days "$T1" >"$tmp/tgt_days"
  check "per-user per-day sums and counts by event type" "" "$(diff "$tmp/src_days" "$tmp/tgt_days" | head -n 10)"
  check "rollups = recomputation from the events" "$(printf 'slots|0\nslots_extra|0\ndays|0')" "$(rollup_diffs "$T1")"
  # Edge cases, one by one.
  check "DST gap: Rome 2025-03-30 02:30 -> 01:30Z (offset before the gap)" "2025-03-30 01:30:00+00" \
    "$(q "$T1" -c "set timezone = 'UTC'" -c "select event_timestamp from calorie_events where id = 'eeeeeeee-0000-4000-8000-000000000e12'")"
  check "DST overlap: Rome 2025-10-26 02:30 -> 01:30Z (the later instant)" "2025-10-26 01:30:00+00" \
    "$(q "$T1" -c "set timezone = 'UTC'" -c "select event_timestamp from calorie_events where id = 'eeeeeeee-0000-4000-8000-000000000e17'")"
  check "DST: 01:59:59 before the overlap -> 23:59:59Z" "2025-10-25 23:59:59+00" \
    "$(q "$T1" -c "set timezone = 'UTC'" -c "select event_timestamp from calorie_events where id = 'eeeeeeee-0000-4000-8000-000000000e15'")"
  check "microseconds kept; 2099-12-31 23:59:59.999999 Rome" "2099-12-31 22:59:59.999999+00" \
    "$(q "$T1" -c "set timezone = 'UTC'" -c "select event_timestamp from calorie_events where id = 'eeeeeeee-0000-4000-8000-000000000e26'")"
  check "zero, 0.01, 24999.99 kcal; 0.01 and 999.99 kg" "0.00 0.01 24999.99 0.01 999.99" \
    "$(q "$T1" -c "select string_agg(calories_amount::text, ' ' order by id) from calorie_events where id in ('eeeeeeee-0000-4000-8000-000000000e01',
      'eeeeeeee-0000-4000-8000-000000000e02', 'eeeeeeee-0000-4000-8000-000000000e03', 'eeeeeeee-0000-4000-8000-000000000e04', 'eeeeeeee-0000-4000-8000-000000000e05')")"
  check "unicode metadata identical" "$(q "$L1" -c "select metadata::text from calorie_events where id = 'eeeeeeee-0000-4000-8000-000000000e02'")" \
    "$(q "$T1" -c "select metadata::text from calorie_events where id = 'eeeeeeee-0000-4000-8000-000000000e02'")"
  check "legacy spellings mapped" "weight consumed burned_exercise burned_bmr weight" \
    "$(q "$T1" -c "select string_agg(event_type, ' ' order by id) from calorie_events where id in ('eeeeeeee-0000-4000-8000-000000000e21',
      'eeeeeeee-0000-4000-8000-000000000e22', 'eeeeeeee-0000-4000-8000-000000000e23', 'eeeeeeee-0000-4000-8000-000000000e24', 'eeeeeeee-0000-4000-8000-000000000e05')")"
  check "user without profile stays without" "0" "$(q "$T1" -c "select count(*) from user_profiles where user_id = 'eeeeeeee-0000-4000-8000-000000000001'")"
  check "two active goals: the newest stays active" "eeeeeeee-0000-4000-8000-0000000000b2" \
    "$(q "$T1" -c "select string_agg(id::text, ',') from calorie_goals where user_id = 'eeeeeeee-0000-4000-8000-000000000002' and is_active")"
  check "two active metabolic profiles tied on created_at: the greater id stays active" "eeeeeeee-0000-4000-8000-0000000000c2" \
    "$(q "$T1" -c "select string_agg(id::text, ',') from metabolic_profiles where user_id = 'eeeeeeee-0000-4000-8000-000000000002' and is_active")"
  check "profiles read in --assume-tz" "Europe/Rome" "$(q "$T1" -c "select string_agg(distinct time_zone, ',') from user_profiles")"
  check "the report names DST gaps and overlaps" "1" "$(grep -c 'calorie_events.event_timestamp: [1-9][0-9]* in a DST gap.*[1-9][0-9]* in a DST overlap' "$tmp/1m.out")"
  local schema_after
  schema_after=$(schema_of "$T1")
  check "target schema unchanged by the migration" "" "$(diff <(echo "$schema_before") <(echo "$schema_after") | head -n 20)"
}

test_idempotent() {
  local before out
  before=$(table_sums "$T1")
  out=$(migrate "$(url_for "$L1")" "$(url_for "$T1")" --assume-tz "$tz" --backup-dir "$tmp/backup_1m_again")
  echo "$out"
  check "reports already migrated" "1" "$(grep -c 'already migrated' <<<"$out")"
  check "target unchanged" "$before" "$(table_sums "$T1")"
}

LS="${prefix}_legacy_small"
test_refuse_other() {
  local T="${prefix}_target_other" before rc=0
  new_legacy "$LS" 40 2
  new_target "$T"
  q "$T" -f "$sql_dir/seed/00_demo_users.sql" >/dev/null
  before=$(table_sums "$T")
  migrate "$(url_for "$LS")" "$(url_for "$T")" --assume-tz "$tz" --backup-dir "$tmp/backup_other" >"$tmp/other.out" 2>&1 || rc=$?
  cat "$tmp/other.out"
  check "refused (exit 1)" 1 "$rc"
  check "says --merge" 1 "$(grep -c -- '--merge' "$tmp/other.out")"
  check "target unchanged" "$before" "$(table_sums "$T")"
  migrate "$(url_for "$LS")" "$(url_for "$T")" --assume-tz "$tz" --merge --backup-dir "$tmp/backup_other_merge"
  check "merged: demo users kept, source users added" "$(($(q "$LS" -c "select count(*) from users") + 2))" "$(q "$T" -c "select count(*) from users")"
}

test_rollback() {
  local T="${prefix}_target_rollback" before
  new_target "$T"
  q "$T" -f "$sql_dir/seed/00_demo_users.sql" >/dev/null
  q "$T" <<'SQL'
insert into public.user_profiles (user_id, time_zone) values ('00000000-0000-4000-8000-00000000a11c', 'America/New_York');
insert into public.calorie_goals (user_id, daily_calorie_target, goal_type) values ('00000000-0000-4000-8000-00000000a11c', 2000, 'maintenance');
insert into public.calorie_events (user_id, event_type, calories_amount, event_timestamp)
select '00000000-0000-4000-8000-00000000a11c', (array['consumed', 'burned_exercise', 'burned_bmr', 'weight'])[1 + g % 4], 10 + g % 500,
       timestamptz '2025-03-01 00:00Z' + g * interval '17 minutes'
  from generate_series(1, 2000) g;
delete from public.calorie_events where calories_amount < 15;  -- leaves zeroed days behind
SQL
  before=$(table_sums "$T")
  migrate "$(url_for "$LS")" "$(url_for "$T")" --assume-tz "$tz" --merge --backup-dir "$tmp/backup_rollback"
  check "migration changed the target" "1" "$([ "$before" != "$(table_sums "$T")" ] && echo 1 || echo 0)"
  "$sql_dir/rollback.sh" "$(url_for "$T")" "$tmp/backup_rollback"
  check "rollback: every written table equal to before (checksums)" "$before" "$(table_sums "$T")"
}

test_kill9() {
  local L="${prefix}_legacy_kill" T="${prefix}_target_kill" before pid n rc=0
  new_legacy "$L" 400 4
  new_target "$T"
  before=$(table_sums "$T")
  # TMPDIR: the killed tool cannot remove its own temporary directory; ours goes at the end.
  TMPDIR="$tmp" "$sql_dir/migrate-data.sh" "$(url_for "$L")" "$(url_for "$T")" --assume-tz "$tz" --backup-dir "$tmp/backup_kill" >"$tmp/kill.out" 2>&1 &
  pid=$!
  n=0
  for _ in $(seq 1 600); do
    n=$(admin -c "select coalesce(max(p.tuples_processed), 0) from pg_stat_progress_copy p join pg_stat_activity a on a.pid = p.pid
                   where a.datname = '$T' and a.application_name = 'calorie-migrate' and p.command = 'COPY FROM'" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 20000 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "events copied when killed: $n"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || rc=$?
  check "killed during the events COPY" 1 "$([ "${n:-0}" -gt 20000 ] && [ "$rc" = 137 ] && echo 1 || echo 0)"
  # The tool's sessions end by themselves (end-of-file on their input): wait for them.
  for _ in $(seq 1 300); do
    [ "$(admin -c "select count(*) from pg_stat_activity where datname = '$T' and application_name like 'calorie-migrate%'")" = 0 ] && break
    sleep 0.2
  done
  check "target exactly as before" "$before" "$(table_sums "$T")"
  migrate "$(url_for "$L")" "$(url_for "$T")" --assume-tz "$tz" --backup-dir "$tmp/backup_kill_rerun" >/dev/null
  check "rerun completes" "$(q "$L" -c "select count(*) from calorie_events")" "$(q "$T" -c "select count(*) from calorie_events")"
}

test_violation() {
  local L="${prefix}_legacy_bad" T="${prefix}_target_bad" before rc=0
  new_legacy "$L" 20 1
  q "$L" <<'SQL' >/dev/null
insert into calorie_events (id, user_id, event_type, calories_amount, event_timestamp) values
  ('bad00000-0000-4000-8000-000000000001', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 31000, '2025-01-01 12:00'),
  ('bad00000-0000-4000-8000-000000000002', 'eeeeeeee-0000-4000-8000-000000000001', 'snack', 100, '2025-01-01 12:00'),
  ('bad00000-0000-4000-8000-000000000003', 'eeeeeeee-0000-4000-8000-000000000001', 'consumed', 100, '2000-01-01 00:30');
SQL
  new_target "$T"
  before=$(table_sums "$T")
  migrate "$(url_for "$L")" "$(url_for "$T")" --assume-tz "$tz" --backup-dir "$tmp/backup_bad" >"$tmp/bad.out" 2>&1 || rc=$?
  cat "$tmp/bad.out"
  check "non-zero exit" 1 "$rc"
  check "31000 kcal row named" 1 "$(grep -c 'bad00000-0000-4000-8000-000000000001: calories_amount_plausible' "$tmp/bad.out")"
  check "unknown event type row named" 1 "$(grep -c "bad00000-0000-4000-8000-000000000002: event_type_known: unmappable legacy event_type 'snack'" "$tmp/bad.out")"
  check "time before 2000Z named" 1 "$(grep -c 'bad00000-0000-4000-8000-000000000003: event_timestamp_plausible' "$tmp/bad.out")"
  check "nothing written" "$before" "$(table_sums "$T")"
}

test_supabase_auth() {
  local T="${prefix}_target_supa" rc=0
  new_target "$T"
  # What GoTrue leaves in a Supabase database: auth.schema_migrations.
  q "$T" -c "create table auth.schema_migrations (version varchar(255) primary key)"
  q "$T" -c "insert into auth.users (id, email) values ('eeeeeeee-0000-4000-8000-000000000001', 'edge.noprofile@legacy.example')"
  migrate "$(url_for "$LS")" "$(url_for "$T")" --assume-tz "$tz" --backup-dir "$tmp/backup_supa" >"$tmp/supa.out" 2>&1 || rc=$?
  cat "$tmp/supa.out"
  check "refused without auth accounts" 1 "$rc"
  check "users without an account listed" 1 "$(grep -c 'auth_account_missing: .* user(s)' "$tmp/supa.out")"
  check "nothing written" 0 "$(q "$T" -c "select count(*) from public.users")"
  migrate "$(url_for "$LS")" "$(url_for "$T")" --assume-tz "$tz" --create-missing-auth-users --backup-dir "$tmp/backup_supa2"
  check "with --create-missing-auth-users: migrated, accounts created" "$(q "$LS" -c "select count(*) from users")" \
    "$(q "$T" -c "select count(*) from auth.users a join public.users u using (id) where a.instance_id is not null or a.id = 'eeeeeeee-0000-4000-8000-000000000001'")"
  check "auth accounts created are listed next to the backup" "$(($(q "$LS" -c "select count(*) from users") - 1))" "$(wc -l <"$tmp/backup_supa2/auth-users-created.txt")"
}

test_dry_run() {
  local T="${prefix}_target_dry" before out
  new_target "$T"
  before=$(table_sums "$T")
  out=$(migrate "$(url_for "$LS")" "$(url_for "$T")" --assume-tz "$tz" --dry-run)
  echo "$out"
  check "verified and rolled back" 1 "$(grep -c 'dry run: loaded and verified' <<<"$out")"
  check "nothing written" "$before" "$(table_sums "$T")"
}

# A zone half an hour off UTC: some UTC hours span two local days, so the source side of the
# verification groups the events by day as well as by hour (source_views.sql).
test_half_hour_zone() {
  local L="${prefix}_legacy_kolkata" T="${prefix}_target_kolkata" out
  # The small legacy database without its 2000-01-01 01:00 edge case (before 2000Z read in India).
  admin -c "create database $L template $LS"
  q "$L" -c "delete from public.calorie_events where event_timestamp < timestamp '2000-01-02'" >/dev/null
  new_target "$T"
  out=$(migrate "$(url_for "$L")" "$(url_for "$T")" --assume-tz Asia/Kolkata --backup-dir "$tmp/backup_kolkata")
  echo "$out"
  check "migrated" 1 "$(grep -c '^## calorie-balance data migration: migrated' <<<"$out")"
  check "every table equal in the report" 8 "$(grep -cE '^\| [a-z_]+ \| [0-9,]+ \| [0-9,]+ \| equal' <<<"$out")"
  check "profiles read in --assume-tz" "Asia/Kolkata" "$(q "$T" -c "select string_agg(distinct time_zone, ',') from user_profiles")"
  check "rollups = recomputation from the events" "$(printf 'slots|0\nslots_extra|0\ndays|0')" "$(rollup_diffs "$T")"
  check "local days that start at 18:30Z" "t" \
    "$(q "$T" -c "select bool_and(to_char(day_start at time zone 'UTC', 'HH24:MI') = '18:30') and count(*) > 0 from daily_calorie_totals where time_zone = 'Asia/Kolkata'")"
}

run_test 1m_equal test_1m_equal
run_test idempotent test_idempotent
run_test refuse_other test_refuse_other
run_test rollback test_rollback
run_test kill9 test_kill9
run_test violation test_violation
run_test supabase_auth test_supabase_auth
run_test dry_run test_dry_run
run_test half_hour_zone test_half_hour_zone

echo "migrate-data: $passed passed, $failed failed"
[ "$failed" = 0 ]
