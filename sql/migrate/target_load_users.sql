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
