-- Hourly totals, stored bucket figures and lighter slot writes: summaries read finished rows.
--
-- Measured on sql/bench/run.sh's data (5M events, 500 users): backend CPU time per call over
-- 20000 calls in one session (warm caches; CPU time, not wall time, because the machine is
-- shared). For scale, a plpgsql function with the same attributes that returns constant rows
-- costs 20 / 26 / 37 us for 3 / 24 / 60 rows there.
--
-- * hourly_summary aggregated a day's ~100 15-minute slots per call, converting each to local
--   time (~200 us). It now reads ~24 finished rows of hourly_calorie_totals, one per local hour
--   in the profile's time zone, kept by the same triggers as the daily totals (50 us). Like the
--   daily totals, they are recomputed from the slots when the profile's zone changes; a zone
--   passed in p_tz still aggregates the slots.
-- * daily_summary spent half its time converting each day's start and end to timestamptz and
--   dividing for the averages (~128 us for 60 days). Those are now stored generated columns of
--   daily_calorie_totals (day_start, day_end, avg_calories_per_event, avg_weight_kg), computed
--   once when a day changes, and part of its covering key (60 us). The hourly table has the
--   same columns.
-- * monthly_summary sorted the range's days by month before aggregating; it now aggregates each
--   month's index range of days (89 -> 82 us).
-- * calorie_event_slots' primary key carried every figure as INCLUDE columns for index-only
--   scans. That made each slot update non-HOT: a new index entry of ~130 bytes per updated slot,
--   2.2 ms of the 3.4 ms the insert trigger spent on a 1000-event batch over two days (wall
--   time, inserts rolled back). With the plain key the updates are HOT (fillfactor 80 leaves
--   room on the page) and the slot upsert costs 1.25 ms; reading a day's slots from the heap
--   measured the same as the index-only scan (97 slots on 97 pages, all cached).
--   hourly_calorie_totals has a plain key for the same reason (a covering one reads an hour 13 us
--   faster but makes its ~50 updates per such batch non-HOT). daily_calorie_totals keeps a
--   covering key: a batch updates ~3 days.
-- * Each user's zone is read once per statement (the per-slot join read the profiles table
--   with a hash join), and a slot's local hour and day come from one time-zone conversion.

-- Rows of hourly_calorie_totals are deleted when their hour empties (the table is not published
-- for realtime, so a DELETE reaches no subscriber). Their key is (user, hour start, local hour):
-- in a zone whose clocks move by 30 minutes (Australia/Lord_Howe) two local hours can start
-- within the same UTC hour, and hourly_summary has always grouped by both.

-- Slots: plain primary key, HOT updates -----------------------------------------------------------

alter table public.calorie_event_slots
  drop constraint calorie_event_slots_pkey,
  add constraint calorie_event_slots_pkey primary key (user_id, slot_start);

-- Daily totals: stored bucket figures ----------------------------------------------------------

alter table public.daily_calorie_totals
  add column day_start timestamptz generated always as (day::timestamp at time zone time_zone) stored,
  add column day_end timestamptz generated always as ((day + 1)::timestamp at time zone time_zone) stored,
  add column avg_calories_per_event numeric generated always as
    ((consumed + burned_exercise + burned_bmr) / nullif(consumed_count + burned_exercise_count + burned_bmr_count, 0)) stored,
  add column avg_weight_kg numeric generated always as (weight_kg_sum / nullif(weight_count, 0)) stored,
  drop constraint daily_calorie_totals_user_day,
  add constraint daily_calorie_totals_user_day unique (user_id, day) include (time_zone, consumed, consumed_count,
    burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count,
    total_calories, event_count, first_event, last_event, day_start, day_end, avg_calories_per_event, avg_weight_kg);
comment on column public.daily_calorie_totals.day_start is 'The instant the local day starts in time_zone.';
comment on column public.daily_calorie_totals.day_end is 'The instant the next local day starts in time_zone (23 or 25 hours later on DST days).';

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
  constraint hourly_calorie_totals_pkey primary key (user_id, hour_start, local_hour),
  constraint counts_non_negative check (consumed_count >= 0 and burned_exercise_count >= 0 and burned_bmr_count >= 0 and weight_count >= 0)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
