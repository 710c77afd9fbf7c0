-- Hourly and monthly totals in the profile's time zone: the hourly and monthly summaries read
-- finished rows, as the daily one does.
--
-- Measured on sql/bench/run.sh's data (5M events, 500 users; p50 through the benchmark's wrapper on
-- a quiet machine, where a plpgsql function with these attributes returning 24 constant rows costs
-- 0.056 ms):
--
-- * hourly_summary aggregated a day's ~100 15-minute slots per call (~100 heap pages, a zone
--   conversion and four numeric sums per slot): 0.29-0.36 ms against the seed view's 10.4 ms. It
--   now reads ~24 rows of hourly_calorie_totals through their covering key: 0.065-0.074 ms.
-- * monthly_summary summed each month's ~30 daily rows (0.121-0.124 ms, ~100x the seed); it now
--   reads one row of monthly_calorie_totals per month.
-- * With p_tz omitted (the usual call: the profile's zone) the hourly, daily and monthly
--   summaries no longer look the profile up: the rollup rows carry their zone, and the range is
--   bounded by their stored start instants. A zone passed in p_tz still looks the profile up,
--   uses the rollup rows when it is the profile's zone, and otherwise aggregates the slots.
--
-- Both tables are kept by the same statement-level triggers as the slots and days, in the same
-- transaction, and recomputed with the days when the profile's zone changes. An hour row is keyed
-- by (user, hour start, local hour): in a zone whose clocks move by 30 minutes
-- (Australia/Lord_Howe) two local hours can start within one UTC hour. Rows of emptied hours and
-- months are deleted (neither table is published for realtime, so no subscriber sees a DELETE).
-- Each has one index, its key, covering every summary column (an index-only read). Their
-- updates are therefore not HOT; a 1000-event batch over two days updates ~48 hours and 1-2
-- months (sql/bench/run.sh measures the insert cost with and without the rollups).

-- Hourly totals ---------------------------------------------------------------------------------

create table public.hourly_calorie_totals (
  user_id uuid not null references public.users (id) on delete cascade,
  hour_start timestamptz not null,
  local_hour timestamp not null,
  time_zone text not null,
  consumed numeric not null default 0,
  consumed_count integer not null default 0,
  burned_exercise numeric not null default 0,
  burned_exercise_count integer not null default 0,
  burned_bmr numeric not null default 0,
  burned_bmr_count integer not null default 0,
  weight_kg_sum numeric not null default 0,
  weight_count integer not null default 0,
  first_event timestamptz,
  last_event timestamptz,
  total_calories numeric generated always as (consumed + burned_exercise + burned_bmr) stored,
  event_count integer generated always as (consumed_count + burned_exercise_count + burned_bmr_count) stored,
  avg_calories_per_event numeric generated always as
    ((consumed + burned_exercise + burned_bmr) / nullif(consumed_count + burned_exercise_count + burned_bmr_count, 0)) stored,
  avg_weight_kg numeric generated always as (weight_kg_sum / nullif(weight_count, 0)) stored,
  constraint hourly_calorie_totals_pkey primary key (user_id, hour_start, local_hour) include (time_zone, total_calories,
    event_count, avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg),
  constraint counts_non_negative check (consumed_count >= 0 and burned_exercise_count >= 0 and burned_bmr_count >= 0 and weight_count >= 0)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
comment on table public.hourly_calorie_totals is
  'Per-hour totals in the user''s profile time zone (hour_start: the instant the local hour local_hour starts), kept exact by triggers. Rows of emptied hours are deleted.';

-- Monthly totals --------------------------------------------------------------------------------

create table public.monthly_calorie_totals (
  user_id uuid not null references public.users (id) on delete cascade,
  month date not null,
  time_zone text not null,
  consumed numeric not null default 0,
  consumed_count integer not null default 0,
  burned_exercise numeric not null default 0,
  burned_exercise_count integer not null default 0,
  burned_bmr numeric not null default 0,
  burned_bmr_count integer not null default 0,
  weight_kg_sum numeric not null default 0,
  weight_count integer not null default 0,
  first_event timestamptz,
  last_event timestamptz,
  total_calories numeric generated always as (consumed + burned_exercise + burned_bmr) stored,
  event_count integer generated always as (consumed_count + burned_exercise_count + burned_bmr_count) stored,
  avg_calories_per_event numeric generated always as
    ((consumed + burned_exercise + burned_bmr) / nullif(consumed_count + burned_exercise_count + burned_bmr_count, 0)) stored,
  avg_weight_kg numeric generated always as (weight_kg_sum / nullif(weight_count, 0)) stored,
  month_start timestamptz generated always as (month::timestamp at time zone time_zone) stored,
  month_end timestamptz generated always as ((month + interval '1 month')::timestamp at time zone time_zone) stored,
  constraint monthly_calorie_totals_pkey primary key (user_id, month) include (time_zone, total_calories, event_count,
    avg_calories_per_event, first_event, last_event, consumed, burned_exercise, burned_bmr, weight_count, avg_weight_kg,
    month_start, month_end),
  constraint month_is_first_day check (month = date_trunc('month', month)::date),
  constraint counts_non_negative check (consumed_count >= 0 and burned_exercise_count >= 0 and burned_bmr_count >= 0 and weight_count >= 0)
) with (fillfactor = 80);
comment on table public.monthly_calorie_totals is
  'Per-month totals in the user''s profile time zone (month: its first local day), kept exact by triggers. Rows of emptied months are deleted.';
comment on column public.monthly_calorie_totals.month_start is 'The instant the local month starts in time_zone.';
comment on column public.monthly_calorie_totals.month_end is 'The instant the next local month starts in time_zone.';

alter table public.hourly_calorie_totals enable row level security;
alter table public.monthly_calorie_totals enable row level security;
create policy "hourly_calorie_totals: read own" on public.hourly_calorie_totals for select to authenticated using ((select auth.uid()) = user_id);
create policy "monthly_calorie_totals: read own" on public.monthly_calorie_totals for select to authenticated using ((select auth.uid()) = user_id);
-- No insert/update/delete policy and no write privilege: only the triggers write.
revoke all on public.hourly_calorie_totals, public.monthly_calorie_totals from public, anon, authenticated, service_role;
grant select on public.hourly_calorie_totals, public.monthly_calorie_totals to authenticated, service_role;

-- Maintenance -----------------------------------------------------------------------------------

-- The hours (with their local day and month) that the removed slots of p_deltas belong to, in
-- each user's profile zone: the rows whose first/last must be recomputed, or that may be empty.
create function private.rollup_keys_of_removed(p_deltas private.slot_delta[])
returns table (user_id uuid, hour_start timestamptz, local_hour timestamp, day date, month date, time_zone text)
language sql
stable
set search_path = ''
as $$
  select distinct k.user_id, k.slot_start - (k.local_ts - date_trunc('hour', k.local_ts)), date_trunc('hour', k.local_ts),
         k.local_ts::date, date_trunc('month', k.local_ts)::date, k.tz
    from (
      select d.user_id, d.slot_start, z.tz, d.slot_start at time zone z.tz as local_ts
        from unnest(p_deltas) d
        cross join lateral (
          select coalesce((select p.time_zone from public.user_profiles p where p.user_id = d.user_id), 'UTC') as tz
        ) z
       where d.removed
    ) k
$$;
revoke all on function private.rollup_keys_of_removed(private.slot_delta[]) from public, anon, authenticated, service_role;

-- Same contract as 20250101000200's version, plus hours and months. Deltas that only add events
-- (every delta of an insert) go through upserts; deltas of slots that lost events (deletes,
-- updates) through updates of rows that exist, then emptied rows and first/last are fixed. Rows
-- are locked in the same order on both paths: slots, then (one statement) days, hours, months.
-- Each slot is converted to local time once; days and months are summed from its hours.
create or replace function private.apply_slot_deltas(p_deltas private.slot_delta[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_removed boolean;
begin
  if coalesce(cardinality(p_deltas), 0) = 0 then
    return;
  end if;
  v_removed := exists (select 1 from unnest(p_deltas) d where d.removed);

  -- Writers share a per-user lock; a time-zone change takes it exclusively (see the rebuilds), so
  -- the zones read below cannot change before this transaction ends.
  perform pg_catalog.pg_advisory_xact_lock_shared(1128, pg_catalog.hashtext(u.user_id::text))
     from (select distinct d.user_id from unnest(p_deltas) d order by 1) u;

  -- Added events only: upserts.
  insert into public.calorie_event_slots as s
    (user_id, slot_start, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select d.user_id, d.slot_start, d.consumed, d.consumed_count, d.burned_exercise, d.burned_exercise_count,
         d.burned_bmr, d.burned_bmr_count, d.weight_kg_sum, d.weight_count, d.first_event, d.last_event
    from unnest(p_deltas) d
   where not d.removed
   order by d.user_id, d.slot_start
  on conflict (user_id, slot_start) do update set
    consumed = s.consumed + excluded.consumed,
    consumed_count = s.consumed_count + excluded.consumed_count,
    burned_exercise = s.burned_exercise + excluded.burned_exercise,
    burned_exercise_count = s.burned_exercise_count + excluded.burned_exercise_count,
    burned_bmr = s.burned_bmr + excluded.burned_bmr,
    burned_bmr_count = s.burned_bmr_count + excluded.burned_bmr_count,
    weight_kg_sum = s.weight_kg_sum + excluded.weight_kg_sum,
    weight_count = s.weight_count + excluded.weight_count,
    first_event = least(s.first_event, excluded.first_event),
    last_event = greatest(s.last_event, excluded.last_event);

  with zones as materialized (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d) u
  ), local_slots as materialized (
    select d.*, z.tz, d.slot_start at time zone z.tz as local_ts
      from unnest(p_deltas) d
      join zones z on z.user_id = d.user_id
     where not d.removed
  ), hour_deltas as materialized (
    select l.user_id, l.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_start,
           date_trunc('hour', l.local_ts) as local_hour, l.tz,
           sum(l.consumed) as consumed, sum(l.consumed_count)::integer as consumed_count,
           sum(l.burned_exercise) as burned_exercise, sum(l.burned_exercise_count)::integer as burned_exercise_count,
           sum(l.burned_bmr) as burned_bmr, sum(l.burned_bmr_count)::integer as burned_bmr_count,
           sum(l.weight_kg_sum) as weight_kg_sum, sum(l.weight_count)::integer as weight_count,
           min(l.first_event) as first_event, max(l.last_event) as last_event
      from local_slots l
     group by 1, 2, 3, 4
  ), day_deltas as materialized (
    select hd.user_id, hd.local_hour::date as day, hd.tz,
           sum(hd.consumed) as consumed, sum(hd.consumed_count)::integer as consumed_count,
           sum(hd.burned_exercise) as burned_exercise, sum(hd.burned_exercise_count)::integer as burned_exercise_count,
           sum(hd.burned_bmr) as burned_bmr, sum(hd.burned_bmr_count)::integer as burned_bmr_count,
           sum(hd.weight_kg_sum) as weight_kg_sum, sum(hd.weight_count)::integer as weight_count,
           min(hd.first_event) as first_event, max(hd.last_event) as last_event
      from hour_deltas hd
     group by 1, 2, 3
  ), hours_added as (
    insert into public.hourly_calorie_totals as h
      (user_id, hour_start, local_hour, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select hd.user_id, hd.hour_start, hd.local_hour, hd.tz, hd.consumed, hd.consumed_count, hd.burned_exercise,
           hd.burned_exercise_count, hd.burned_bmr, hd.burned_bmr_count, hd.weight_kg_sum, hd.weight_count,
           hd.first_event, hd.last_event
      from hour_deltas hd
     order by hd.user_id, hd.hour_start, hd.local_hour
    on conflict (user_id, hour_start, local_hour) do update set
      consumed = h.consumed + excluded.consumed,
      consumed_count = h.consumed_count + excluded.consumed_count,
      burned_exercise = h.burned_exercise + excluded.burned_exercise,
      burned_exercise_count = h.burned_exercise_count + excluded.burned_exercise_count,
      burned_bmr = h.burned_bmr + excluded.burned_bmr,
      burned_bmr_count = h.burned_bmr_count + excluded.burned_bmr_count,
      weight_kg_sum = h.weight_kg_sum + excluded.weight_kg_sum,
      weight_count = h.weight_count + excluded.weight_count,
      first_event = least(h.first_event, excluded.first_event),
      last_event = greatest(h.last_event, excluded.last_event)
  ), months_added as (
    insert into public.monthly_calorie_totals as m
      (user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select dd.user_id, date_trunc('month', dd.day)::date, dd.tz,
           sum(dd.consumed), sum(dd.consumed_count)::integer, sum(dd.burned_exercise), sum(dd.burned_exercise_count)::integer,
           sum(dd.burned_bmr), sum(dd.burned_bmr_count)::integer, sum(dd.weight_kg_sum), sum(dd.weight_count)::integer,
           min(dd.first_event), max(dd.last_event)
      from day_deltas dd
     group by dd.user_id, 2, dd.tz
     order by dd.user_id, 2
    on conflict (user_id, month) do update set
      consumed = m.consumed + excluded.consumed,
      consumed_count = m.consumed_count + excluded.consumed_count,
      burned_exercise = m.burned_exercise + excluded.burned_exercise,
      burned_exercise_count = m.burned_exercise_count + excluded.burned_exercise_count,
      burned_bmr = m.burned_bmr + excluded.burned_bmr,
      burned_bmr_count = m.burned_bmr_count + excluded.burned_bmr_count,
      weight_kg_sum = m.weight_kg_sum + excluded.weight_kg_sum,
      weight_count = m.weight_count + excluded.weight_count,
      first_event = least(m.first_event, excluded.first_event),
      last_event = greatest(m.last_event, excluded.last_event)
  )
  insert into public.daily_calorie_totals as t
    (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select dd.user_id, dd.day, dd.tz, dd.consumed, dd.consumed_count, dd.burned_exercise, dd.burned_exercise_count,
         dd.burned_bmr, dd.burned_bmr_count, dd.weight_kg_sum, dd.weight_count, dd.first_event, dd.last_event
    from day_deltas dd
   order by dd.user_id, dd.day
  on conflict (user_id, day) do update set
    consumed = t.consumed + excluded.consumed,
    consumed_count = t.consumed_count + excluded.consumed_count,
    burned_exercise = t.burned_exercise + excluded.burned_exercise,
    burned_exercise_count = t.burned_exercise_count + excluded.burned_exercise_count,
    burned_bmr = t.burned_bmr + excluded.burned_bmr,
    burned_bmr_count = t.burned_bmr_count + excluded.burned_bmr_count,
    weight_kg_sum = t.weight_kg_sum + excluded.weight_kg_sum,
    weight_count = t.weight_count + excluded.weight_count,
    first_event = least(t.first_event, excluded.first_event),
    last_event = greatest(t.last_event, excluded.last_event),
    updated_at = now();

  if not v_removed then
    return;
  end if;

  -- Slots that lost events: their rows exist (unless a cascade removed them: then nothing to do).
  update public.calorie_event_slots as s set
    consumed = s.consumed + d.consumed,
    consumed_count = s.consumed_count + d.consumed_count,
    burned_exercise = s.burned_exercise + d.burned_exercise,
    burned_exercise_count = s.burned_exercise_count + d.burned_exercise_count,
    burned_bmr = s.burned_bmr + d.burned_bmr,
    burned_bmr_count = s.burned_bmr_count + d.burned_bmr_count,
    weight_kg_sum = s.weight_kg_sum + d.weight_kg_sum,
    weight_count = s.weight_count + d.weight_count
    from unnest(p_deltas) d
   where d.removed and s.user_id = d.user_id and s.slot_start = d.slot_start;

  with zones as materialized (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d) u
  ), local_slots as materialized (
    select d.*, z.tz, d.slot_start at time zone z.tz as local_ts
      from unnest(p_deltas) d
      join zones z on z.user_id = d.user_id
     where d.removed
  ), hour_deltas as materialized (
    select l.user_id, l.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_start,
           date_trunc('hour', l.local_ts) as local_hour,
           sum(l.consumed) as consumed, sum(l.consumed_count)::integer as consumed_count,
           sum(l.burned_exercise) as burned_exercise, sum(l.burned_exercise_count)::integer as burned_exercise_count,
           sum(l.burned_bmr) as burned_bmr, sum(l.burned_bmr_count)::integer as burned_bmr_count,
           sum(l.weight_kg_sum) as weight_kg_sum, sum(l.weight_count)::integer as weight_count
      from local_slots l
     group by 1, 2, 3
  ), day_deltas as materialized (
    select hd.user_id, hd.local_hour::date as day,
           sum(hd.consumed) as consumed, sum(hd.consumed_count)::integer as consumed_count,
           sum(hd.burned_exercise) as burned_exercise, sum(hd.burned_exercise_count)::integer as burned_exercise_count,
           sum(hd.burned_bmr) as burned_bmr, sum(hd.burned_bmr_count)::integer as burned_bmr_count,
           sum(hd.weight_kg_sum) as weight_kg_sum, sum(hd.weight_count)::integer as weight_count
      from hour_deltas hd
     group by 1, 2
  ), hours_changed as (
    update public.hourly_calorie_totals as h set
      consumed = h.consumed + hd.consumed,
      consumed_count = h.consumed_count + hd.consumed_count,
      burned_exercise = h.burned_exercise + hd.burned_exercise,
      burned_exercise_count = h.burned_exercise_count + hd.burned_exercise_count,
      burned_bmr = h.burned_bmr + hd.burned_bmr,
      burned_bmr_count = h.burned_bmr_count + hd.burned_bmr_count,
      weight_kg_sum = h.weight_kg_sum + hd.weight_kg_sum,
      weight_count = h.weight_count + hd.weight_count
      from hour_deltas hd
     where h.user_id = hd.user_id and h.hour_start = hd.hour_start and h.local_hour = hd.local_hour
  ), months_changed as (
    update public.monthly_calorie_totals as m set
      consumed = m.consumed + md.consumed,
      consumed_count = m.consumed_count + md.consumed_count,
      burned_exercise = m.burned_exercise + md.burned_exercise,
      burned_exercise_count = m.burned_exercise_count + md.burned_exercise_count,
      burned_bmr = m.burned_bmr + md.burned_bmr,
      burned_bmr_count = m.burned_bmr_count + md.burned_bmr_count,
      weight_kg_sum = m.weight_kg_sum + md.weight_kg_sum,
      weight_count = m.weight_count + md.weight_count
      from (
        select dd.user_id, date_trunc('month', dd.day)::date as month,
               sum(dd.consumed) as consumed, sum(dd.consumed_count)::integer as consumed_count,
               sum(dd.burned_exercise) as burned_exercise, sum(dd.burned_exercise_count)::integer as burned_exercise_count,
               sum(dd.burned_bmr) as burned_bmr, sum(dd.burned_bmr_count)::integer as burned_bmr_count,
               sum(dd.weight_kg_sum) as weight_kg_sum, sum(dd.weight_count)::integer as weight_count
          from day_deltas dd
         group by 1, 2
      ) md
     where m.user_id = md.user_id and m.month = md.month
  )
  update public.daily_calorie_totals as t set
      consumed = t.consumed + dd.consumed,
      consumed_count = t.consumed_count + dd.consumed_count,
      burned_exercise = t.burned_exercise + dd.burned_exercise,
      burned_exercise_count = t.burned_exercise_count + dd.burned_exercise_count,
      burned_bmr = t.burned_bmr + dd.burned_bmr,
      burned_bmr_count = t.burned_bmr_count + dd.burned_bmr_count,
      weight_kg_sum = t.weight_kg_sum + dd.weight_kg_sum,
      weight_count = t.weight_count + dd.weight_count,
      updated_at = now()
      from day_deltas dd
     where t.user_id = dd.user_id and t.day = dd.day;

  -- Slots that lost events: drop the empty ones, recompute first/last of the others from the raw
  -- events (we hold their row locks now, so every earlier writer has committed).
  delete from public.calorie_event_slots as s
   using unnest(p_deltas) d
   where d.removed and s.user_id = d.user_id and s.slot_start = d.slot_start
     and s.consumed_count = 0 and s.burned_exercise_count = 0 and s.burned_bmr_count = 0 and s.weight_count = 0;

  update public.calorie_event_slots as s set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select d.user_id, d.slot_start, e.first_event, e.last_event
        from unnest(p_deltas) d
        cross join lateral (
          select min(ce.event_timestamp) as first_event, max(ce.event_timestamp) as last_event
            from public.calorie_events ce
           where ce.user_id = d.user_id
             and ce.event_timestamp >= d.slot_start
             and ce.event_timestamp < d.slot_start + interval '15 minutes'
             and ce.event_type <> 'weight'
        ) e
       where d.removed
    ) r
   where s.user_id = r.user_id and s.slot_start = r.slot_start
     and (s.first_event is distinct from r.first_event or s.last_event is distinct from r.last_event);

  -- Hours: drop the empty ones, recompute first/last of the others from their slots.
  delete from public.hourly_calorie_totals as h
   using private.rollup_keys_of_removed(p_deltas) k
   where h.user_id = k.user_id and h.hour_start = k.hour_start and h.local_hour = k.local_hour
     and h.consumed_count = 0 and h.burned_exercise_count = 0 and h.burned_bmr_count = 0 and h.weight_count = 0;

  update public.hourly_calorie_totals as h set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select k.user_id, k.hour_start, k.local_hour, x.first_event, x.last_event
        from private.rollup_keys_of_removed(p_deltas) k
        cross join lateral (
          select min(s.first_event) as first_event, max(s.last_event) as last_event
            from public.calorie_event_slots s
           where s.user_id = k.user_id
             and s.slot_start >= k.hour_start
             and s.slot_start < k.hour_start + interval '1 hour'
             and date_trunc('hour', s.slot_start at time zone k.time_zone) = k.local_hour
        ) x
    ) r
   where h.user_id = r.user_id and h.hour_start = r.hour_start and h.local_hour = r.local_hour
     and (h.first_event is distinct from r.first_event or h.last_event is distinct from r.last_event);

  -- Days: recompute first/last from their hours (days are zeroed, never deleted).
  update public.daily_calorie_totals as t set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select k.user_id, k.day, x.first_event, x.last_event
        from (select distinct r.user_id, r.day, r.time_zone from private.rollup_keys_of_removed(p_deltas) r) k
        cross join lateral (
          select min(h.first_event) as first_event, max(h.last_event) as last_event
            from public.hourly_calorie_totals h
           where h.user_id = k.user_id
             and h.hour_start >= (k.day::timestamp at time zone k.time_zone) - interval '1 hour'
             and h.hour_start < ((k.day + 1)::timestamp at time zone k.time_zone) + interval '1 hour'
             and h.local_hour >= k.day and h.local_hour < k.day + 1
        ) x
    ) r
   where t.user_id = r.user_id and t.day = r.day
     and (t.first_event is distinct from r.first_event or t.last_event is distinct from r.last_event);

  -- Months: drop the empty ones, recompute first/last of the others from their days.
  delete from public.monthly_calorie_totals as m
   using (select distinct r.user_id, r.month from private.rollup_keys_of_removed(p_deltas) r) k
   where m.user_id = k.user_id and m.month = k.month
     and m.consumed_count = 0 and m.burned_exercise_count = 0 and m.burned_bmr_count = 0 and m.weight_count = 0;

  update public.monthly_calorie_totals as m set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select k.user_id, k.month, x.first_event, x.last_event
        from (select distinct r.user_id, r.month from private.rollup_keys_of_removed(p_deltas) r) k
        cross join lateral (
          select min(t.first_event) as first_event, max(t.last_event) as last_event
            from public.daily_calorie_totals t
           where t.user_id = k.user_id and t.day >= k.month and t.day < (k.month + interval '1 month')::date
        ) x
    ) r
   where m.user_id = r.user_id and m.month = r.month
     and (m.first_event is distinct from r.first_event or m.last_event is distinct from r.last_event);
end
$$;
revoke all on function private.apply_slot_deltas(private.slot_delta[]) from public, anon, authenticated, service_role;

create or replace function private.calorie_events_after_truncate()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.calorie_event_slots;
  delete from public.hourly_calorie_totals;
  delete from public.monthly_calorie_totals;
  update public.daily_calorie_totals set
    consumed = 0, consumed_count = 0, burned_exercise = 0, burned_exercise_count = 0,
    burned_bmr = 0, burned_bmr_count = 0, weight_kg_sum = 0, weight_count = 0,
    first_event = null, last_event = null, updated_at = now()
  where consumed_count <> 0 or burned_exercise_count <> 0 or burned_bmr_count <> 0 or weight_count <> 0;
  return null;
end
$$;
revoke all on function private.calorie_events_after_truncate() from public, anon, authenticated, service_role;

-- Rebuilds --------------------------------------------------------------------------------------

-- Recompute the hourly totals of one user (or of everyone, p_user null) from the slots, in each
-- user's current profile time zone.
create function private.rebuild_hourly_totals(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_user is not null then
    perform pg_catalog.pg_advisory_xact_lock(1128, pg_catalog.hashtext(p_user::text));
  end if;
  delete from public.hourly_calorie_totals h where p_user is null or h.user_id = p_user;
  insert into public.hourly_calorie_totals
    (user_id, hour_start, local_hour, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select s.user_id, s.slot_start - (l.local_ts - l.local_hour), l.local_hour, z.tz,
         sum(s.consumed), sum(s.consumed_count), sum(s.burned_exercise), sum(s.burned_exercise_count),
         sum(s.burned_bmr), sum(s.burned_bmr_count), sum(s.weight_kg_sum), sum(s.weight_count),
         min(s.first_event), max(s.last_event)
    from public.calorie_event_slots s
    left join public.user_profiles p on p.user_id = s.user_id
    cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
    cross join lateral (select s.slot_start at time zone z.tz as local_ts) t
    cross join lateral (select t.local_ts, date_trunc('hour', t.local_ts) as local_hour) l
   where p_user is null or s.user_id = p_user
   group by s.user_id, 2, 3, 4;
end
$$;
revoke all on function private.rebuild_hourly_totals(uuid) from public, anon, authenticated, service_role;

-- Recompute the monthly totals of one user (or of everyone, p_user null) from the daily totals.
create function private.rebuild_monthly_totals(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_user is not null then
    perform pg_catalog.pg_advisory_xact_lock(1128, pg_catalog.hashtext(p_user::text));
  end if;
  delete from public.monthly_calorie_totals m where p_user is null or m.user_id = p_user;
  insert into public.monthly_calorie_totals
    (user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select t.user_id, date_trunc('month', t.day)::date, t.time_zone,
         sum(t.consumed), sum(t.consumed_count), sum(t.burned_exercise), sum(t.burned_exercise_count),
         sum(t.burned_bmr), sum(t.burned_bmr_count), sum(t.weight_kg_sum), sum(t.weight_count),
         min(t.first_event), max(t.last_event)
    from public.daily_calorie_totals t
   where (p_user is null or t.user_id = p_user)
     and (t.consumed_count <> 0 or t.burned_exercise_count <> 0 or t.burned_bmr_count <> 0 or t.weight_count <> 0)
   group by t.user_id, 2, t.time_zone;
end
$$;
revoke all on function private.rebuild_monthly_totals(uuid) from public, anon, authenticated, service_role;

-- Same contract as 20250101000200's version; hours and months are rebuilt too, and everyone's
-- days are summed from the hours (no second time-zone conversion per slot).
create or replace function private.rebuild_calorie_rollups(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.calorie_event_slots s where p_user is null or s.user_id = p_user;
  insert into public.calorie_event_slots
    (user_id, slot_start, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select e.user_id, date_bin('15 minutes', e.event_timestamp, timestamptz '2000-01-01 00:00:00+00'),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'consumed'), 0),
         count(*) filter (where e.event_type = 'consumed'),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_exercise'), 0),
         count(*) filter (where e.event_type = 'burned_exercise'),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'burned_bmr'), 0),
         count(*) filter (where e.event_type = 'burned_bmr'),
         coalesce(sum(e.calories_amount) filter (where e.event_type = 'weight'), 0),
         count(*) filter (where e.event_type = 'weight'),
         min(e.event_timestamp) filter (where e.event_type <> 'weight'),
         max(e.event_timestamp) filter (where e.event_type <> 'weight')
    from public.calorie_events e
   where p_user is null or e.user_id = p_user
   group by 1, 2;

  perform private.rebuild_hourly_totals(p_user);
  if p_user is not null then
    perform private.rebuild_daily_totals(p_user);
    perform private.rebuild_monthly_totals(p_user);
    return;
  end if;

  -- Everyone, set-based: days from the hours, months from the days.
  delete from public.daily_calorie_totals;
  insert into public.daily_calorie_totals
    (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select h.user_id, h.local_hour::date, h.time_zone,
         sum(h.consumed), sum(h.consumed_count), sum(h.burned_exercise), sum(h.burned_exercise_count),
         sum(h.burned_bmr), sum(h.burned_bmr_count), sum(h.weight_kg_sum), sum(h.weight_count),
         min(h.first_event), max(h.last_event)
    from public.hourly_calorie_totals h
   group by h.user_id, 2, h.time_zone;
  perform private.rebuild_monthly_totals(null);
end
$$;
revoke all on function private.rebuild_calorie_rollups(uuid) from public, anon, authenticated, service_role;

-- Same contract as 20250101000200's version; a change of zone recomputes the hours and months too.
create or replace function private.user_profiles_time_zone_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := coalesce(new.user_id, old.user_id);
begin
  if tg_op = 'UPDATE' and new.time_zone is not distinct from old.time_zone and new.user_id = old.user_id then
    return null;
  end if;
  if tg_op = 'INSERT' and new.time_zone = 'UTC' and not exists (
       select 1 from public.daily_calorie_totals t where t.user_id = v_user and t.time_zone <> 'UTC') then
    return null;
  end if;
  -- Deleted together with the user (cascade): nothing left to recompute.
  if not exists (select 1 from public.users u where u.id = v_user) then
    return null;
  end if;
  perform private.rebuild_daily_totals(v_user);
  perform private.rebuild_hourly_totals(v_user);
  perform private.rebuild_monthly_totals(v_user);
  if tg_op = 'UPDATE' and new.user_id <> old.user_id then
    perform private.rebuild_daily_totals(old.user_id);
    perform private.rebuild_hourly_totals(old.user_id);
    perform private.rebuild_monthly_totals(old.user_id);
  end if;
  return null;
end
$$;
revoke all on function private.user_profiles_time_zone_changed() from public, anon, authenticated, service_role;

-- Existing data: build the new tables from the slots and days.
do $$
begin
  perform private.rebuild_hourly_totals(null);
  perform private.rebuild_monthly_totals(null);
end
$$;

-- Summary functions -------------------------------------------------------------------------------
--
-- The argument checks every summary function makes, for the calls that need more than a glance:
-- raises 22023 naming the parameter (p_from/p_to missing or reversed, p_tz unknown); otherwise
-- returns the caller's profile zone (UTC without a profile) for the caller to compare with p_tz.
create function private.checked_summary_zone(p_from timestamptz, p_to timestamptz, p_tz text)
returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_profile_tz text;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = (select auth.uid());
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  if p_tz is not null and p_tz <> v_profile_tz and not private.is_valid_time_zone(p_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  return v_profile_tz;
end
$$;
revoke all on function private.checked_summary_zone(timestamptz, timestamptz, text) from public, anon;
grant execute on function private.checked_summary_zone(timestamptz, timestamptz, text) to authenticated, service_role;
--
-- Same signatures, results, errors and security as 20250101001000 / 20250101001200. With p_tz
-- omitted, the rows of the profile's zone are read without looking the profile up: every rollup
-- row of a user is in the profile's current zone (a zone change recomputes them in the same
-- transaction), and a bucket is returned when its start instant lies in [p_from, p_to). The
-- local days (months) starting in that range lie within one day of its UTC dates, which bounds
-- the key range read.

create or replace function public.hourly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
returns setof public.calorie_bucket
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_profile_tz text;
begin
  -- The usual call (a valid range, the profile's zone) needs no check beyond this line.
  if p_from is null or p_to is null or p_to < p_from or p_tz is not null then
    v_profile_tz := private.checked_summary_zone(p_from, p_to, p_tz);
  end if;
  if p_tz is null or p_tz = v_profile_tz then
    return query
    select v_user, h.hour_start, h.hour_start + interval '1 hour', h.local_hour, h.time_zone,
           h.total_calories, h.event_count::bigint, h.avg_calories_per_event,
           h.first_event, h.last_event, h.consumed, h.burned_exercise, h.burned_bmr,
           h.weight_count::bigint, h.avg_weight_kg
      from public.hourly_calorie_totals h
     where h.user_id = v_user and h.hour_start >= p_from and h.hour_start < p_to
     order by h.hour_start, h.local_hour;
    return;
  end if;
  -- Another zone: aggregate the slots (see 20250101001000 for how the local hour is found).
  return query
  select v_user, h.bucket_start, h.bucket_start + interval '1 hour', h.local_hour, p_tz,
         h.consumed + h.burned_exercise + h.burned_bmr, h.event_count,
         (h.consumed + h.burned_exercise + h.burned_bmr) / nullif(h.event_count, 0),
         h.first_event, h.last_event, h.consumed, h.burned_exercise, h.burned_bmr,
         h.weight_count, h.weight_kg_sum / nullif(h.weight_count, 0)
    from (
      select l.slot_start - (l.local_ts - date_bin('1 hour', l.local_ts, timestamp '1970-01-01 00:00:00')) as bucket_start,
             date_bin('1 hour', l.local_ts, timestamp '1970-01-01 00:00:00') as local_hour,
             sum(l.consumed_count + l.burned_exercise_count + l.burned_bmr_count)::bigint as event_count,
             min(l.first_event) as first_event, max(l.last_event) as last_event,
             sum(l.consumed) as consumed, sum(l.burned_exercise) as burned_exercise, sum(l.burned_bmr) as burned_bmr,
             sum(l.weight_count)::bigint as weight_count, sum(l.weight_kg_sum) as weight_kg_sum
        from (
          select s.slot_start, s.slot_start at time zone p_tz as local_ts,
                 s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
                 s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event
            from public.calorie_event_slots s
           where s.user_id = v_user
             and s.slot_start >= p_from
             and s.slot_start < p_to + interval '1 hour'
          offset 0
        ) l
       group by 1, 2
      offset 0
    ) h
   where h.bucket_start >= p_from and h.bucket_start < p_to
   order by h.bucket_start, h.local_hour;
end
$$;

create or replace function public.daily_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
returns setof public.calorie_bucket
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_profile_tz text;
  v_first date;
  v_last date;
begin
  -- The usual call (a valid range, the profile's zone) needs no check beyond this line.
  if p_from is null or p_to is null or p_to < p_from or p_tz is not null then
    v_profile_tz := private.checked_summary_zone(p_from, p_to, p_tz);
  end if;
  if p_tz is null or p_tz = v_profile_tz then
    return query
    select v_user, t.day_start, t.day_end, t.day::timestamp, t.time_zone,
           t.total_calories, t.event_count::bigint, t.avg_calories_per_event,
           t.first_event, t.last_event,
           t.consumed, t.burned_exercise, t.burned_bmr,
           t.weight_count::bigint, t.avg_weight_kg
      from public.daily_calorie_totals t
     where t.user_id = v_user
       and t.day >= (p_from at time zone 'UTC')::date - 1 and t.day <= (p_to at time zone 'UTC')::date + 1
       and t.day_start >= p_from and t.day_start < p_to
       and (t.event_count > 0 or t.weight_count > 0)
     order by t.day;
    return;
  end if;
  -- Another zone: the local days whose start lies in [p_from, p_to) are v_first .. v_last (day
  -- starts increase with the day), summed from the slots.
  v_first := (p_from at time zone p_tz)::date;
  if (v_first::timestamp at time zone p_tz) < p_from then
    v_first := v_first + 1;
  end if;
  v_last := (p_to at time zone p_tz)::date;
  if (v_last::timestamp at time zone p_tz) >= p_to then
    v_last := v_last - 1;
  end if;
  return query
  select v_user, d.day::timestamp at time zone p_tz, (d.day + 1)::timestamp at time zone p_tz, d.day::timestamp, p_tz,
         d.consumed + d.burned_exercise + d.burned_bmr,
         d.consumed_count + d.burned_exercise_count + d.burned_bmr_count,
         (d.consumed + d.burned_exercise + d.burned_bmr)
           / nullif(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count, 0),
         d.first_event, d.last_event,
         d.consumed, d.burned_exercise, d.burned_bmr,
         d.weight_count, d.weight_kg_sum / nullif(d.weight_count, 0)
    from private.local_days(v_user, p_tz, false, v_first, v_last) d
   order by d.day;
end
$$;

create or replace function public.monthly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
returns setof public.calorie_bucket
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_profile_tz text;
  v_first date;
  v_last date;
begin
  -- The usual call (a valid range, the profile's zone) needs no check beyond this line.
  if p_from is null or p_to is null or p_to < p_from or p_tz is not null then
    v_profile_tz := private.checked_summary_zone(p_from, p_to, p_tz);
  end if;
  if p_tz is null or p_tz = v_profile_tz then
    return query
    select v_user, m.month_start, m.month_end, m.month::timestamp, m.time_zone,
           m.total_calories, m.event_count::bigint, m.avg_calories_per_event,
           m.first_event, m.last_event,
           m.consumed, m.burned_exercise, m.burned_bmr,
           m.weight_count::bigint, m.avg_weight_kg
      from public.monthly_calorie_totals m
     where m.user_id = v_user
       and m.month >= date_trunc('month', (p_from at time zone 'UTC')::date - 1)::date
       and m.month <= (p_to at time zone 'UTC')::date + 1
       and m.month_start >= p_from and m.month_start < p_to
     order by m.month;
    return;
  end if;
  -- Another zone: the months whose start lies in [p_from, p_to) are v_first .. v_last, summed
  -- from the slots' local days in that zone.
  v_first := date_trunc('month', (p_from at time zone p_tz))::date;
  if (v_first::timestamp at time zone p_tz) < p_from then
    v_first := (v_first + interval '1 month')::date;
  end if;
  v_last := date_trunc('month', (p_to at time zone p_tz))::date;
  if (v_last::timestamp at time zone p_tz) >= p_to then
    v_last := (v_last - interval '1 month')::date;
  end if;
  if v_first > v_last then
    return;
  end if;
  return query
  select v_user, m.month_start::timestamp at time zone p_tz,
         (m.month_start + interval '1 month')::date::timestamp at time zone p_tz,
         m.month_start::timestamp, p_tz,
         sum(d.consumed + d.burned_exercise + d.burned_bmr),
         sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count)::bigint,
         sum(d.consumed + d.burned_exercise + d.burned_bmr)
           / nullif(sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count), 0),
         min(d.first_event), max(d.last_event),
         sum(d.consumed), sum(d.burned_exercise), sum(d.burned_bmr),
         sum(d.weight_count)::bigint, sum(d.weight_kg_sum) / nullif(sum(d.weight_count), 0)
    from private.local_days(v_user, p_tz, false, v_first, (v_last + interval '1 month')::date - 1) d
    cross join lateral (select date_trunc('month', d.day::timestamp)::date as month_start) m
   group by m.month_start
   order by m.month_start;
end
$$;

-- Views -----------------------------------------------------------------------------------------
--
-- Same columns and meaning as 20250101000300: the hourly and monthly views read the new rows.

create or replace view public.hourly_calorie_summary
with (security_invoker = true)
as
select h.user_id,
       h.hour_start as hour_bucket,
       h.total_calories,
       h.event_count::bigint as event_count,
       h.avg_calories_per_event,
       h.first_event,
       h.last_event,
       h.time_zone,
       h.local_hour,
       h.consumed,
       h.burned_exercise,
       h.burned_bmr,
       h.weight_count::bigint as weight_count,
       h.avg_weight_kg
  from public.hourly_calorie_totals h;

create or replace view public.monthly_calorie_summary
with (security_invoker = true)
as
select m.user_id,
       m.month_start as month_bucket,
       m.total_calories,
       m.event_count::bigint as event_count,
       m.avg_calories_per_event,
       m.first_event,
       m.last_event,
       m.time_zone,
       m.month as month_start,
       m.consumed,
       m.burned_exercise,
       m.burned_bmr,
       m.weight_count::bigint as weight_count,
       m.avg_weight_kg
  from public.monthly_calorie_totals m;
