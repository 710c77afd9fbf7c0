-- Target side, before the events are copied in. The rollup insert trigger is out of the way for
-- the load (the rollups are rebuilt afterwards, set-based) and put back in its former state by
-- target_events_end.sql. On a fresh target (bulk) it is dropped and re-created from its own
-- definition: merely disabled, a trigger with a transition table still makes PostgreSQL keep every
-- inserted row in a tuplestore for it (a million rows spilled to a temporary file, ~9% of the
-- COPY's CPU). With --merge it is only disabled: dropping would lock the live target's readers of
-- calorie_events out until commit, disabling only its writers. Variable bulk: when the target held no
-- users before (a fresh target), the indexes, primary keys, unique and foreign-key constraints
-- of calorie_events and calorie_event_hours are dropped for the load and re-created
-- afterwards from their own catalog definitions (target_events_end.sql): building an index once
-- is several times cheaper than a million random index insertions. (daily_calorie_totals keeps
-- its keys: it is small, and it publishes deletes, which needs its replica identity.) All inside the migration's
-- transaction: nobody ever sees the tables without them, and a failure restores them.
insert into mig_trigger_states (tbl, name, enabled, ddl)
select t.tgrelid::regclass, t.tgname, t.tgenabled, case when :bulk then pg_get_triggerdef(t.oid) end
  from pg_trigger t
 where t.tgrelid = 'public.calorie_events'::regclass and t.tgname = 'calorie_events_rollup_insert';
\if :bulk
drop trigger calorie_events_rollup_insert on public.calorie_events;
\else
alter table public.calorie_events disable trigger calorie_events_rollup_insert;
\endif
create temp table mig_dropped (ord integer, tbl regclass, name text, ddl text) on commit drop;
\if :bulk
insert into mig_dropped (ord, tbl, name, ddl)
select case c.contype when 'p' then 1 when 'u' then 1 else 3 end, c.conrelid::regclass, c.conname,
       format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
  from pg_constraint c
 where c.conrelid in ('public.calorie_events'::regclass, 'public.calorie_event_hours'::regclass)
   and c.contype in ('p', 'u', 'f')
union all
select 2, i.indrelid::regclass, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
  from pg_index i
 where i.indrelid in ('public.calorie_events'::regclass, 'public.calorie_event_hours'::regclass)
   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid);

do $$
declare
  r record;
begin
  -- Foreign keys first (they may depend on the keys), then plain indexes, then the keys.
  for r in select * from pg_temp.mig_dropped order by ord desc loop
    if r.ord = 2 then
      execute format('drop index %s', r.name);
    else
      execute format('alter table %s drop constraint %I', r.tbl, r.name);
    end if;
  end loop;
end
$$;
\endif
