#!/usr/bin/env bash
# Move the legacy calorie-balance database (the seed plan's schema: naive timestamps, free-text
# event types) into a database prepared with sql/apply.sh: one consistent snapshot of the source,
# one transaction on the target, verified before commit, backed up before anything is written.
#
#   sql/migrate-data.sh SOURCE_URL TARGET_URL [--assume-tz ZONE] [--backup-dir DIR] [--dry-run]
#       [--merge] [--create-missing-auth-users] [--map-event-type SPELLING=TYPE]...
#       [--max-named N] [--backup-compress 0-9]
#
# Steps (docs/MIGRATION.md has the design and every rule):
#  1. preflight: both reachable; source has the seed's tables; target at the latest migration;
#     row counts, an estimate of the time;
#  2. backups (pg_dump -Fc, verified with pg_restore --list): the whole source, read in the
#     migration's own snapshot, and the target tables this run writes; paths printed;
#  3. one REPEATABLE READ snapshot of the source, exported; every source read imports it;
#  4. transformation (sql/migrate/source_views.sql): --assume-tz for naive timestamps, legacy
#     event types mapped, conflicts resolved by documented rules; rows no rule resolves stop the
#     run, named, before anything is written;
#  5. one target transaction: auth accounts, users, profiles, goals, metabolic profiles (COPY),
#     events (COPY; on a fresh target with indexes and keys re-created after the load), rollups
#     rebuilt;
#  6. verification before commit: per table and user, row counts and checksums of the canonical
#     rows; per user and day, sums and counts by event type; rollups; any difference rolls back;
#  7. progress on stderr, the report on stdout;
#  8. a second run on the same data reports "already migrated" and exits 0.
# Exit status: 0 migrated / already migrated / dry run verified; 1 anything refused or failed
# (nothing written); 2 usage.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: sql/migrate-data.sh SOURCE_URL TARGET_URL [options]
  SOURCE_URL                     the legacy database (the seed plan's schema)
  TARGET_URL                     a database prepared with sql/apply.sh (superuser / Supabase postgres role)
  --assume-tz ZONE               IANA zone of the legacy naive timestamps (default UTC)
  --backup-dir DIR               where the backups go (default ./migration-backups/<UTC time>)
  --dry-run                      load and verify inside the transaction, then roll back; no backups
  --merge                        allow a target that already holds other users' data
  --create-missing-auth-users    on Supabase: create auth.users rows for users without an account
  --map-event-type SPELLING=TYPE extra legacy event-type spelling (TYPE: consumed, burned_exercise,
                                 burned_bmr, weight); repeatable
  --max-named N                  rows named per problem kind (default 20)
  --backup-compress 0-9          pg_dump compression level (default 0: zlib costs ~2 CPU-s per million
                                 events; uncompressed backups are ~2.3x larger)
EOF
  exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mig="$here/migrate"

positional=()
tz=UTC
backup_dir=
dry_run=0
merge=0
create_auth=0
extra_map=
max_named=20
compress=0
while [ $# -gt 0 ]; do
  case $1 in
    --assume-tz) [ $# -ge 2 ] || usage; tz=$2; shift 2 ;;
    --assume-tz=*) tz=${1#*=}; shift ;;
    --backup-dir) [ $# -ge 2 ] || usage; backup_dir=$2; shift 2 ;;
    --backup-dir=*) backup_dir=${1#*=}; shift ;;
    --dry-run) dry_run=1; shift ;;
    --merge) merge=1; shift ;;
    --create-missing-auth-users) create_auth=1; shift ;;
    --map-event-type) [ $# -ge 2 ] || usage; extra_map+="${extra_map:+;}$2"; shift 2 ;;
    --map-event-type=*) extra_map+="${extra_map:+;}${1#*=}"; shift ;;
    --max-named) [ $# -ge 2 ] || usage; max_named=$2; shift 2 ;;
    --max-named=*) max_named=${1#*=}; shift ;;
    --backup-compress) [ $# -ge 2 ] || usage; compress=$2; shift 2 ;;
    --backup-compress=*) compress=${1#*=}; shift ;;
    -h | --help) usage ;;
    --*) echo "migrate: unknown option '$1'" >&2; usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -eq 2 ] || usage
src_url=${positional[0]}
tgt_url=${positional[1]}
if [ -z "$src_url" ] || [ -z "$tgt_url" ]; then usage; fi