comment on table public.hourly_calorie_totals is
  'Per-hour totals in the user''s profile time zone (hour_start: the instant the local hour local_hour starts), kept exact by triggers. Rows of emptied hours are deleted.';

alter table public.hourly_calorie_totals enable row level security;
create policy "hourly_calorie_totals: read own" on public.hourly_calorie_totals for select to authenticated using ((select auth.uid()) = user_id);
-- No insert/update/delete policy and no write privilege: only the triggers write.
revoke all on public.hourly_calorie_totals from public, anon, authenticated, service_role;
grant select on public.hourly_calorie_totals to authenticated, service_role;

-- Maintenance -----------------------------------------------------------------------------------

-- Same contract as 20250101000200's version, plus the hours. Slot deltas that only add events
-- (every delta of an insert) go through upserts; deltas of slots that lost events (deletes,
-- updates) through updates of rows that exist, then the emptied rows and first/last are fixed.
-- Rows are locked in the same order on both paths: slots, then days, then hours. A slot's local
-- hour and day come from one time-zone conversion (days are summed from hours), and each user's
-- zone is read once.
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
  )
  insert into public.daily_calorie_totals as t
    (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select hd.user_id, hd.local_hour::date, hd.tz,
         sum(hd.consumed), sum(hd.consumed_count)::integer, sum(hd.burned_exercise), sum(hd.burned_exercise_count)::integer,
         sum(hd.burned_bmr), sum(hd.burned_bmr_count)::integer, sum(hd.weight_kg_sum), sum(hd.weight_count)::integer,
         min(hd.first_event), max(hd.last_event)
    from hour_deltas hd
   group by hd.user_id, 2, hd.tz
   order by hd.user_id, 2
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
           date_trunc('hour', l.local_ts) as local_hour, l.tz,
           sum(l.consumed) as consumed, sum(l.consumed_count)::integer as consumed_count,
           sum(l.burned_exercise) as burned_exercise, sum(l.burned_exercise_count)::integer as burned_exercise_count,
           sum(l.burned_bmr) as burned_bmr, sum(l.burned_bmr_count)::integer as burned_bmr_count,
           sum(l.weight_kg_sum) as weight_kg_sum, sum(l.weight_count)::integer as weight_count
      from local_slots l
     group by 1, 2, 3, 4
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
  ), day_deltas as (
    select hd.user_id, hd.local_hour::date as day,
           sum(hd.consumed) as consumed, sum(hd.consumed_count)::integer as consumed_count,
           sum(hd.burned_exercise) as burned_exercise, sum(hd.burned_exercise_count)::integer as burned_exercise_count,
           sum(hd.burned_bmr) as burned_bmr, sum(hd.burned_bmr_count)::integer as burned_bmr_count,
           sum(hd.weight_kg_sum) as weight_kg_sum, sum(hd.weight_count)::integer as weight_count
      from hour_deltas hd
     group by 1, 2
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

  -- Hours that lost events: drop the empty ones, recompute first/last of the others from the
  -- slots that belong to them (within [hour_start, hour_start + 1 hour), in the same local hour).
  -- Their keys are computed from the deltas as above, so both statements look rows up by key.
  with zones as materialized (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d where d.removed) u
  ), removed_hours as materialized (
    select distinct l.user_id, l.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_start,
           date_trunc('hour', l.local_ts) as local_hour
      from (select d.user_id, d.slot_start, d.slot_start at time zone z.tz as local_ts
              from unnest(p_deltas) d
              join zones z on z.user_id = d.user_id
             where d.removed
            offset 0) l
  )
  delete from public.hourly_calorie_totals as h
   using removed_hours rh
   where h.user_id = rh.user_id and h.hour_start = rh.hour_start and h.local_hour = rh.local_hour
     and h.consumed_count = 0 and h.burned_exercise_count = 0 and h.burned_bmr_count = 0 and h.weight_count = 0;

  with zones as materialized (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d where d.removed) u
  ), removed_hours as materialized (
    select distinct l.user_id, l.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_start,
           date_trunc('hour', l.local_ts) as local_hour, l.tz
      from (select d.user_id, d.slot_start, z.tz, d.slot_start at time zone z.tz as local_ts
              from unnest(p_deltas) d
              join zones z on z.user_id = d.user_id
             where d.removed
            offset 0) l
  )
  update public.hourly_calorie_totals as h set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select rh.user_id, rh.hour_start, rh.local_hour, x.first_event, x.last_event
        from removed_hours rh
        cross join lateral (
          select min(s.first_event) as first_event, max(s.last_event) as last_event
            from public.calorie_event_slots s
           where s.user_id = rh.user_id
             and s.slot_start >= rh.hour_start
             and s.slot_start < rh.hour_start + interval '1 hour'
             and date_trunc('hour', s.slot_start at time zone rh.tz) = rh.local_hour
        ) x
    ) r
   where h.user_id = r.user_id and h.hour_start = r.hour_start and h.local_hour = r.local_hour
     and (h.first_event is distinct from r.first_event or h.last_event is distinct from r.last_event);

  -- Days that lost events: recompute first/last from their slots.
  update public.daily_calorie_totals as t set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select k.user_id, k.day, x.first_event, x.last_event
        from (
          select distinct t2.user_id, t2.day, t2.time_zone
            from unnest(p_deltas) d
            join public.daily_calorie_totals t2
              on t2.user_id = d.user_id and t2.day = (d.slot_start at time zone t2.time_zone)::date
           where d.removed
        ) k
        cross join lateral (
          select min(s.first_event) as first_event, max(s.last_event) as last_event
            from public.calorie_event_slots s
           where s.user_id = k.user_id
             and s.slot_start >= (k.day::timestamp at time zone k.time_zone)
             and s.slot_start < ((k.day + 1)::timestamp at time zone k.time_zone)
        ) x
    ) r
   where t.user_id = r.user_id and t.day = r.day
     and (t.first_event is distinct from r.first_event or t.last_event is distinct from r.last_event);
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
  -- Each slot converted to local time once (offset 0: the subquery is not flattened, which would
  -- repeat the conversion in every expression and sort key that uses it).
  insert into public.hourly_calorie_totals
    (user_id, hour_start, local_hour, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select l.user_id, l.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)), date_trunc('hour', l.local_ts), l.tz,
         sum(l.consumed), sum(l.consumed_count), sum(l.burned_exercise), sum(l.burned_exercise_count),
         sum(l.burned_bmr), sum(l.burned_bmr_count), sum(l.weight_kg_sum), sum(l.weight_count),
         min(l.first_event), max(l.last_event)
    from (
      select s.user_id, s.slot_start, z.tz, s.slot_start at time zone z.tz as local_ts,
             s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
             s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event
        from public.calorie_event_slots s
        left join public.user_profiles p on p.user_id = s.user_id
        cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
       where p_user is null or s.user_id = p_user
      offset 0
    ) l
   group by l.user_id, 2, 3, l.tz;
