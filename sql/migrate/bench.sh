#!/usr/bin/env bash
# Benchmark of sql/migrate-data.sh: events per second migrated end to end (preflight, both
# backups, the load, the verification, the commit) for a generated 1M-event legacy database.
#
#   sql/migrate/bench.sh SUPERUSER_URL      # prints a Markdown section on stdout
#
# Creates calorie_migbench_<pid>_legacy / _target on that server and drops them at the end.
# MIGRATE_BENCH_USERS / MIGRATE_BENCH_DAYS change the size (default 1000 x 6 days x 167 events).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 SUPERUSER_URL" >&2
  exit 2
fi
admin_url=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sql_dir=$(dirname "$here")
users=${MIGRATE_BENCH_USERS:-1000}
days=${MIGRATE_BENCH_DAYS:-6}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
prefix="calorie_migbench_$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/calorie-migbench.XXXXXX")

url_for() {
  local base=${admin_url%%\?*} query=
  [ "$base" != "$admin_url" ] && query="?${admin_url#*\?}"
  if [[ $base =~ ^[a-z]+://[^/]*$ ]]; then echo "$base/$1$query"; else echo "${base%/*}/$1$query"; fi
}
admin() { psql "$admin_url" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
legacy="${prefix}_legacy"
target="${prefix}_target"
cleanup() {
  admin -c "drop database if exists $legacy with (force)" -c "drop database if exists $target with (force)" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "migrate-bench: generating $users users x $days days x 167 events" >&2
admin -c "create database $legacy" -c "create database $target"
psql "$(url_for "$legacy")" -X -q -v ON_ERROR_STOP=1 -f "$sql_dir/bench/seed_schema_tables.sql" >/dev/null
psql "$(url_for "$legacy")" -X -q -v ON_ERROR_STOP=1 -v users="$users" -v days="$days" -f "$here/generate_legacy.sql" >/dev/null
"$sql_dir/apply.sh" "$(url_for "$target")" >/dev/null
events=$(psql "$(url_for "$legacy")" -X -q -A -t -c "select count(*) from calorie_events")

echo "migrate-bench: migrating" >&2
t0=$(date +%s.%N)
"$sql_dir/migrate-data.sh" "$(url_for "$legacy")" "$(url_for "$target")" --assume-tz Europe/Rome --backup-dir "$tmp/backup" >"$tmp/report.md"
t1=$(date +%s.%N)
seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
rate=$(awk -v n="$events" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
src_size=$(du -h "$tmp/backup/source.dump" | cut -f1)

cat <<MD
## Legacy data migration (\`sql/migrate-data.sh\`)

$(printf "%'d" "$events") legacy events ($users users, high-frequency samples, edge cases included), \`--assume-tz Europe/Rome\`,
fresh target, on $(nproc) cores ($(date -u +%Y-%m-%d)). End to end: preflight, source backup (\`pg_dump -Fc\`, uncompressed, $src_size,
in the migration's snapshot) and target backup, one snapshot, one transaction, COPY, indexes and rollups, verification
(checksums per table and user, per-user per-day sums, rollups), commit.

| events | total time | events/s (end to end) | target |
|---:|---:|---:|---:|
| $(printf "%'d" "$events") | $seconds s | $(printf "%'d" "$rate") | ≥ 100,000 |

Reproduce: \`sql/migrate/bench.sh "\$DATABASE_URL"\` (superuser URL; creates and drops its own databases).
MD
