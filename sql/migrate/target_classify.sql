-- Target side: what the target already holds, relative to the source's users. One line:
--   classify|source users|already in target|other users in target|events in target|auth flavour
-- auth flavour: 'supabase' when GoTrue manages the auth schema (auth.schema_migrations exists or
-- auth.users has Supabase's is_sso_user column), 'compat' for sql/compat/supabase_bootstrap.sql.
insert into mig_ids select id from mig_stage_users;
analyze mig_ids;
select 'classify',
       (select count(*) from mig_ids),
       (select count(*) from public.users u where u.id in (select id from mig_ids)),
       (select count(*) from public.users u where u.id not in (select id from mig_ids)),
       (select count(*) from public.calorie_events),
       case when to_regclass('auth.schema_migrations') is not null
              or exists (select 1 from pg_attribute where attrelid = 'auth.users'::regclass and attname = 'is_sso_user' and not attisdropped)
            then 'supabase' else 'compat' end;
