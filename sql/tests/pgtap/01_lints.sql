-- Lints written as queries: each lists the offending objects and must list none.
begin;
set search_path = public, extensions;
select plan(14);

select is(array(
  select format('%I.%I', n.nspname, c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p') and n.nspname in ('public', 'private') and not c.relrowsecurity
   order by 1), '{}'::text[],
  'every table in public and private has row-level security enabled');

select is(array(
  select format('%I.%I', n.nspname, c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('v', 'm') and n.nspname = 'public'
     and not coalesce('security_invoker=true' = any (c.reloptions), false)
   order by 1), '{}'::text[],
  'every view in public is security_invoker (no materialized views)');

select is(array(
  select format('%s on %s', p.policyname, p.tablename)
    from pg_policies p
   where p.schemaname = 'public'
     and (  (select count(*) from regexp_matches(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''), 'auth\.(uid|jwt|role)\(\)', 'g'))
          <> (select count(*) from regexp_matches(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''), 'SELECT auth\.(uid|jwt|role)\(\)', 'g')))
   order by 1), '{}'::text[],
  'no policy calls auth.uid()/auth.jwt()/auth.role() per row (each is wrapped in a sub-select)');

select is(array(
  select format('%s on %s (%s, %s)', p.policyname, p.tablename, p.cmd, array_to_string(p.roles, ','))
    from pg_policies p
   where p.schemaname = 'public' and (p.roles <> '{authenticated}' or p.cmd = 'ALL')
   order by 1), '{}'::text[],
  'public policies are per command (no FOR ALL) and to authenticated only');

select is(array(
  select format('%s: %s', t.tablename, t.cmd)
    from (select tablename, cmd, count(*) as n from pg_policies where schemaname = 'public' group by 1, 2) t
   where t.n > 1 order by 1), '{}'::text[],
  'at most one policy per table and command');

select is(array(
  select p.oid::regprocedure::text
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('public', 'private')
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and not coalesce(exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%'), false)
   order by 1), '{}'::text[],
  'every function in public and private pins search_path');

select is(array(
  select p.oid::regprocedure::text
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'public' and p.prosecdef
   order by 1), '{}'::text[],
  'no SECURITY DEFINER function in the exposed schema public');

select is(array(
  select p.oid::regprocedure::text
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('public', 'private') and p.prosecdef
     and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
   order by 1), '{}'::text[],
  'no SECURITY DEFINER function is executable by anon or authenticated');

select is(array(
  select format('%s(%s)', c.conrelid::regclass, array_to_string(array(
           select a.attname from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k), ','))
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
   where c.contype = 'f' and n.nspname in ('public', 'private')
     and not exists (
       select 1 from pg_index i
        where i.indrelid = c.conrelid
          and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
          and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
   order by 1), '{}'::text[],
  'every foreign key is covered by an index starting with its columns');

select is(array(
  select format('%s: %s', c.oid::regclass, p.privilege_type)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    cross join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) p
   where n.nspname in ('public', 'private') and c.relkind in ('r', 'v', 'm', 'p', 'f')
     and p.grantee in ('anon'::regrole, 0)
   order by 1), '{}'::text[],
  'anon (and PUBLIC) have no privilege on any table or view');

select is(array(
  select format('%s.%s: %s', c.oid::regclass, a.attname, p.privilege_type)
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    cross join lateral aclexplode(a.attacl) p
   where n.nspname in ('public', 'private') and p.grantee in ('anon'::regrole, 0)
   order by 1), '{}'::text[],
  'anon (and PUBLIC) have no column privilege either');

select is(array(
  select p.oid::regprocedure::text
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('public', 'private')
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and has_function_privilege('anon', p.oid, 'execute')
   order by 1), '{}'::text[],
  'anon can execute none of our functions');

select is(array(
  select format('%s: %s', c.oid::regclass, p.privilege_type)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    cross join lateral aclexplode(c.relacl) p
   where n.nspname = 'public' and p.grantee = 'authenticated'::regrole
     and p.privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')
   order by 1), '{}'::text[],
  'authenticated has no TRUNCATE / REFERENCES / TRIGGER privilege');

select is(array(select e.extname::text from pg_extension e where e.extnamespace = 'public'::regnamespace order by 1),
  '{}'::text[], 'no extension is installed in public');

select * from finish();
rollback;
