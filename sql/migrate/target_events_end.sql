-- Target side, after the events are in: re-create what target_events_begin.sql dropped (same
-- names, same definitions; the foreign keys are validated on re-creation), rebuild the rollups
-- of the migrated users with the target's own function, put the rollup triggers back.
set local maintenance_work_mem = '256MB';
-- The rebuild hashes the events into ~144k hour rows of 40 aggregates each per 1M events: with
-- 64 MB the hash table would spill to disk.
set local work_mem = '256MB';
\if :bulk
-- Fresh target: every event is a migrated one; rebuild everything, set-based, with the target's
-- own function. Without sorts where a hash will do: with no statistics on the freshly loaded
-- events and hours the planner may otherwise sort them on disk to group them (measured with the
-- earlier, slot-based rebuild: 3.1 vs 2.8 CPU-s). The rebuild's one required sort, writing the
-- hours in key order, still runs.
set local enable_sort = off;
select private.rebuild_calorie_rollups(null) \g /dev/null
set local enable_sort = default;
do $$
declare
  r record;
begin
  for r in select * from pg_temp.mig_dropped order by ord, name loop
    execute r.ddl;
  end loop;
end
$$;
-- Statistics for the columns the summaries and the verification select and join on; autovacuum
-- gathers the rest after the commit. The hours' ~50 columns took ANALYZE 0.6-1.8 s in full, 0.05-0.12 s
-- for these three (measured on the 1M-event bench data).
analyze public.calorie_events (id, user_id, event_type, event_timestamp);
analyze public.calorie_event_hours (user_id, hour_start, local_hour);
analyze public.daily_calorie_totals;
\else
-- Other users' data present: rebuild the migrated users only.
select private.rebuild_calorie_rollups(id) from mig_ids order by id \g /dev/null
\endif
-- The triggers target_load_users.sql disabled and target_events_begin.sql dropped, back as they
-- were (pg_get_triggerdef() does not carry the enabled state: it is set explicitly).
do $$
declare
  r record;
begin
  for r in select * from pg_temp.mig_trigger_states loop
    if r.ddl is not null then
      execute r.ddl;
    end if;
    execute format('alter table %s %s trigger %I', r.tbl,
                   case r.enabled when 'O' then 'enable' when 'D' then 'disable' when 'R' then 'enable replica'
                                  else 'enable always' end, r.name);
  end loop;
end
$$;
