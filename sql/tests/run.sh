#!/usr/bin/env bash
# Run the SQL test suite on a throwaway database of the server at DATABASE_URL.
#
#   sql/tests/run.sh DATABASE_URL        # a superuser URL; SQL_TEST_VERBOSE=1 prints every test
#
# 1. creates a fresh database, applies sql/apply.sh twice and checks that the second run changes
#    nothing (schema dump, recorded migrations, demo seed);
# 2. installs pgTAP and dblink in the `extensions` schema and runs sql/tests/pgtap/*.sql with
#    pg_prove (RLS matrix, lints, constraints, DST/bucket semantics, differential, concurrency);
# 3. drops the databases it created. Exits non-zero on any failure.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DATABASE_URL" >&2
  exit 2
fi
admin_url=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sql_dir=$(dirname "$here")
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# URL of another database on the same server.
url_for() {
  local base=${admin_url%%\?*} query=
  [ "$base" != "$admin_url" ] && query="?${admin_url#*\?}"
  if [[ $base =~ ^[a-z]+://[^/]*$ ]]; then
    echo "$base/$1$query"
  else
    echo "${base%/*}/$1$query"
  fi
}

db="calorie_sqltest_$$"
db_url=$(url_for "$db")
psql_admin=(psql "$admin_url" --no-psqlrc --quiet -v ON_ERROR_STOP=1)
psql_db=(psql "$db_url" --no-psqlrc --quiet -v ON_ERROR_STOP=1)

cleanup() {
  "${psql_admin[@]}" -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== fresh database $db"
"${psql_admin[@]}" -c "create database $db"

echo "== apply (first run)"
"$sql_dir/apply.sh" "$db_url"
"${psql_db[@]}" -f "$sql_dir/seed/00_demo_users.sql" >/dev/null

snapshot() {
  pg_dump "$db_url" --schema-only --no-owner | grep -Ev '^\\(un)?restrict '
  "${psql_db[@]}" -tAc "select name, sha256 from calorie_migrations.applied order by name"
  "${psql_db[@]}" -tAc "select id, email, username from public.users order by id"
}
before=$(snapshot)

echo "== apply (second run: must change nothing)"
second=$("$sql_dir/apply.sh" "$db_url")
echo "$second"
"${psql_db[@]}" -f "$sql_dir/seed/00_demo_users.sql" >/dev/null
after=$(snapshot)
if ! grep -q '^apply: 0 migration(s) applied$' <<<"$second"; then
  echo "FAIL: the second apply applied migrations" >&2
  exit 1
fi
if [ "$before" != "$after" ]; then
  echo "FAIL: the second apply changed the database:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "ok: apply is idempotent (schema, migration records and seed unchanged)"

echo "== pgTAP"
"${psql_db[@]}" -c "create extension if not exists pgtap schema extensions" \
  -c "create extension if not exists dblink schema extensions"
prove_args=(--dbname "$db_url" --ext .sql --timer)
[ "${SQL_TEST_VERBOSE:-0}" = 1 ] && prove_args+=(--verbose)
# dblink-based tests connect back to this database.
export CALORIE_TEST_DB_URL="$db_url"
"${psql_db[@]}" -c "alter database $db set calorie.test_db_url = '$db_url'"
pg_prove "${prove_args[@]}" "$here"/pgtap/*.sql
