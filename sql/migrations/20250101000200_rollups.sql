-- Rollups that keep every summary proportional to the buckets it returns, not the events stored.
--
-- calorie_event_slots: one row per (user, 15-minute UTC slot) with per-type sums and counts and
--   the first/last calorie event. Every real UTC offset is a multiple of 15 minutes, so any time
--   zone's local hours, days, weeks and months are exact unions of these slots.
-- daily_calorie_totals: one row per (user, local day in the profile's time zone). It is what
--   realtime publishes (a view cannot be published) and what the day/week/month/balance views
--   read. A time-zone change in the profile recomputes that user's rows from the slots. Rows are
--   never deleted (emptied days are zeroed), because Supabase Realtime broadcasts DELETEs without
--   RLS; its primary key is a random id for the same reason.
--
-- Maintenance: statement-level AFTER triggers with transition tables on calorie_events (one pass
-- per statement, not per row). Sums and counts are applied as deltas (insert +, delete -,
-- update - old + new) under the row lock of the upsert, so concurrent writers never lose each
-- other's changes. First/last of a slot touched by a delete or update are recomputed from the raw
-- events after that lock is held (a 15-minute index range). ON CONFLICT DO NOTHING (retried
-- inserts) puts only the rows really inserted into the transition table, so nothing is counted
-- twice. Event writers take a shared per-user advisory lock and a time-zone change an exclusive
-- one, so a day is never computed in a zone that is changing underneath.
--
-- The trigger functions are SECURITY DEFINER in the unexposed schema `private`, with no EXECUTE
-- grant to anyone (a trigger function cannot be called directly anyway): clients can read their
-- own rollup rows (RLS) but never write them, so the rollups cannot be forged.

create table public.calorie_event_slots (
  user_id uuid not null references public.users (id) on delete cascade,
  slot_start timestamptz not null,
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
  -- Covering: summaries read a user's slots with an index-only scan (a few leaf pages instead of
  -- one heap page per slot).
  primary key (user_id, slot_start) include (consumed, consumed_count, burned_exercise, burned_exercise_count,
    burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event),
  constraint slot_aligned check (slot_start = date_bin('15 minutes', slot_start, timestamptz '2000-01-01 00:00:00+00')),
  constraint counts_non_negative check (consumed_count >= 0 and burned_exercise_count >= 0 and burned_bmr_count >= 0 and weight_count >= 0)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
-- Frequent autovacuum keeps the visibility map current, so index-only scans rarely visit the heap.
comment on table public.calorie_event_slots is
  'Rollup of calorie_events per user and 15-minute UTC slot, kept exact by triggers. first_event/last_event: calorie events only (not weight).';

create table public.daily_calorie_totals (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  day date not null,
  time_zone text not null,
  consumed numeric not null default 0,
  consumed_count integer not null default 0,
  burned_exercise numeric not null default 0,
  burned_exercise_count integer not null default 0,
  burned_bmr numeric not null default 0,
  burned_bmr_count integer not null default 0,
  weight_kg_sum numeric not null default 0,
  weight_count integer not null default 0,
  total_calories numeric generated always as (consumed + burned_exercise + burned_bmr) stored,
  event_count integer generated always as (consumed_count + burned_exercise_count + burned_bmr_count) stored,
  first_event timestamptz,
  last_event timestamptz,
  updated_at timestamptz not null default now(),
  constraint daily_calorie_totals_user_day unique (user_id, day) include (time_zone, consumed, consumed_count,
    burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count, weight_kg_sum, weight_count,
    event_count, first_event, last_event),
  constraint counts_non_negative check (consumed_count >= 0 and burned_exercise_count >= 0 and burned_bmr_count >= 0 and weight_count >= 0)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
comment on table public.daily_calorie_totals is
  'Per-day totals in the user''s profile time zone (day = local date), kept exact by triggers; published for realtime. Rows are zeroed, never deleted.';

alter table public.calorie_event_slots enable row level security;
alter table public.daily_calorie_totals enable row level security;
create policy "calorie_event_slots: read own" on public.calorie_event_slots for select to authenticated using ((select auth.uid()) = user_id);
create policy "daily_calorie_totals: read own" on public.daily_calorie_totals for select to authenticated using ((select auth.uid()) = user_id);
-- No insert/update/delete policy and no write privilege: only the triggers below write.
revoke all on public.calorie_event_slots, public.daily_calorie_totals from public, anon, authenticated, service_role;
grant select on public.calorie_event_slots, public.daily_calorie_totals to authenticated, service_role;

-- Maintenance -----------------------------------------------------------------------------------

-- A per-slot change: sums and counts to add (negative for removed events), the first/last of the
-- added calorie events, and whether removed events were involved (then first/last is recomputed).
create type private.slot_delta as (
  user_id uuid,
  slot_start timestamptz,
  consumed numeric,
  consumed_count integer,
  burned_exercise numeric,
  burned_exercise_count integer,
  burned_bmr numeric,
  burned_bmr_count integer,
  weight_kg_sum numeric,
  weight_count integer,
  first_event timestamptz,
  last_event timestamptz,
  removed boolean
);

create function private.apply_slot_deltas(p_deltas private.slot_delta[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(cardinality(p_deltas), 0) = 0 then
    return;
  end if;

  -- Writers share a per-user lock; a time-zone change takes it exclusively (see rebuild below).
  perform pg_catalog.pg_advisory_xact_lock_shared(1128, pg_catalog.hashtext(u.user_id::text))
     from (select distinct d.user_id from unnest(p_deltas) d order by 1) u;

  -- Slots with only added events: upsert.
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

  -- Slots that lost events exist already (unless a cascade removed them: then nothing to do).
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

  -- Same for the local days (zone read after the lock above: a change of zone waited for us or
  -- we waited for it).
  with day_deltas as (
    select d.user_id,
           (d.slot_start at time zone z.tz)::date as day,
           z.tz,
           sum(d.consumed) as consumed, sum(d.consumed_count)::integer as consumed_count,
           sum(d.burned_exercise) as burned_exercise, sum(d.burned_exercise_count)::integer as burned_exercise_count,
           sum(d.burned_bmr) as burned_bmr, sum(d.burned_bmr_count)::integer as burned_bmr_count,
           sum(d.weight_kg_sum) as weight_kg_sum, sum(d.weight_count)::integer as weight_count,
           min(d.first_event) as first_event, max(d.last_event) as last_event,
           bool_or(d.removed) as removed
      from unnest(p_deltas) d
      left join public.user_profiles p on p.user_id = d.user_id
      cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
     group by 1, 2, 3
  ), upserted as (
    insert into public.daily_calorie_totals as t
      (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select dd.user_id, dd.day, dd.tz, dd.consumed, dd.consumed_count, dd.burned_exercise, dd.burned_exercise_count,
           dd.burned_bmr, dd.burned_bmr_count, dd.weight_kg_sum, dd.weight_count, dd.first_event, dd.last_event
      from day_deltas dd
     where not dd.removed
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
      updated_at = now()
    returning 1
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
   where dd.removed and t.user_id = dd.user_id and t.day = dd.day;

  if not exists (select 1 from unnest(p_deltas) d where d.removed) then
    return;
  end if;

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

create function private.calorie_events_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.apply_slot_deltas(array(
    select row(
             n.user_id,
             n.slot_start,
             coalesce(sum(n.calories_amount) filter (where n.event_type = 'consumed'), 0),
             count(*) filter (where n.event_type = 'consumed'),
             coalesce(sum(n.calories_amount) filter (where n.event_type = 'burned_exercise'), 0),
             count(*) filter (where n.event_type = 'burned_exercise'),
             coalesce(sum(n.calories_amount) filter (where n.event_type = 'burned_bmr'), 0),
             count(*) filter (where n.event_type = 'burned_bmr'),
             coalesce(sum(n.calories_amount) filter (where n.event_type = 'weight'), 0),
             count(*) filter (where n.event_type = 'weight'),
             min(n.event_timestamp) filter (where n.event_type <> 'weight'),
             max(n.event_timestamp) filter (where n.event_type <> 'weight'),
             false
           )::private.slot_delta
      from (select r.user_id, date_bin('15 minutes', r.event_timestamp, timestamptz '2000-01-01 00:00:00+00') as slot_start,
                   r.event_type, r.calories_amount, r.event_timestamp
              from new_rows r) n
     group by n.user_id, n.slot_start
  ));
  return null;
end
$$;

create function private.calorie_events_after_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.apply_slot_deltas(array(
    select row(
             o.user_id,
             o.slot_start,
             -coalesce(sum(o.calories_amount) filter (where o.event_type = 'consumed'), 0),
             -count(*) filter (where o.event_type = 'consumed'),
             -coalesce(sum(o.calories_amount) filter (where o.event_type = 'burned_exercise'), 0),
             -count(*) filter (where o.event_type = 'burned_exercise'),
             -coalesce(sum(o.calories_amount) filter (where o.event_type = 'burned_bmr'), 0),
             -count(*) filter (where o.event_type = 'burned_bmr'),
             -coalesce(sum(o.calories_amount) filter (where o.event_type = 'weight'), 0),
             -count(*) filter (where o.event_type = 'weight'),
             null::timestamptz,
             null::timestamptz,
             true
           )::private.slot_delta
      from (select r.user_id, date_bin('15 minutes', r.event_timestamp, timestamptz '2000-01-01 00:00:00+00') as slot_start,
                   r.event_type, r.calories_amount, r.event_timestamp
              from old_rows r) o
     group by o.user_id, o.slot_start
  ));
  return null;
end
$$;

create function private.calorie_events_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.apply_slot_deltas(array(
    select row(
             c.user_id,
             c.slot_start,
             coalesce(sum(c.sign * c.calories_amount) filter (where c.event_type = 'consumed'), 0),
             coalesce(sum(c.sign) filter (where c.event_type = 'consumed'), 0),
             coalesce(sum(c.sign * c.calories_amount) filter (where c.event_type = 'burned_exercise'), 0),
             coalesce(sum(c.sign) filter (where c.event_type = 'burned_exercise'), 0),
             coalesce(sum(c.sign * c.calories_amount) filter (where c.event_type = 'burned_bmr'), 0),
             coalesce(sum(c.sign) filter (where c.event_type = 'burned_bmr'), 0),
             coalesce(sum(c.sign * c.calories_amount) filter (where c.event_type = 'weight'), 0),
             coalesce(sum(c.sign) filter (where c.event_type = 'weight'), 0),
             min(c.event_timestamp) filter (where c.sign > 0 and c.event_type <> 'weight'),
             max(c.event_timestamp) filter (where c.sign > 0 and c.event_type <> 'weight'),
             bool_or(c.sign < 0)
           )::private.slot_delta
      from (
        select n.user_id, date_bin('15 minutes', n.event_timestamp, timestamptz '2000-01-01 00:00:00+00') as slot_start,
               n.event_type, n.calories_amount, n.event_timestamp, 1 as sign
          from new_rows n
        union all
        select o.user_id, date_bin('15 minutes', o.event_timestamp, timestamptz '2000-01-01 00:00:00+00'),
               o.event_type, o.calories_amount, o.event_timestamp, -1
          from old_rows o
      ) c
     group by c.user_id, c.slot_start
  ));
  return null;
end
$$;

create function private.calorie_events_after_truncate()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.calorie_event_slots;
  update public.daily_calorie_totals set
    consumed = 0, consumed_count = 0, burned_exercise = 0, burned_exercise_count = 0,
    burned_bmr = 0, burned_bmr_count = 0, weight_kg_sum = 0, weight_count = 0,
    first_event = null, last_event = null, updated_at = now()
  where consumed_count <> 0 or burned_exercise_count <> 0 or burned_bmr_count <> 0 or weight_count <> 0;
  return null;
end
$$;

revoke all on function private.calorie_events_after_insert(), private.calorie_events_after_delete(),
  private.calorie_events_after_update(), private.calorie_events_after_truncate()
  from public, anon, authenticated, service_role;

create trigger calorie_events_rollup_insert after insert on public.calorie_events
  referencing new table as new_rows
  for each statement execute function private.calorie_events_after_insert();
create trigger calorie_events_rollup_update after update on public.calorie_events
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.calorie_events_after_update();
create trigger calorie_events_rollup_delete after delete on public.calorie_events
  referencing old table as old_rows
  for each statement execute function private.calorie_events_after_delete();
create trigger calorie_events_rollup_truncate after truncate on public.calorie_events
  for each statement execute function private.calorie_events_after_truncate();

-- Rebuilds --------------------------------------------------------------------------------------

-- Recompute one user's daily totals from the slots in the user's current profile time zone
-- (after a time-zone change). Days that no longer have events are zeroed, not deleted.
create function private.rebuild_daily_totals(p_user uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tz text;
begin
  perform pg_catalog.pg_advisory_xact_lock(1128, pg_catalog.hashtext(p_user::text));
  select coalesce((select p.time_zone from public.user_profiles p where p.user_id = p_user), 'UTC') into v_tz;

  with fresh as (
    select s.user_id, (s.slot_start at time zone v_tz)::date as day,
           sum(s.consumed) as consumed, sum(s.consumed_count)::integer as consumed_count,
           sum(s.burned_exercise) as burned_exercise, sum(s.burned_exercise_count)::integer as burned_exercise_count,
           sum(s.burned_bmr) as burned_bmr, sum(s.burned_bmr_count)::integer as burned_bmr_count,
           sum(s.weight_kg_sum) as weight_kg_sum, sum(s.weight_count)::integer as weight_count,
           min(s.first_event) as first_event, max(s.last_event) as last_event
      from public.calorie_event_slots s
     where s.user_id = p_user
     group by 1, 2
  ), upserted as (
    insert into public.daily_calorie_totals as t
      (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select f.user_id, f.day, v_tz, f.consumed, f.consumed_count, f.burned_exercise, f.burned_exercise_count,
           f.burned_bmr, f.burned_bmr_count, f.weight_kg_sum, f.weight_count, f.first_event, f.last_event
      from fresh f
    on conflict (user_id, day) do update set
      time_zone = excluded.time_zone,
      consumed = excluded.consumed, consumed_count = excluded.consumed_count,
      burned_exercise = excluded.burned_exercise, burned_exercise_count = excluded.burned_exercise_count,
      burned_bmr = excluded.burned_bmr, burned_bmr_count = excluded.burned_bmr_count,
      weight_kg_sum = excluded.weight_kg_sum, weight_count = excluded.weight_count,
      first_event = excluded.first_event, last_event = excluded.last_event,
      updated_at = now()
    returning 1
  )
  update public.daily_calorie_totals as t set
    time_zone = v_tz,
    consumed = 0, consumed_count = 0, burned_exercise = 0, burned_exercise_count = 0,
    burned_bmr = 0, burned_bmr_count = 0, weight_kg_sum = 0, weight_count = 0,
    first_event = null, last_event = null, updated_at = now()
   where t.user_id = p_user
     and not exists (select 1 from fresh f where f.day = t.day)
     and (t.time_zone <> v_tz or t.consumed_count <> 0 or t.burned_exercise_count <> 0
          or t.burned_bmr_count <> 0 or t.weight_count <> 0);
end
$$;
revoke all on function private.rebuild_daily_totals(uuid) from public, anon, authenticated, service_role;

-- Recompute the slots and daily totals of one user (or of everyone, p_user null) from the raw
-- events. For maintenance and bulk loads (load with triggers disabled, then call this).
create function private.rebuild_calorie_rollups(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid;
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
    perform private.rebuild_daily_totals(p_user);
    return;
  end if;

  -- Everyone, set-based.
  delete from public.daily_calorie_totals;
  insert into public.daily_calorie_totals
    (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select s.user_id, (s.slot_start at time zone z.tz)::date, z.tz,
         sum(s.consumed), sum(s.consumed_count), sum(s.burned_exercise), sum(s.burned_exercise_count),
         sum(s.burned_bmr), sum(s.burned_bmr_count), sum(s.weight_kg_sum), sum(s.weight_count),
         min(s.first_event), max(s.last_event)
    from public.calorie_event_slots s
    left join public.user_profiles p on p.user_id = s.user_id
    cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
   group by s.user_id, 2, z.tz;
end
$$;
revoke all on function private.rebuild_calorie_rollups(uuid) from public, anon, authenticated, service_role;

-- A profile's time zone decides the local days: recompute them when it changes (also when a
-- profile appears with a zone other than UTC, or disappears).
create function private.user_profiles_time_zone_changed()
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
  if tg_op = 'UPDATE' and new.user_id <> old.user_id then
    perform private.rebuild_daily_totals(old.user_id);
  end if;
  return null;
end
$$;
revoke all on function private.user_profiles_time_zone_changed() from public, anon, authenticated, service_role;

create trigger user_profiles_rebuild_daily_totals
  after insert or delete or update of time_zone, user_id on public.user_profiles
  for each row execute function private.user_profiles_time_zone_changed();
