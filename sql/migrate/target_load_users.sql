-- Target side: auth accounts for the source users that have none, then public.users.
-- Plain PostgreSQL (compat bootstrap): a minimal auth.users row with the same id and email.
-- Supabase (only with --create-missing-auth-users): a GoTrue-shaped row without password; the
-- user signs in through password recovery or a magic link.
\if :is_supabase
insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', s.id, 'authenticated', 'authenticated', s.email,
       '{"provider": "email", "providers": ["email"]}', '{}', s.created_at, s.updated_at
  from mig_stage_users s
 where not exists (select 1 from auth.users a where a.id = s.id)
returning id \g :auth_created_file
\else
insert into auth.users (id, aud, role, email, created_at, updated_at)
select s.id, 'authenticated', 'authenticated', s.email, s.created_at, s.updated_at
  from mig_stage_users s
 where not exists (select 1 from auth.users a where a.id = s.id)
returning id \g :auth_created_file
\endif
insert into public.users (id, email, username, created_at, updated_at)
select id, email, username, created_at, updated_at from mig_stage_users order by id;

-- Fresh target (bulk): the profiles' time-zone trigger (user_profiles_rebuild_daily_totals)
-- would rebuild the days of each migrated user once per profile row, before any event is there
-- (~0.14 s for 900 profiles, in the load's critical path); the whole rollups are rebuilt after the
-- events (target_events_end.sql), so it is disabled for the load and put back in its former state
-- there (mig_trigger_states). Inside the transaction: a failure restores it. Not with --merge:
-- disabling takes a lock that blocks the live target's profile writes, for little gain.
create temp table mig_trigger_states (tbl regclass, name text, enabled "char", ddl text) on commit drop;
\if :bulk
insert into mig_trigger_states (tbl, name, enabled)
select t.tgrelid::regclass, t.tgname, t.tgenabled
  from pg_trigger t
 where t.tgrelid = 'public.user_profiles'::regclass and t.tgname = 'user_profiles_rebuild_daily_totals';
alter table public.user_profiles disable trigger user_profiles_rebuild_daily_totals;
\endif
