-- Target side: source users that cannot be written as they are (variables: max_named,
-- auth_flavour, create_auth). Lines:
--   conflict|<kind>|<user id>|<detail>     (at most :max_named per kind)
--   conflict_count|<kind>|<count>
--   auth|to_create|<count>     auth|linked|<count>     auth|email_differs|<count>
create temp view mig_conflicts (kind, id, detail) as
select 'email_taken', s.id, format('email %L belongs to target user %s', s.email, u.id)
  from mig_stage_users s join public.users u on u.email = s.email and u.id <> s.id
union all
select 'username_taken', s.id, format('username %L belongs to target user %s', s.username, u.id)
  from mig_stage_users s join public.users u on u.username = s.username and u.id <> s.id
union all
select 'auth_email_other_id', s.id, format('auth user %s already has email %L', a.id, a.email)
  from mig_stage_users s join auth.users a on lower(a.email) = lower(s.email) and a.id <> s.id
union all
select 'auth_account_missing', s.id, format('%s has no Supabase auth account', s.email)
  from mig_stage_users s
 where :'auth_flavour' = 'supabase' and not :create_auth
   and not exists (select 1 from auth.users a where a.id = s.id);

with c as (
  select kind, id, detail, row_number() over (partition by kind order by id) as n, count(*) over (partition by kind) as total
    from mig_conflicts
)
select 'conflict', kind, id::text, detail from c where n <= :max_named
union all
select distinct 'conflict_count', kind, total::text, null from c
union all
select 'auth', 'to_create', count(*)::text, null from mig_stage_users s where not exists (select 1 from auth.users a where a.id = s.id)
union all
select 'auth', 'linked', count(*)::text, null from mig_stage_users s where exists (select 1 from auth.users a where a.id = s.id)
union all
select 'auth', 'email_differs', count(*)::text, null
  from mig_stage_users s join auth.users a on a.id = s.id and lower(a.email) is distinct from lower(s.email)
order by 1, 2, 3;