end
$$;
revoke all on function private.rebuild_hourly_totals(uuid) from public, anon, authenticated, service_role;

-- Same contract as 20250101000200's version; the hours are rebuilt too, and everyone's days are
-- summed from the hours (no time-zone conversion per slot a second time).
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

  if p_user is not null then
    perform private.rebuild_hourly_totals(p_user);
    perform private.rebuild_daily_totals(p_user);
    return;
  end if;

  -- Everyone, set-based.
  perform private.rebuild_hourly_totals(null);
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
end
$$;
revoke all on function private.rebuild_calorie_rollups(uuid) from public, anon, authenticated, service_role;

-- Same contract as 20250101000200's version; a change of zone recomputes the hours too.
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
  if tg_op = 'UPDATE' and new.user_id <> old.user_id then
    perform private.rebuild_daily_totals(old.user_id);
    perform private.rebuild_hourly_totals(old.user_id);
  end if;
  return null;
end
$$;
revoke all on function private.user_profiles_time_zone_changed() from public, anon, authenticated, service_role;

do $$ begin perform private.rebuild_hourly_totals(null); end $$;

-- Summary functions -------------------------------------------------------------------------------
--
-- Same signatures, results, errors and security as before (hourly: 20250101001000, daily and
-- monthly: 20250101000400); the profile-zone paths read the stored figures.

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
  v_tz text;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = v_user;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  -- In the profile's zone, the finished hours; in another zone, the slots (below).
  if v_tz = v_profile_tz then
    return query
    select v_user, h.hour_start, h.hour_start + interval '1 hour', h.local_hour, v_tz,
           h.total_calories, h.event_count::bigint, h.avg_calories_per_event,
           h.first_event, h.last_event, h.consumed, h.burned_exercise, h.burned_bmr,
           h.weight_count::bigint, h.avg_weight_kg
      from public.hourly_calorie_totals h
     where h.user_id = v_user and h.hour_start >= p_from and h.hour_start < p_to and h.time_zone = v_tz
     order by h.hour_start, h.local_hour;
    return;
  end if;
  -- A slot belongs to the local hour its start falls in; that hour starts local_ts - local_hour
  -- before the slot. Slots from p_to to p_to + 1 hour can still belong to an hour starting before
  -- p_to. Each slot is converted to local time once (the inner subquery is not flattened); its
  -- local hour is date_bin('1 hour', local_ts, 1970-01-01), which equals date_trunc('hour',
  -- local_ts) for every timestamp after 1970 (all hours of a timestamp are 3600 s long) and is
  -- integer arithmetic. The range filter applies to the hours, not to every slot (offset 0: it is
  -- not pushed below the aggregate).
  return query
  select v_user, h.bucket_start, h.bucket_start + interval '1 hour', h.local_hour, v_tz,
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
          select s.slot_start, s.slot_start at time zone v_tz as local_ts,
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
   order by h.bucket_start;
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
  v_tz text;
  v_first date;
  v_last date;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = v_user;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  -- The local days whose start lies in [p_from, p_to): day starts increase with the day, so they
  -- are the days v_first .. v_last.
  v_first := (p_from at time zone v_tz)::date;
  if (v_first::timestamp at time zone v_tz) < p_from then
    v_first := v_first + 1;
  end if;
  v_last := (p_to at time zone v_tz)::date;
  if (v_last::timestamp at time zone v_tz) >= p_to then
    v_last := v_last - 1;
  end if;
  if v_tz = v_profile_tz then
    return query
    select v_user, t.day_start, t.day_end, t.day::timestamp, v_tz,
           t.total_calories, t.event_count::bigint, t.avg_calories_per_event,
           t.first_event, t.last_event,
           t.consumed, t.burned_exercise, t.burned_bmr,
           t.weight_count::bigint, t.avg_weight_kg
      from public.daily_calorie_totals t
     where t.user_id = v_user and t.day >= v_first and t.day <= v_last and t.time_zone = v_tz
       and (t.event_count > 0 or t.weight_count > 0)
     order by t.day;
  else
    return query
    select v_user, d.day::timestamp at time zone v_tz, (d.day + 1)::timestamp at time zone v_tz, d.day::timestamp, v_tz,
           d.consumed + d.burned_exercise + d.burned_bmr,
           d.consumed_count + d.burned_exercise_count + d.burned_bmr_count,
           (d.consumed + d.burned_exercise + d.burned_bmr)
             / nullif(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count, 0),
           d.first_event, d.last_event,
           d.consumed, d.burned_exercise, d.burned_bmr,
           d.weight_count, d.weight_kg_sum / nullif(d.weight_count, 0)
      from private.local_days(v_user, v_tz, false, v_first, v_last) d
     order by d.day;
  end if;
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
  v_tz text;
  v_first date;
  v_last date;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone into v_profile_tz from public.user_profiles p where p.user_id = v_user;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  -- The months whose start lies in [p_from, p_to) are the months v_first .. v_last; their days
  -- are v_first .. (v_last + 1 month) - 1.
  v_first := date_trunc('month', (p_from at time zone v_tz))::date;
  if (v_first::timestamp at time zone v_tz) < p_from then
    v_first := (v_first + interval '1 month')::date;
  end if;
  v_last := date_trunc('month', (p_to at time zone v_tz))::date;
  if (v_last::timestamp at time zone v_tz) >= p_to then
    v_last := (v_last - interval '1 month')::date;
  end if;
  if v_tz = v_profile_tz then
    -- One aggregate per month over its days (an index range each): no sort of the days by month.
    return query
    select v_user, g.m::timestamp at time zone v_tz,
           (g.m + interval '1 month')::date::timestamp at time zone v_tz,
           g.m::timestamp, v_tz,
           a.consumed + a.burned_exercise + a.burned_bmr, a.event_count,
           (a.consumed + a.burned_exercise + a.burned_bmr) / nullif(a.event_count, 0),
           a.first_event, a.last_event,
           a.consumed, a.burned_exercise, a.burned_bmr,
           a.weight_count, a.weight_kg_sum / nullif(a.weight_count, 0)
      from (select pg_catalog.generate_series(v_first::timestamp, v_last::timestamp, interval '1 month')::date as m) g
      cross join lateral (
        select count(*) as days,
               sum(t.event_count)::bigint as event_count,
               min(t.first_event) as first_event, max(t.last_event) as last_event,
               sum(t.consumed) as consumed, sum(t.burned_exercise) as burned_exercise, sum(t.burned_bmr) as burned_bmr,
               sum(t.weight_count)::bigint as weight_count, sum(t.weight_kg_sum) as weight_kg_sum
          from public.daily_calorie_totals t
         where t.user_id = v_user and t.day >= g.m and t.day < (g.m + interval '1 month')::date
           and t.time_zone = v_tz and (t.event_count > 0 or t.weight_count > 0)
      ) a
     where a.days > 0
     order by g.m;
  elsif v_first <= v_last then
    return query
    select v_user, m.month_start::timestamp at time zone v_tz,
           (m.month_start + interval '1 month')::date::timestamp at time zone v_tz,
           m.month_start::timestamp, v_tz,
           sum(d.consumed + d.burned_exercise + d.burned_bmr),
           sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count)::bigint,
           sum(d.consumed + d.burned_exercise + d.burned_bmr)
             / nullif(sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count), 0),
           min(d.first_event), max(d.last_event),
           sum(d.consumed), sum(d.burned_exercise), sum(d.burned_bmr),
           sum(d.weight_count)::bigint, sum(d.weight_kg_sum) / nullif(sum(d.weight_count), 0)
      from private.local_days(v_user, v_tz, false, v_first, (v_last + interval '1 month')::date - 1) d
      cross join lateral (select date_trunc('month', d.day::timestamp)::date as month_start) m
     group by m.month_start
     order by m.month_start;
  end if;
