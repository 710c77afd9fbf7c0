-- Target side, step 1 of sql/migrate-data.sh: the one transaction everything is written in.
-- The tool keeps this session open and sends `commit` only after verification succeeded; if the
-- tool dies, psql reads end-of-file, exits, and the server rolls the transaction back.
set timezone = 'UTC';
set datestyle = 'ISO, YMD';
set intervalstyle = 'postgres';
set extra_float_digits = 3;
set client_min_messages = warning;
begin;
-- One migration at a time per target database.
select pg_advisory_xact_lock(7340113, 1) \g /dev/null
-- The source users, as the target will store them (filled by \copy from the source snapshot).
create temp table mig_stage_users (
  id uuid primary key, email text not null, username text not null, created_at timestamptz not null, updated_at timestamptz not null
) on commit drop;
create temp table mig_ids (id uuid primary key) on commit drop;
