#!/usr/bin/env bash
# Put a target database back as it was before sql/migrate-data.sh wrote to it.
#
#   sql/rollback.sh TARGET_URL BACKUP
#
# BACKUP: the backup directory migrate-data.sh printed (holding target.dump and manifest.txt),
# or a target.dump file. In ONE transaction (psql --single-transaction: all or nothing):
#  * the written public tables (users, user_profiles, calorie_goals, metabolic_profiles,
#    calorie_events, calorie_event_hours, daily_calorie_totals) are truncated and their data
#    restored from the backup, with the tables' own triggers off while doing so (the rollups come
#    back from the backup as they were, not recomputed; monthly_calorie_totals, the sum of the
#    days per month, is recomputed from the restored days);
#  * auth.users: on plain PostgreSQL (compat bootstrap) it is put back to the backup's rows; on
#    Supabase (where GoTrue owns it and it is not in the backup) only the accounts the migration
#    created (auth-users-created.txt next to the backup) are deleted;
#  * before commit, every restored table's row count and checksum must equal those recorded in
#    manifest.txt when the backup was taken, or nothing is committed.
# Writes made to these tables after the backup are undone too: run it in the maintenance window.
set -euo pipefail

if [ $# -ne 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
  echo "usage: $0 TARGET_URL BACKUP   (BACKUP: the backup directory of sql/migrate-data.sh, or its target.dump)" >&2
  exit 2
fi
tgt_url=$1
backup=$2
die() {
  printf 'rollback: error: %s\n' "$1" >&2
  shift
  for line in "$@"; do printf 'rollback:   %s\n' "$line" >&2; done
  exit 1
}
if [ -d "$backup" ]; then
  dir=$backup
  dump=$backup/target.dump
else
  dir=$(dirname "$backup")
  dump=$backup
fi
[ -r "$dump" ] || die "no readable target backup at '$dump'"
manifest=$dir/manifest.txt
created=$dir/auth-users-created.txt

export PGAPPNAME=calorie-rollback
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning -c jit=off"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/calorie-rollback.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

psql "$tgt_url" -X -q -A -t -c 'select 1' >/dev/null 2>"$tmp/err" || die "cannot connect to the target" "$(cat "$tmp/err")"
pg_restore --list "$dump" >"$tmp/list" 2>"$tmp/err" || die "'$dump' is not readable by pg_restore" "$(cat "$tmp/err")"

public_tables=(users user_profiles calorie_goals metabolic_profiles calorie_events calorie_event_hours daily_calorie_totals)
for t in "${public_tables[@]}"; do
  grep -q "TABLE DATA public $t " "$tmp/list" || die "'$dump' is not a target backup of sql/migrate-data.sh: no data of public.$t"
done
has_auth=0
grep -q "TABLE DATA auth users " "$tmp/list" && has_auth=1
grep -E "TABLE DATA auth users " "$tmp/list" >"$tmp/auth.list" || true
grep -E "TABLE DATA public " "$tmp/list" >"$tmp/public.list"

flavour=$(psql "$tgt_url" -X -q -A -t -c "select case when to_regclass('auth.schema_migrations') is not null
  or exists (select 1 from pg_attribute where attrelid = 'auth.users'::regclass and attname = 'is_sso_user' and not attisdropped)
  then 'supabase' else 'compat' end")
if [ "$flavour" = compat ] && [ $has_auth = 0 ]; then
  die "the target uses the compat auth schema but the backup has no auth.users data"
fi

# The restore script, written out first: psql runs it only if it was produced completely.
quoted_public=$(printf 'public.%s, ' "${public_tables[@]}")
quoted_public=${quoted_public%, }
{
  cat <<SQL
set lock_timeout = '60s';
set timezone = 'UTC';
-- Triggers of the restored tables off (their states are restored exactly at the end).
create temp table rb_triggers as
  select format('%I.%I', n.nspname, c.relname) as tbl, t.tgname, t.tgenabled
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
   where not t.tgisinternal and t.tgrelid in (select unnest(string_to_array('$quoted_public', ', '))::regclass);
do \$\$
declare r record;
begin
  for r in select * from pg_temp.rb_triggers loop
    execute format('alter table %s disable trigger %I', r.tbl, r.tgname);
  end loop;
end
\$\$;
truncate $quoted_public, public.monthly_calorie_totals;
SQL
  if [ "$flavour" = compat ]; then
    echo "create temp table rb_auth_users (like auth.users);"
    pg_restore --data-only -L "$tmp/auth.list" -f - "$dump" | sed -E 's/^COPY auth\.users /COPY pg_temp.rb_auth_users /'
    cat <<'SQL'
-- auth.users as in the backup: rows not there (or different) go, missing ones come back.
delete from auth.users a where not exists (
  select 1 from pg_temp.rb_auth_users b where b.id = a.id and (b.*)::text = (a.*)::text);
insert into auth.users select b.* from pg_temp.rb_auth_users b where not exists (select 1 from auth.users a where a.id = b.id);
SQL
  elif [ -s "$created" ]; then
    echo "delete from auth.users where id in ($(sed -E "s/.*/'&'/" "$created" | paste -sd,));"
  fi
  pg_restore --data-only -L "$tmp/public.list" -f - "$dump"
  echo "set timezone = 'UTC';"
  # Monthly totals are derived from the days (kept by triggers that are off here): recomputed.
  echo "select private.rebuild_monthly_totals();"
  cat <<'SQL'
do $$
declare r record;
begin
  for r in select * from pg_temp.rb_triggers loop
    execute format('alter table %s %s trigger %I', r.tbl,
                   case r.tgenabled when 'D' then 'disable' when 'R' then 'enable replica' when 'A' then 'enable always' else 'enable' end,
                   r.tgname);
  end loop;
end
$$;
SQL
  if [ -r "$manifest" ]; then
    while IFS='|' read -r kind t n sum; do
      [ "$kind" = checksum ] || continue
      if [ "$t" = auth.users ] && [ "$flavour" != compat ]; then continue; fi
      cat <<SQL
do \$\$
declare v_n bigint; v_sum numeric;
begin
  select count(*), coalesce(sum(hash_record_extended(t, 0)::numeric), 0) into v_n, v_sum from $t t;
  if v_n <> $n or v_sum <> $sum then
    raise exception 'rollback: % after restore: % rows, checksum % -- the backup says $n rows, checksum $sum', '$t', v_n, v_sum;
  end if;
end
\$\$;
SQL
    done <"$manifest"
  fi
} >"$tmp/restore.sql" || die "could not prepare the restore script from '$dump'"

psql "$tgt_url" -X -q --single-transaction -v ON_ERROR_STOP=1 -f "$tmp/restore.sql" >"$tmp/out" 2>"$tmp/err" ||
  die "the restore failed; the transaction was rolled back, the target is unchanged" "$(grep -v '^$' "$tmp/err" | tail -n 5)"

echo "rollback: target restored from $dump ($([ -r "$manifest" ] && echo 'row counts and checksums equal to the backup' || echo 'no manifest: not checked'))"
psql "$tgt_url" -X -q -A -t -F ' ' -c "
  select 'rollback:   public.users ' || count(*) from public.users
  union all select 'rollback:   public.calorie_events ' || count(*) from public.calorie_events"
