-- Target side, after the events are in: re-create what target_events_begin.sql dropped (same
-- names, same definitions; the foreign keys are validated on re-creation), rebuild the rollups
-- of the migrated users with the target's own function, re-enable the trigger.
set local maintenance_work_mem = '256MB';
set local work_mem = '64MB';
\if :bulk
-- Fresh target: every event is a migrated one; rebuild everything, set-based.
select private.rebuild_calorie_rollups(null) \g /dev/null
do $$
declare
  r record;
begin
  for r in select * from pg_temp.mig_dropped order by ord, name loop
    execute r.ddl;
  end loop;
end
$$;
analyze public.calorie_events;
analyze public.calorie_event_slots;
analyze public.daily_calorie_totals;
\else
-- Other users' data present: rebuild the migrated users only.
select private.rebuild_calorie_rollups(id) from mig_ids order by id \g /dev/null
\endif
alter table public.calorie_events enable trigger calorie_events_rollup_insert;