# Bash's clock (no date/awk process per progress line).
t0=${EPOCHREALTIME/,/.}
# elapsed [START]: seconds since START (default: the start of the run), one decimal.
elapsed() {
  local start=${1:-$t0} now=${EPOCHREALTIME/,/.} us
  us=$(( (${now%.*} - ${start%.*}) * 1000000 + 10#${now#*.} - 10#${start#*.} ))
  printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000))
}
log() { printf 'migrate [%6ss] %s\n' "$(elapsed)" "$*" >&2; }
die() {
  printf 'migrate: error: %s\n' "$1" >&2
  shift
  for line in "$@"; do printf 'migrate:   %s\n' "$line" >&2; done
  exit 1
}
redact() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# Validation of arguments that end up inside SQL or shell command strings.
[[ $tz =~ ^[A-Za-z0-9_+/-]+$ ]] || die "--assume-tz '$tz' is not a time zone name"
[[ $max_named =~ ^[1-9][0-9]*$ ]] || die "--max-named '$max_named' is not a positive integer"
[[ $compress =~ ^[0-9]$ ]] || die "--backup-compress '$compress' is not 0-9"
if [ -n "$extra_map" ]; then
  IFS=';' read -r -a map_entries <<<"$extra_map"
  for entry in "${map_entries[@]}"; do
    [[ $entry =~ ^[^=]+=(consumed|burned_exercise|burned_bmr|weight)$ ]] ||
      die "--map-event-type '$entry' is not SPELLING=TYPE with TYPE one of consumed, burned_exercise, burned_bmr, weight"
  done
