-- Realtime: publish what a live dashboard needs in supabase_realtime.
--
-- Published: calorie_events, calorie_goals, metabolic_profiles and daily_calorie_totals (the
-- per-day totals as a table: a view cannot be published). Realtime checks each subscriber's RLS
-- select policy for INSERT and UPDATE changes, so a client only receives its own rows.
--
-- Replica identity: DEFAULT (primary key) for all four, on purpose. Supabase Realtime does not
-- apply RLS to DELETE changes and, on an RLS table, sends only the primary key of the old row even
-- with REPLICA IDENTITY FULL; FULL would only add WAL volume to a high-frequency table. Every
-- primary key here is a random uuid, so a broadcast delete reveals nothing; daily_calorie_totals
-- rows are zeroed instead of deleted, so a dashboard sees UPDATEs with the new totals.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

do $$
declare
  v_table text;
begin
  foreach v_table in array array['calorie_events', 'calorie_goals', 'metabolic_profiles', 'daily_calorie_totals'] loop
    if not exists (select 1 from pg_catalog.pg_publication_tables
                    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = v_table) then
      execute format('alter publication supabase_realtime add table public.%I', v_table);
    end if;
  end loop;
end
$$;

alter table public.calorie_events replica identity default;
alter table public.calorie_goals replica identity default;
alter table public.metabolic_profiles replica identity default;
alter table public.daily_calorie_totals replica identity default;
