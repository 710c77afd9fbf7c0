#!/usr/bin/env bash
# Apply pending migrations of sql/migrations/ to DATABASE_URL, in name order.
#
#   sql/apply.sh DATABASE_URL
#
# Each file runs in its own transaction with ON_ERROR_STOP; its name and checksum are recorded in
# calorie_migrations.applied in that same transaction, so a crash leaves either the whole file or
# nothing. A second run applies nothing. A recorded file whose content changed is an error: landed
# migrations are never edited, add a new one instead.
# On plain PostgreSQL (no `auth` schema) the Supabase compat bootstrap is applied first.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DATABASE_URL" >&2
  exit 2
fi
db_url=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql_run=(psql "$db_url" --no-psqlrc --quiet -v ON_ERROR_STOP=1)

has_auth=$("${psql_run[@]}" -tAc "select to_regnamespace('auth') is not null")
if [ "$has_auth" != "t" ]; then
  echo "apply: no auth schema: plain PostgreSQL, applying the Supabase compat bootstrap"
  "${psql_run[@]}" --single-transaction -f "$here/compat/supabase_bootstrap.sql"
fi

"${psql_run[@]}" <<'SQL'
create schema if not exists calorie_migrations;
revoke all on schema calorie_migrations from public;
create table if not exists calorie_migrations.applied (
  name text primary key,
  sha256 text not null,
  applied_at timestamptz not null default now()
);
SQL

applied=0
for file in "$here"/migrations/*.sql; do
  [ -e "$file" ] || continue
  name=$(basename "$file")
  sum=$(sha256sum "$file" | cut -d' ' -f1)
  recorded=$("${psql_run[@]}" -tAc "select sha256 from calorie_migrations.applied where name = '$name'")
  if [ -n "$recorded" ]; then
    if [ "$recorded" != "$sum" ]; then
      echo "apply: $name was applied with another content (sha256 $recorded, now $sum)." >&2
      echo "apply: landed migrations are never edited; add a new migration instead." >&2
      exit 1
    fi
    continue
  fi
  echo "apply: $name"
  # The file and its record commit together: a crash leaves both or neither.
  "${psql_run[@]}" --single-transaction \
    -f "$file" \
    -c "insert into calorie_migrations.applied (name, sha256) values ('$name', '$sum')"
  applied=$((applied + 1))
done
echo "apply: $applied migration(s) applied"