end
$$;

-- Views -----------------------------------------------------------------------------------------
--
-- Same columns and meaning as 20250101000300; the hourly view reads the finished hours (it had
-- to aggregate every slot of the user before a filter on hour_bucket could apply), the daily and
-- balance views the stored day starts and averages.

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

create or replace view public.daily_calorie_summary
with (security_invoker = true)
as
select t.user_id,
       t.day_start as day_bucket,
       t.total_calories,
       t.event_count::bigint as event_count,
       t.avg_calories_per_event,
       t.first_event,
       t.last_event,
       t.time_zone,
       t.day,
       t.consumed,
       t.burned_exercise,
       t.burned_bmr,
       t.weight_count::bigint as weight_count,
       t.avg_weight_kg
  from public.daily_calorie_totals t
 where t.event_count > 0 or t.weight_count > 0;

create or replace view public.calorie_balance_summary
with (security_invoker = true)
as
select t.user_id,
       t.day_start as day_bucket,
       t.consumed as calories_consumed,
       b.calories_burned,
       t.consumed - b.calories_burned as net_balance,
       g.daily_calorie_target,
       t.consumed - g.daily_calorie_target as target_variance,
       b.bmr_source,
       t.day,
       t.time_zone
  from public.daily_calorie_totals t
  left join public.metabolic_profiles mp on mp.user_id = t.user_id and mp.is_active
  left join public.calorie_goals g on g.user_id = t.user_id and g.is_active
  cross join lateral (
    select case when t.burned_bmr_count > 0 then t.burned_exercise + t.burned_bmr
                else t.burned_exercise + coalesce(mp.calories_burned_bmr, 0) end as calories_burned,
           case when t.burned_bmr_count > 0 then 'events'
                when mp.id is not null then 'profile'
                else 'none' end as bmr_source
  ) b
 where t.event_count > 0 or t.weight_count > 0;