fi
case $mig in *[\'\"\$\`\\]*) die "the checkout path '$mig' contains a quote, \$, \` or \\: move it" ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/calorie-migrate.XXXXXX")
case $tmp in *[\'\"\$\`\\\ ]*) die "temporary directory '$tmp' contains a quote or blank: set TMPDIR" ;; esac
bg_pids=()
cleanup() {
  local pid
  for pid in "${bg_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Debian/Ubuntu put a Perl dispatcher (postgresql-common's pg_wrapper) behind /usr/bin/psql, pg_dump
# and pg_restore: ~35 ms of CPU per call, and a run makes ~16 calls, most of them one after the
# other (measured: 0.5 CPU-s and ~0.4 s of wall). The client binaries are called directly instead:
# MIGRATE_PG_BINDIR if set, else, when psql is that wrapper, the newest /usr/lib/postgresql/N/bin
# (pg_wrapper's own choice for pg_dump; a newer psql serves older servers). On PATH first, so the
# `\copy ... from program 'psql ...'` commands use them too.
pg_bindir=${MIGRATE_PG_BINDIR:-}
if [ -z "$pg_bindir" ] && [[ $(readlink -f "$(command -v psql)" 2>/dev/null) == */pg_wrapper ]]; then
  newest=0
  for d in /usr/lib/postgresql/*/bin; do
    v=${d%/bin}
    v=${v##*/}
    if [[ $v =~ ^[0-9]+$ ]] && [ "$v" -gt "$newest" ] && [ -x "$d/psql" ] && [ -x "$d/pg_dump" ] && [ -x "$d/pg_restore" ]; then
      newest=$v
      pg_bindir=$d
    fi
  done
fi
if [ -n "$pg_bindir" ]; then
  if ! [ -x "$pg_bindir/psql" ] || ! [ -x "$pg_bindir/pg_dump" ] || ! [ -x "$pg_bindir/pg_restore" ]; then
    die "MIGRATE_PG_BINDIR '$pg_bindir' does not hold psql, pg_dump and pg_restore"
  fi
  export PATH="$pg_bindir:$PATH"
fi

export PGAPPNAME=calorie-migrate
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning -c jit=off"
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-15}
export MIGRATE_SOURCE_URL=$src_url MIGRATE_EXTRA_MAP=$extra_map

psql_src() { psql "$src_url" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_tgt() { psql "$tgt_url" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
fmt_int() { printf "%'d" "$1" 2>/dev/null || printf '%s' "$1"; }

# Long-lived psql sessions driven through fifos: the tool writes commands and reads the output
# up to a marker. If the tool dies, psql reads end-of-file and exits; an open transaction is
# rolled back by the server.
declare -A sess_in sess_out sess_pid
close_session_fds() {
  local fd
  for fd in "${sess_in[@]}" "${sess_out[@]}"; do eval "exec $fd>&-"; done
}
session_start() {
  local name=$1 url=$2 fin fout
  shift 2
  mkfifo "$tmp/$name.in" "$tmp/$name.out"
  (
    # Not the other sessions' fifos: each psql must see end-of-file when (only) the tool goes.
    close_session_fds
    exec psql "$url" -X -q -A -t -v ON_ERROR_STOP=1 "$@" <"$tmp/$name.in" >"$tmp/$name.out" 2>"$tmp/$name.err"
  ) &
  sess_pid[$name]=$!
  bg_pids+=("$!")
  exec {fin}>"$tmp/$name.in" {fout}<"$tmp/$name.out"
  sess_in[$name]=$fin
  sess_out[$name]=$fout
}
session_send() {
  local name=$1
  shift
  printf '%s\n' "$@" >&"${sess_in[$name]}" || session_died "$name"
}
mark_seq=0
# session_mark NAME VAR: queue a marker and store its text in VAR (to wait for it later).
session_mark() {
  mark_seq=$((mark_seq + 1))
  printf -v "$2" '__calorie_migrate_mark_%s_%s__' "$mark_seq" "$$"
  session_send "$1" "\\echo ${!2}"
}
# session_wait NAME MARK: print the session's output up to MARK.
session_wait() {
  local name=$1 mark=$2 line
  while IFS= read -r -u "${sess_out[$name]}" line; do
    [ "$line" = "$mark" ] && return 0
    printf '%s\n' "$line"
  done
  session_died "$name"
}
# session_run NAME COMMAND...: send and wait.
session_run() {
  local name=$1 mark
  shift
  session_send "$name" "$@"
  session_mark "$name" mark
  session_wait "$name" "$mark"
}
session_died() {
  local errors
  errors=$(tail -n 20 "$tmp/$1.err" 2>/dev/null || true)
  die "the $1 session ended unexpectedly (nothing was committed)" ${errors:+"$errors"}
}
session_close() {
  local name=$1
  eval "exec ${sess_in[$name]}>&- ${sess_out[$name]}<&-"
  wait "${sess_pid[$name]}" 2>/dev/null || true
}

# 1. Preflight ---------------------------------------------------------------------------------
log "source $(redact "$src_url"), target $(redact "$tgt_url"), --assume-tz $tz"
# One query per server: reachable, knows --assume-tz, its version (few connections: this is serial).
server_facts="select count(*), current_setting('server_version_num') from pg_timezone_names where name = '$tz'"
src_facts=$(psql_src -c "$server_facts" 2>"$tmp/err") || die "cannot connect to the source" "$(cat "$tmp/err")"
tgt_facts=$(psql_tgt -c "$server_facts" 2>"$tmp/err") || die "cannot connect to the target" "$(cat "$tmp/err")"
IFS='|' read -r src_tz_known src_ver <<<"$src_facts"
IFS='|' read -r tgt_tz_known tgt_ver <<<"$tgt_facts"

missing=$(psql_src <<'SQL'
select format('public.%s.%s (%s)', r.tbl, r.col, r.typ)
  from (values
    ('users', 'id', 'uuid'), ('users', 'email', ''), ('users', 'username', ''),
    ('users', 'created_at', 'timestamp without time zone'), ('users', 'updated_at', 'timestamp without time zone'),
    ('user_profiles', 'id', 'uuid'), ('user_profiles', 'user_id', 'uuid'), ('user_profiles', 'height_cm', ''),
    ('user_profiles', 'weight_kg', ''), ('user_profiles', 'age', ''), ('user_profiles', 'gender', ''),
    ('user_profiles', 'activity_level', ''), ('user_profiles', 'created_at', 'timestamp without time zone'),
    ('user_profiles', 'updated_at', 'timestamp without time zone'),
    ('calorie_goals', 'id', 'uuid'), ('calorie_goals', 'user_id', 'uuid'), ('calorie_goals', 'daily_calorie_target', ''),
    ('calorie_goals', 'goal_type', ''), ('calorie_goals', 'target_weight_kg', ''), ('calorie_goals', 'target_date', ''),
    ('calorie_goals', 'is_active', ''), ('calorie_goals', 'created_at', 'timestamp without time zone'),
    ('calorie_goals', 'updated_at', 'timestamp without time zone'),
    ('metabolic_profiles', 'id', 'uuid'), ('metabolic_profiles', 'user_id', 'uuid'), ('metabolic_profiles', 'bmr', ''),
    ('metabolic_profiles', 'tdee', ''), ('metabolic_profiles', 'calories_burned_bmr', ''),
    ('metabolic_profiles', 'calories_burned_activities', ''), ('metabolic_profiles', 'calculated_at', 'timestamp without time zone'),
    ('metabolic_profiles', 'is_active', ''), ('metabolic_profiles', 'created_at', 'timestamp without time zone'),
    ('metabolic_profiles', 'updated_at', 'timestamp without time zone'),
    ('calorie_events', 'id', 'uuid'), ('calorie_events', 'user_id', 'uuid'), ('calorie_events', 'event_type', ''),
    ('calorie_events', 'calories_amount', ''), ('calorie_events', 'event_timestamp', 'timestamp without time zone'),
    ('calorie_events', 'metadata', 'jsonb'), ('calorie_events', 'created_at', 'timestamp without time zone')
  ) r (tbl, col, typ)
 where not exists (
   select 1 from information_schema.columns c
    where c.table_schema = 'public' and c.table_name = r.tbl and c.column_name = r.col
      and (r.typ = '' or c.data_type = r.typ))
SQL
) || die "cannot read the source's catalog"
if [ -n "$missing" ]; then
  mapfile -t missing_lines <<<"$missing"
  die "the source does not have the seed's tables (missing, or of another type):" "${missing_lines[@]}"
fi

for side in "source:$src_tz_known" "target:$tgt_tz_known"; do
  [ "${side#*:}" != 0 ] || die "--assume-tz '$tz' is not a time zone the ${side%%:*} server knows (IANA names, case-sensitive)"
done

applied=$(psql_tgt -c "select name || ' ' || sha256 from calorie_migrations.applied order by name" 2>"$tmp/err") ||
  die "the target has no migration records (calorie_migrations.applied): prepare it with sql/apply.sh TARGET_URL" "$(cat "$tmp/err")"
pending=()
while read -r sum file; do
  name=$(basename "$file")
  grep -qx "$name $sum" <<<"$applied" || pending+=("$name")
done < <(sha256sum "$here"/migrations/*.sql)
[ ${#pending[@]} -eq 0 ] ||
  die "the target is not at the latest migration (not applied, or applied with other content):" "${pending[@]}" \
    "run sql/apply.sh TARGET_URL first"

# Row hash of the checksums: hash_record_extended() when both servers have it (>= 14).
# fast_tz: the source may convert the events' naive timestamps with a cast under TimeZone = --assume-tz
# instead of a per-row zone lookup by name (source_views.sql; only when no text form is hashed).
if [ "$src_ver" -ge 140000 ] && [ "$tgt_ver" -ge 140000 ]; then
  row_hash='hash_record_extended(t, 0)'
  fast_tz=true
else
  row_hash="('x' || left(md5(t::text), 16))::bit(64)::bigint"
  fast_tz=false
fi

declare -A src_count tgt_count
tables=(users user_profiles calorie_goals metabolic_profiles calorie_events)
while IFS='|' read -r t n; do src_count[$t]=$n; done < <(psql_src -c "
  select 'users', count(*) from public.users union all select 'user_profiles', count(*) from public.user_profiles
  union all select 'calorie_goals', count(*) from public.calorie_goals union all select 'metabolic_profiles', count(*) from public.metabolic_profiles
  union all select 'calorie_events', count(*) from public.calorie_events")
while IFS='|' read -r t n; do tgt_count[$t]=$n; done < <(psql_tgt -c "
  select 'users', count(*) from public.users union all select 'user_profiles', count(*) from public.user_profiles
  union all select 'calorie_goals', count(*) from public.calorie_goals union all select 'metabolic_profiles', count(*) from public.metabolic_profiles
  union all select 'calorie_events', count(*) from public.calorie_events")
for t in "${tables[@]}"; do
  log "  $(printf '%-19s' "$t") source $(printf '%12s' "$(fmt_int "${src_count[$t]}")")   target $(printf '%12s' "$(fmt_int "${tgt_count[$t]}")")"
done
total_rows=0
for t in "${tables[@]}"; do total_rows=$((total_rows + src_count[$t])); done
# Measured on 2 shared cores (20250101001600's rebuild): 8.9-10.3 s for 1M events, ~11.5 s when the
# machine is busy; ~0.6 s of fixed cost.
log "estimated time: ~$(((src_count[calorie_events] / 100000) + 1)) s for $(fmt_int "$total_rows") rows"
if [ "${src_count[users]}" = 0 ]; then
  echo "migrate-data: the source has no users: nothing to migrate"
  exit 0
fi

# Cheap look before the backups (decided again inside the transaction).
pre=$(psql_tgt -c "create temp table pre_ids (id uuid)" \
  -c "\\copy pre_ids from program 'psql \"\$MIGRATE_SOURCE_URL\" -X -q -c \"copy (select id from public.users) to stdout\"'" \
  -c "select (select count(*) from public.users where id in (select id from pre_ids)) || '|' ||
             (select count(*) from public.users where id not in (select id from pre_ids))" 2>"$tmp/err") ||
  die "cannot compare the source's users with the target's" "$(cat "$tmp/err")"
IFS='|' read -r pre_present pre_other <<<"$pre"
already_candidate=0
if [ "$pre_present" -gt 0 ]; then
  already_candidate=1
  log "the target already holds $pre_present of the ${src_count[users]} source users: verifying instead of loading"
elif [ "$pre_other" -gt 0 ] && [ $merge = 0 ]; then
  die "the target already holds $pre_other users that are not in the source; refusing to mix data (use --merge to add the source's users to them)"
fi

# 3. The snapshot --------------------------------------------------------------------------------
session_start src "$src_url" -v "tz=$tz" -v "extra_map=$extra_map" -v "max_named=$max_named" -v "row_hash=$row_hash" -v "fast_tz=$fast_tz"
session_send src "\\ir $mig/source_views.sql" \
  "create temp table mig_src_groups as select * from mig_calorie_event_groups with no data;" \
  "begin isolation level repeatable read read only;"
snap=$(session_run src "select pg_export_snapshot();")
[[ $snap =~ ^[0-9A-F-]+$ ]] || die "could not export a snapshot of the source (got '$snap')"
log "source snapshot $snap exported (every source read uses it)"

# Source-side work, queued in the snapshot session: the small tables, transformed, into files for
# the target session, and the problem scan (the load waits for these); then, while the target
# loads, the rule counts for the report. The source half of the verification follows once the
# events are in (start_source_verify).
for t in users user_profiles calorie_goals metabolic_profiles; do
  session_send src "copy (select * from mig_$t) to stdout \\g $tmp/mig_$t.tsv"
done
session_send src "\\o $tmp/problems.txt" "\\ir $mig/source_problems.sql" "\\o"
problems_mark=''
verify_mark=''
session_mark src problems_mark
# The source half of the verification (the heaviest source query: it transforms and aggregates
# every event) runs while the target re-creates its keys and rebuilds its rollups, not while the
# events stream: on two cores it would slow the COPY, which the rest of the target's work waits for.
start_source_verify() {
  session_send src "\\o $tmp/report.txt" "\\ir $mig/source_report.sql" "\\o"
  session_send src "\\set user_sums_file $tmp/src_user_sums.tsv" "\\set days_file $tmp/src_days.tsv" "\\ir $mig/source_verify.sql"
  session_mark src verify_mark
}

# 2. Backups -------------------------------------------------------------------------------------
# The whole source, in the migration's own snapshot: exactly the data that is migrated. Started
# once the events are copied (start_source_backup), not with the target's backup: while the
# events stream, both cores are busy (the source's transformation and the target's COPY).
start_source_backup() {
  [ "$source_backup_wanted" = 1 ] && [ -z "$src_dump_pid" ] || return 0
  (
    close_session_fds
    exec pg_dump -Fc -Z"$compress" --snapshot="$snap" -f "$backup_dir/source.dump" "$src_url" 2>"$tmp/source_dump.err"
  ) &
  src_dump_pid=$!
  bg_pids+=("$src_dump_pid")
}
backup_note="none (dry run: nothing is written)"
src_dump_pid=
source_backup_wanted=0
if [ $dry_run = 0 ] && [ $already_candidate = 0 ]; then
  source_backup_wanted=1
  backup_dir=${backup_dir:-./migration-backups/$(date -u +%Y%m%dT%H%M%SZ)}
  mkdir -p "$backup_dir" || die "cannot create the backup directory '$backup_dir'"
  backup_dir=$(cd "$backup_dir" && pwd)
  [ ! -e "$backup_dir/target.dump" ] || die "'$backup_dir' already holds a backup: choose another --backup-dir"

  # The target tables this run writes, data only, with their checksums (same snapshot, computed
  # while pg_dump runs) for sql/rollback.sh to check its own work against.
  session_start tbk "$tgt_url"
  session_send tbk "set timezone = 'UTC';" "set datestyle = 'ISO, YMD';" "set extra_float_digits = 3;" \
    "begin isolation level repeatable read read only;"
  tsnap=$(session_run tbk "select pg_export_snapshot();")
  flavour=$(session_run tbk "select case when to_regclass('auth.schema_migrations') is not null
      or exists (select 1 from pg_attribute where attrelid = 'auth.users'::regclass and attname = 'is_sso_user' and not attisdropped)
      then 'supabase' else 'compat' end;")
  target_tables=(public.users public.user_profiles public.calorie_goals public.metabolic_profiles public.calorie_events
    public.calorie_event_hours public.daily_calorie_totals)
  [ "$flavour" = compat ] && target_tables=(auth.users "${target_tables[@]}")
  for t in "${target_tables[@]}"; do
    session_send tbk "select 'checksum|$t|' || count(*) || '|' || coalesce(sum(hash_record_extended(t, 0)::numeric), 0) from $t t;"
  done
  checksums_mark=''
  session_mark tbk checksums_mark
  dump_args=()
  for t in "${target_tables[@]}"; do dump_args+=(-t "$t"); done
  pg_dump -Fc -Z"$compress" --data-only --snapshot="$tsnap" "${dump_args[@]}" -f "$backup_dir/target.dump" "$tgt_url" \
    2>"$tmp/err" || die "pg_dump of the target failed" "$(cat "$tmp/err")"
  {
    echo "# calorie-balance migration backup of $(redact "$tgt_url") taken $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "auth_flavour|$flavour"
    session_wait tbk "$checksums_mark"
  } >"$backup_dir/manifest.txt"
  session_send tbk "commit;"
  session_close tbk
  pg_restore --list "$backup_dir/target.dump" >"$tmp/target.list" 2>"$tmp/err" ||
    die "the target backup is not readable by pg_restore" "$(cat "$tmp/err")"
  for t in "${target_tables[@]}"; do
    grep -q "TABLE DATA ${t%%.*} ${t#*.} " "$tmp/target.list" || die "the target backup lacks the data of $t"
  done
  log "target backup: $backup_dir/target.dump (${#target_tables[@]} tables, verified with pg_restore --list)"
  backup_note="source $backup_dir/source.dump, target $backup_dir/target.dump (rollback: sql/rollback.sh TARGET_URL $backup_dir)"
fi

# 4. Problems: rows no rule resolves stop the run before anything is written ---------------------
session_wait src "$problems_mark" >/dev/null
log "problem scan done"
problems=$(grep -E '^problem(_count)?\|' "$tmp/problems.txt" || true)
if [ -n "$problems" ]; then
  lines=()
  while IFS='|' read -r kind a b c d; do
    if [ "$kind" = problem_count ]; then lines+=("$a: $c row(s) break rule '$b'"); else lines+=("  $a $b: $c: $d"); fi
  done < <(sort -t'|' -k2,2 -k4,4 -k1,1r <<<"$problems")
  die "legacy rows break target rules that no migration rule resolves; nothing was written. Fix them in the source (or add --map-event-type for unknown event types) and run again:" "${lines[@]}"
fi

# 5. The target transaction ----------------------------------------------------------------------
# The program the target session's \copy reads the transformed events from (in the snapshot).
events_program="psql \"\$MIGRATE_SOURCE_URL\" -X -q -v ON_ERROR_STOP=1 -v tz=$tz -v fast_tz=$fast_tz -v \"extra_map=\$MIGRATE_EXTRA_MAP\" -v snapshot=$snap -f \"$mig/source_copy.sql\""
session_start tgt "$tgt_url" -v bulk=false -v "max_named=$max_named" -v "row_hash=$row_hash" -v "create_auth=$([ $create_auth = 1 ] && echo true || echo false)"
session_run tgt "\\ir $mig/target_begin.sql" "select pg_backend_pid();" >"$tmp/tgt_pid"
tgt_pid=$(cat "$tmp/tgt_pid")
session_run tgt "\\copy mig_stage_users from '$tmp/mig_users.tsv'" >/dev/null
classify_out=$(session_run tgt "\\ir $mig/target_classify.sql")
classify_line=$(grep '^classify|' <<<"$classify_out" | tail -n 1 || true)
IFS='|' read -r _ n_source n_present n_other n_tgt_events flavour <<<"$classify_line"
# Never decide on a misread line: every field must be what target_classify.sql prints.
[[ $n_source =~ ^[0-9]+$ && $n_present =~ ^[0-9]+$ && $n_other =~ ^[0-9]+$ && $flavour =~ ^(supabase|compat)$ ]] ||
  die "could not read the target's classification" "$classify_out"
session_send tgt "\\set auth_flavour $flavour"

mode=load
if [ "$n_present" = "$n_source" ]; then
  mode=verify
elif [ "$n_present" -gt 0 ]; then
  die "the target already holds $n_present of the $n_source source users, but not all: a partial or different migration; refusing" \
    "(restore the target with sql/rollback.sh, or remove those users, and run again)"
elif [ "$n_other" -gt 0 ] && [ $merge = 0 ]; then
  die "the target already holds $n_other users that are not in the source; refusing to mix data (use --merge)"
fi

declare -A auth_info
if [ $mode = load ]; then
  conflicts=()
  while IFS='|' read -r kind a b c; do
    case $kind in
      conflict) conflicts+=("  $a: user $b: $c") ;;
      conflict_count) conflicts+=("$a: $b user(s)") ;;
      auth) auth_info[$a]=$b ;;
    esac
  done < <(session_run tgt "\\ir $mig/target_conflicts.sql")
  if [ ${#conflicts[@]} -gt 0 ]; then
    hint=()
    grep -q 'auth_account_missing' <<<"${conflicts[*]}" &&
      hint=("users without a Supabase auth account: create them first (Supabase dashboard / Admin API, same ids), or rerun with --create-missing-auth-users")
    die "source users conflict with the target; nothing was written:" "${conflicts[@]}" "${hint[@]}"
  fi

  # Fresh target (no other users, no events): indexes and keys re-created after the load.
  bulk=false
  [ "$n_other" = 0 ] && [ "$n_tgt_events" = 0 ] && bulk=true
  log "loading users (auth accounts: ${auth_info[to_create]:-0} to create, ${auth_info[linked]:-0} already there)"
  session_run tgt "\\set is_supabase $([ "$flavour" = supabase ] && echo true || echo false)" "\\set bulk $bulk" \
    "\\set auth_created_file $tmp/auth_created.txt" "\\ir $mig/target_load_users.sql" >/dev/null
  for t in user_profiles calorie_goals metabolic_profiles; do
    case $t in
      user_profiles) cols="id, user_id, height_cm, weight_kg, age, gender, activity_level, time_zone, week_start, created_at, updated_at" ;;
      calorie_goals) cols="id, user_id, daily_calorie_target, goal_type, target_weight_kg, target_date, is_active, created_at, updated_at" ;;
      metabolic_profiles) cols="id, user_id, bmr, tdee, calories_burned_bmr, calories_burned_activities, calculated_at, is_active, created_at, updated_at, equation, activity_level" ;;
    esac
    session_run tgt "\\copy public.$t ($cols) from '$tmp/mig_$t.tsv'" >/dev/null
  done

  log "loading $(fmt_int "${src_count[calorie_events]}") events ($([ $bulk = true ] && echo 'fresh target: indexes and keys re-created after the load' || echo 'target has other data: indexes kept'))"
  session_run tgt "\\ir $mig/target_events_begin.sql" >/dev/null

  # Progress of the COPY, from pg_stat_progress_copy, every 2 s.
  events_total=${src_count[calorie_events]}
  (
    close_session_fds
    start=$(date +%s.%N)
    while kill -0 $$ 2>/dev/null; do
      sleep 2
      done_rows=$(PGAPPNAME=calorie-migrate-progress psql "$tgt_url" -X -q -A -t -c \
        "select tuples_processed from pg_stat_progress_copy where pid = $tgt_pid" 2>/dev/null) || break
      [ -n "$done_rows" ] || continue
      awk -v n="$done_rows" -v total="$events_total" -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {
        rate = n / (b - a); eta = (rate > 0 && total > n) ? (total - n) / rate : 0;
        printf "migrate: calorie_events %d/%d rows (%d%%), %d rows/s, ETA %d s\n", n, total, (total ? 100 * n / total : 100), rate, eta
      }' >&2
    done
  ) &
  progress_pid=$!
  bg_pids+=("$progress_pid")
  t_events=${EPOCHREALTIME/,/.}
  session_run tgt "\\copy public.calorie_events (id, user_id, event_type, calories_amount, event_timestamp, metadata, source, created_at) from program '$events_program' with (format binary)" >/dev/null
  kill "$progress_pid" 2>/dev/null || true
  wait "$progress_pid" 2>/dev/null || true
  log "events copied in $(elapsed "$t_events") s; re-creating indexes and keys, rebuilding rollups"
  start_source_verify
  start_source_backup
  session_run tgt "\\ir $mig/target_events_end.sql" >/dev/null
  log "indexes, keys and rollups done"
fi

# 6. Verification ---------------------------------------------------------------------------------
log "verifying (checksums per table and user, days, rollups)"
[ -n "$verify_mark" ] || start_source_verify
session_wait src "$verify_mark" >/dev/null
log "source side of the verification done"
session_run tgt "create temp table mig_src_user_sums (table_name text, user_id uuid, n bigint, checksum numeric) on commit drop;" \
  "create temp table mig_src_days (user_id uuid, day date, time_zone text, consumed numeric, consumed_count integer,
     burned_exercise numeric, burned_exercise_count integer, burned_bmr numeric, burned_bmr_count integer,
     weight_kg_sum numeric, weight_count integer, first_event timestamptz, last_event timestamptz) on commit drop;" \
  "\\copy mig_src_user_sums from '$tmp/src_user_sums.tsv'" \
  "\\copy mig_src_days from '$tmp/src_days.tsv'" >/dev/null
session_run tgt "\\ir $mig/target_verify.sql" >"$tmp/verify.txt"
log "target side of the verification done"
session_send src "commit;"
session_close src

declare -A v_src v_tgt v_ok
diffs=()
while IFS='|' read -r kind a b c d e; do
  case $kind in
    total) v_src[$a]=$b; v_tgt[$a]=$c; if [ "$b" = "$c" ] && [ "$d" = "$e" ]; then v_ok[$a]=equal; else v_ok[$a]=DIFFERENT; fi ;;
    diff) diffs+=("  $a: user $b: source $c rows, target $d rows (or same count, other content)") ;;
    diff_count) diffs+=("$a: $c user(s) differ") ;;
    day_diff) diffs+=("  day $b of user $a: source [$c] target [$d]") ;;
    day_diff_count) diffs+=("per-user per-day sums: $a day(s) differ") ;;
    month_diff) diffs+=("  month $b of user $a: monthly_calorie_totals differ from the source's days") ;;
    month_diff_count) diffs+=("per-user monthly totals: $a month(s) differ") ;;
    auth_missing) diffs+=("  user $a has no auth.users row") ;;
  esac
done <"$tmp/verify.txt"

report_table() {
  printf '| table | source (transformed) | target | checksum |\n|---|---:|---:|---|\n'
  local t note
  for t in users user_profiles calorie_goals metabolic_profiles calorie_events calorie_event_hours daily_calorie_totals monthly_calorie_totals; do
    case $t in
      calorie_event_hours) note="${v_ok[$t]/equal/equal (hour totals)}" ;;
      daily_calorie_totals) note="${v_ok[$t]/equal/equal (per-user per-day sums and counts by type)}" ;;
      monthly_calorie_totals) note="${v_ok[$t]/equal/equal (the per-day sums added up per month)}" ;;
      *) note=${v_ok[$t]:-?} ;;
    esac
    printf '| %s | %s | %s | %s |\n' "$t" "$(fmt_int "${v_src[$t]:-0}")" "$(fmt_int "${v_tgt[$t]:-0}")" "$note"
  done
}
report_rules() {
  local kind a b c any=0
  while IFS='|' read -r kind a b c _; do
    case $kind in
      rule) echo "- $c: $(fmt_int "$b")"; any=1 ;;
      dst) echo "- $a: $(fmt_int "$b") in a DST gap (read with the offset before the gap: moved forward), $(fmt_int "$c") in a DST overlap (the later instant)"; any=1 ;;
    esac
  done <"$tmp/report.txt"
  [ $any = 1 ] || echo "- nothing"
}

if [ ${#diffs[@]} -gt 0 ]; then
  session_send tgt "rollback;"
  session_close tgt
  report_table >&2
  if [ $mode = verify ]; then
    die "the target already holds the source's users, but their data differs from the source (nothing was written):" "${diffs[@]}"
  fi
  die "verification failed: the target would differ from the source; rolled back, nothing was written:" "${diffs[@]}"
fi

if [ $mode = verify ]; then
  session_send tgt "rollback;"
  session_close tgt
  echo "## calorie-balance data migration: already migrated"
  echo
  echo "The target already holds every source user with identical data (snapshot $snap); nothing written."
  echo
  report_table
  exit 0
fi

# Both backups must be complete before the commit.
start_source_backup
if [ -n "$src_dump_pid" ]; then
  wait "$src_dump_pid" || die "pg_dump of the source failed; rolled back" "$(cat "$tmp/source_dump.err")"
  pg_restore --list "$backup_dir/source.dump" >"$tmp/source.list" 2>"$tmp/err" ||
    die "the source backup is not readable by pg_restore; rolled back" "$(cat "$tmp/err")"
  for t in "${tables[@]}"; do
    grep -q "TABLE DATA public $t " "$tmp/source.list" || die "the source backup lacks the data of public.$t; rolled back"
  done
  log "source backup: $backup_dir/source.dump (verified with pg_restore --list)"
fi

if [ $dry_run = 1 ]; then
  session_send tgt "rollback;"
  session_close tgt
  status="dry run: loaded and verified inside the transaction, then rolled back"
else
  session_run tgt "commit;" >/dev/null
  log "committed"
  session_close tgt
  status="migrated"
  if [ -s "$tmp/auth_created.txt" ]; then
    cp "$tmp/auth_created.txt" "$backup_dir/auth-users-created.txt"
  fi
fi
total_s=$(elapsed)

echo "## calorie-balance data migration: $status"
echo
echo "- source: $(redact "$src_url") (snapshot $snap), target: $(redact "$tgt_url")"
echo "- naive timestamps read as --assume-tz $tz; auth accounts: ${auth_info[to_create]:-0} created ($flavour), ${auth_info[linked]:-0} linked"
echo "- backups: $backup_note"
echo "- time: ${total_s} s, $(awk -v n="${src_count[calorie_events]}" -v s="$total_s" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }') events/s end to end"
echo
report_table
echo
echo "Resolved by rule:"
echo
report_rules
