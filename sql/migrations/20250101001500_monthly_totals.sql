-- Monthly totals, and a cheaper per-batch rollup maintenance.
--
-- monthly_calorie_totals: one row per user and local month (the profile's zone, as the daily
-- totals), the sum of that month's daily_calorie_totals rows. monthly_summary reads it when no
-- zone is passed (the usual call): one index range of a few rows instead of aggregating every
-- day of the range. Measured before adding it (sql/bench/harness.sql's per-call method, 2000
-- calls alternated, 5M-event bench data): monthly_summary over three months 111 us per call, the
-- same result read from a month table 68 us (a 3-row plpgsql result costs 46 us there).
--
-- private.apply_slot_deltas (every insert, update and delete of events) now
-- - adds each batch's day deltas to their months in the statement that adds them to the days
--   (months that lost events get first/last from their days, at most 31 rows each). Keeping
--   months with statement triggers on daily_calorie_totals instead (recomputing each touched
--   month from its days) cost ~0.5 ms per statement that writes days: inserts went from ~16 % to
--   ~24 % slower than without rollups (paired batches, 6 rounds each way);
-- - looks each user's zone up once (a materialized CTE). Inlined, the lookup was a subquery
--   evaluated wherever the zone was used: five times per hour row (the local-hour test) and twice
--   per slot for the days, ~620 profile probes for a 1000-event batch of one user;
-- - pivots the hour rows from the slot deltas with four joins on the quarter instead of an
--   aggregate of 40 filtered max() (each delta row went through all 40 filters).
-- Measured by applying the same 50 batches' deltas with each variant in turn, each call rolled
-- back, three rounds, on the 5M-event bench data (median per 1000-event batch): 3.19 ms before,
-- 2.70 ms with the zone once, 2.32 ms with the joins too; in a later run 3.37 ms before, 2.43 ms
-- with both, 2.55 ms with the months as well.
-- A change of zone recomputes the user's months with the days (rebuild_daily_totals); a
-- TRUNCATE of the events zeroes them with the days.

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
  total_calories numeric generated always as (consumed + burned_exercise + burned_bmr) stored,
  event_count integer generated always as (consumed_count + burned_exercise_count + burned_bmr_count) stored,
  avg_calories_per_event numeric generated always as
    ((consumed + burned_exercise + burned_bmr) / nullif(consumed_count + burned_exercise_count + burned_bmr_count, 0)) stored,
  avg_weight_kg numeric generated always as (weight_kg_sum / nullif(weight_count, 0)) stored,
  month_start timestamptz generated always as (month::timestamp at time zone time_zone) stored,
  month_end timestamptz generated always as ((month + interval '1 month')::timestamp at time zone time_zone) stored,
  first_event timestamptz,
  last_event timestamptz,
  updated_at timestamptz not null default now(),
  constraint monthly_calorie_totals_pkey primary key (user_id, month),
  constraint month_is_first_day check (month = date_trunc('month', month)::date),
  constraint counts_non_negative check (consumed_count >= 0 and burned_exercise_count >= 0 and burned_bmr_count >= 0 and weight_count >= 0)
) with (fillfactor = 80);
comment on table public.monthly_calorie_totals is
  'Per-month totals in the user''s profile time zone (month = first local day), the sum of that month''s daily_calorie_totals rows, kept by triggers on them.';

alter table public.monthly_calorie_totals enable row level security;
create policy "monthly_calorie_totals: read own" on public.monthly_calorie_totals for select to authenticated
  using ((select auth.uid()) = user_id);
-- No write policy and no write privilege: only the triggers below write.
revoke all on public.monthly_calorie_totals from public, anon, authenticated, service_role;
grant select on public.monthly_calorie_totals to authenticated, service_role;

-- Recompute one user's months (or everyone's, p_user null) from the daily totals.
create function private.rebuild_monthly_totals(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.monthly_calorie_totals m where p_user is null or m.user_id = p_user;
  insert into public.monthly_calorie_totals
    (user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select t.user_id, date_trunc('month', t.day)::date, max(t.time_zone),
         sum(t.consumed), sum(t.consumed_count), sum(t.burned_exercise), sum(t.burned_exercise_count),
         sum(t.burned_bmr), sum(t.burned_bmr_count), sum(t.weight_kg_sum), sum(t.weight_count),
         min(t.first_event), max(t.last_event)
    from public.daily_calorie_totals t
   where p_user is null or t.user_id = p_user
   group by 1, 2;
end
$$;
revoke all on function private.rebuild_monthly_totals(uuid) from public, anon, authenticated, service_role;

-- Per-batch maintenance: hours, days and months.
create or replace function private.apply_slot_deltas(p_deltas private.slot_delta[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(cardinality(p_deltas), 0) = 0 then
    return;
  end if;

  -- Writers share a per-user lock; a time-zone change takes it exclusively (see rebuild_daily_totals).
  perform pg_catalog.pg_advisory_xact_lock_shared(1128, pg_catalog.hashtext(u.user_id::text))
     from (select distinct d.user_id from unnest(p_deltas) d order by 1) u;

  -- Hours: the slot deltas folded into their hour's quarter columns (zones materialized: one
  -- profile probe per user, not one per use of the zone per row). Hours with only added events
  -- are upserted; hours that lost events exist already (unless a cascade removed them: then there
  -- is nothing to do) and are updated.
  with zones as materialized (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d) u
  ), sd as materialized (
    -- Each delta with its hour and quarter (one delta per user and slot: the triggers group them).
    select s.*, b.hour_start, (date_part('minute', s.slot_start - b.hour_start))::integer / 15 as quarter
      from unnest(p_deltas) s
      cross join lateral (select date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start) b
  ), hour_deltas (user_id, hour_start, removed,
  m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
  m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
  m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
  m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event) as (
    select k.user_id, k.hour_start, k.removed,
           coalesce(m00.consumed, 0), coalesce(m00.consumed_count, 0), coalesce(m00.burned_exercise, 0), coalesce(m00.burned_exercise_count, 0), coalesce(m00.burned_bmr, 0), coalesce(m00.burned_bmr_count, 0), coalesce(m00.weight_kg_sum, 0), coalesce(m00.weight_count, 0), m00.first_event, m00.last_event, coalesce(m15.consumed, 0), coalesce(m15.consumed_count, 0), coalesce(m15.burned_exercise, 0), coalesce(m15.burned_exercise_count, 0), coalesce(m15.burned_bmr, 0), coalesce(m15.burned_bmr_count, 0), coalesce(m15.weight_kg_sum, 0), coalesce(m15.weight_count, 0), m15.first_event, m15.last_event, coalesce(m30.consumed, 0), coalesce(m30.consumed_count, 0), coalesce(m30.burned_exercise, 0), coalesce(m30.burned_exercise_count, 0), coalesce(m30.burned_bmr, 0), coalesce(m30.burned_bmr_count, 0), coalesce(m30.weight_kg_sum, 0), coalesce(m30.weight_count, 0), m30.first_event, m30.last_event, coalesce(m45.consumed, 0), coalesce(m45.consumed_count, 0), coalesce(m45.burned_exercise, 0), coalesce(m45.burned_exercise_count, 0), coalesce(m45.burned_bmr, 0), coalesce(m45.burned_bmr_count, 0), coalesce(m45.weight_kg_sum, 0), coalesce(m45.weight_count, 0), m45.first_event, m45.last_event
      from (select sd.user_id, sd.hour_start, bool_or(sd.removed) as removed from sd group by 1, 2) k
      left join sd m00 on m00.user_id = k.user_id and m00.hour_start = k.hour_start and m00.quarter = 0
      left join sd m15 on m15.user_id = k.user_id and m15.hour_start = k.hour_start and m15.quarter = 1
      left join sd m30 on m30.user_id = k.user_id and m30.hour_start = k.hour_start and m30.quarter = 2
      left join sd m45 on m45.user_id = k.user_id and m45.hour_start = k.hour_start and m45.quarter = 3
  ), upserted as (
    insert into public.calorie_event_hours as h (user_id, hour_start, local_hour,
  m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
  m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
  m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
  m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event)
    select d.user_id, d.hour_start, case when (d.hour_start at time zone z.tz) = date_bin('1 hour', (d.hour_start at time zone z.tz), timestamp '1970-01-01 00:00:00') and ((d.hour_start + interval '45 minutes') at time zone z.tz) = (d.hour_start at time zone z.tz) + interval '45 minutes' then (d.hour_start at time zone z.tz) end,
  d.m00_consumed, d.m00_consumed_count, d.m00_burned_exercise, d.m00_burned_exercise_count, d.m00_burned_bmr, d.m00_burned_bmr_count, d.m00_weight_kg_sum, d.m00_weight_count, d.m00_first_event, d.m00_last_event,
  d.m15_consumed, d.m15_consumed_count, d.m15_burned_exercise, d.m15_burned_exercise_count, d.m15_burned_bmr, d.m15_burned_bmr_count, d.m15_weight_kg_sum, d.m15_weight_count, d.m15_first_event, d.m15_last_event,
  d.m30_consumed, d.m30_consumed_count, d.m30_burned_exercise, d.m30_burned_exercise_count, d.m30_burned_bmr, d.m30_burned_bmr_count, d.m30_weight_kg_sum, d.m30_weight_count, d.m30_first_event, d.m30_last_event,
  d.m45_consumed, d.m45_consumed_count, d.m45_burned_exercise, d.m45_burned_exercise_count, d.m45_burned_bmr, d.m45_burned_bmr_count, d.m45_weight_kg_sum, d.m45_weight_count, d.m45_first_event, d.m45_last_event
      from hour_deltas d
      join zones z on z.user_id = d.user_id
     where not d.removed
     order by d.user_id, d.hour_start
    on conflict (user_id, hour_start) do update set
    m00_consumed = h.m00_consumed + excluded.m00_consumed,
    m00_consumed_count = h.m00_consumed_count + excluded.m00_consumed_count,
    m00_burned_exercise = h.m00_burned_exercise + excluded.m00_burned_exercise,
    m00_burned_exercise_count = h.m00_burned_exercise_count + excluded.m00_burned_exercise_count,
    m00_burned_bmr = h.m00_burned_bmr + excluded.m00_burned_bmr,
    m00_burned_bmr_count = h.m00_burned_bmr_count + excluded.m00_burned_bmr_count,
    m00_weight_kg_sum = h.m00_weight_kg_sum + excluded.m00_weight_kg_sum,
    m00_weight_count = h.m00_weight_count + excluded.m00_weight_count,
    m00_first_event = least(h.m00_first_event, excluded.m00_first_event),
    m00_last_event = greatest(h.m00_last_event, excluded.m00_last_event),
    m15_consumed = h.m15_consumed + excluded.m15_consumed,
    m15_consumed_count = h.m15_consumed_count + excluded.m15_consumed_count,
    m15_burned_exercise = h.m15_burned_exercise + excluded.m15_burned_exercise,
    m15_burned_exercise_count = h.m15_burned_exercise_count + excluded.m15_burned_exercise_count,
    m15_burned_bmr = h.m15_burned_bmr + excluded.m15_burned_bmr,
    m15_burned_bmr_count = h.m15_burned_bmr_count + excluded.m15_burned_bmr_count,
    m15_weight_kg_sum = h.m15_weight_kg_sum + excluded.m15_weight_kg_sum,
    m15_weight_count = h.m15_weight_count + excluded.m15_weight_count,
    m15_first_event = least(h.m15_first_event, excluded.m15_first_event),
    m15_last_event = greatest(h.m15_last_event, excluded.m15_last_event),
    m30_consumed = h.m30_consumed + excluded.m30_consumed,
    m30_consumed_count = h.m30_consumed_count + excluded.m30_consumed_count,
    m30_burned_exercise = h.m30_burned_exercise + excluded.m30_burned_exercise,
    m30_burned_exercise_count = h.m30_burned_exercise_count + excluded.m30_burned_exercise_count,
    m30_burned_bmr = h.m30_burned_bmr + excluded.m30_burned_bmr,
    m30_burned_bmr_count = h.m30_burned_bmr_count + excluded.m30_burned_bmr_count,
    m30_weight_kg_sum = h.m30_weight_kg_sum + excluded.m30_weight_kg_sum,
    m30_weight_count = h.m30_weight_count + excluded.m30_weight_count,
    m30_first_event = least(h.m30_first_event, excluded.m30_first_event),
    m30_last_event = greatest(h.m30_last_event, excluded.m30_last_event),
    m45_consumed = h.m45_consumed + excluded.m45_consumed,
    m45_consumed_count = h.m45_consumed_count + excluded.m45_consumed_count,
    m45_burned_exercise = h.m45_burned_exercise + excluded.m45_burned_exercise,
    m45_burned_exercise_count = h.m45_burned_exercise_count + excluded.m45_burned_exercise_count,
    m45_burned_bmr = h.m45_burned_bmr + excluded.m45_burned_bmr,
    m45_burned_bmr_count = h.m45_burned_bmr_count + excluded.m45_burned_bmr_count,
    m45_weight_kg_sum = h.m45_weight_kg_sum + excluded.m45_weight_kg_sum,
    m45_weight_count = h.m45_weight_count + excluded.m45_weight_count,
    m45_first_event = least(h.m45_first_event, excluded.m45_first_event),
    m45_last_event = greatest(h.m45_last_event, excluded.m45_last_event)
    returning 1
  )
  update public.calorie_event_hours as h set
    m00_consumed = h.m00_consumed + d.m00_consumed,
    m00_consumed_count = h.m00_consumed_count + d.m00_consumed_count,
    m00_burned_exercise = h.m00_burned_exercise + d.m00_burned_exercise,
    m00_burned_exercise_count = h.m00_burned_exercise_count + d.m00_burned_exercise_count,
    m00_burned_bmr = h.m00_burned_bmr + d.m00_burned_bmr,
    m00_burned_bmr_count = h.m00_burned_bmr_count + d.m00_burned_bmr_count,
    m00_weight_kg_sum = h.m00_weight_kg_sum + d.m00_weight_kg_sum,
    m00_weight_count = h.m00_weight_count + d.m00_weight_count,
    m15_consumed = h.m15_consumed + d.m15_consumed,
    m15_consumed_count = h.m15_consumed_count + d.m15_consumed_count,
    m15_burned_exercise = h.m15_burned_exercise + d.m15_burned_exercise,
    m15_burned_exercise_count = h.m15_burned_exercise_count + d.m15_burned_exercise_count,
    m15_burned_bmr = h.m15_burned_bmr + d.m15_burned_bmr,
    m15_burned_bmr_count = h.m15_burned_bmr_count + d.m15_burned_bmr_count,
    m15_weight_kg_sum = h.m15_weight_kg_sum + d.m15_weight_kg_sum,
    m15_weight_count = h.m15_weight_count + d.m15_weight_count,
    m30_consumed = h.m30_consumed + d.m30_consumed,
    m30_consumed_count = h.m30_consumed_count + d.m30_consumed_count,
    m30_burned_exercise = h.m30_burned_exercise + d.m30_burned_exercise,
    m30_burned_exercise_count = h.m30_burned_exercise_count + d.m30_burned_exercise_count,
    m30_burned_bmr = h.m30_burned_bmr + d.m30_burned_bmr,
    m30_burned_bmr_count = h.m30_burned_bmr_count + d.m30_burned_bmr_count,
    m30_weight_kg_sum = h.m30_weight_kg_sum + d.m30_weight_kg_sum,
    m30_weight_count = h.m30_weight_count + d.m30_weight_count,
    m45_consumed = h.m45_consumed + d.m45_consumed,
    m45_consumed_count = h.m45_consumed_count + d.m45_consumed_count,
    m45_burned_exercise = h.m45_burned_exercise + d.m45_burned_exercise,
    m45_burned_exercise_count = h.m45_burned_exercise_count + d.m45_burned_exercise_count,
    m45_burned_bmr = h.m45_burned_bmr + d.m45_burned_bmr,
    m45_burned_bmr_count = h.m45_burned_bmr_count + d.m45_burned_bmr_count,
    m45_weight_kg_sum = h.m45_weight_kg_sum + d.m45_weight_kg_sum,
    m45_weight_count = h.m45_weight_count + d.m45_weight_count
    from hour_deltas d
   where d.removed and h.user_id = d.user_id and h.hour_start = d.hour_start;

  -- The local days and their months (zone read after the lock above: a change of zone waited for
  -- us or we waited for it), as in 20250101000200; the zone is looked up once per user (an index
  -- probe), not joined per slot. Months that lost events exist already, as their days do.
  with zones as materialized (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d) u
  ), day_deltas as (
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
      join zones z on z.user_id = d.user_id
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
  ), month_deltas as (
    select dd.user_id, date_trunc('month', dd.day)::date as month, dd.tz,
           sum(dd.consumed) as consumed, sum(dd.consumed_count)::integer as consumed_count,
           sum(dd.burned_exercise) as burned_exercise, sum(dd.burned_exercise_count)::integer as burned_exercise_count,
           sum(dd.burned_bmr) as burned_bmr, sum(dd.burned_bmr_count)::integer as burned_bmr_count,
           sum(dd.weight_kg_sum) as weight_kg_sum, sum(dd.weight_count)::integer as weight_count,
           min(dd.first_event) as first_event, max(dd.last_event) as last_event,
           bool_or(dd.removed) as removed
      from day_deltas dd
     group by 1, 2, 3
  ), months_upserted as (
    insert into public.monthly_calorie_totals as m
      (user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select md.user_id, md.month, md.tz, md.consumed, md.consumed_count, md.burned_exercise, md.burned_exercise_count,
           md.burned_bmr, md.burned_bmr_count, md.weight_kg_sum, md.weight_count, md.first_event, md.last_event
      from month_deltas md
     where not md.removed
     order by md.user_id, md.month
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
      last_event = greatest(m.last_event, excluded.last_event),
      updated_at = now()
    returning 1
  ), months_updated as (
    update public.monthly_calorie_totals as m set
      consumed = m.consumed + md.consumed,
      consumed_count = m.consumed_count + md.consumed_count,
      burned_exercise = m.burned_exercise + md.burned_exercise,
      burned_exercise_count = m.burned_exercise_count + md.burned_exercise_count,
      burned_bmr = m.burned_bmr + md.burned_bmr,
      burned_bmr_count = m.burned_bmr_count + md.burned_bmr_count,
      weight_kg_sum = m.weight_kg_sum + md.weight_kg_sum,
      weight_count = m.weight_count + md.weight_count,
      updated_at = now()
      from month_deltas md
     where md.removed and m.user_id = md.user_id and m.month = md.month
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

  -- Hours that lost events: drop the empty ones, recompute the quarters' first/last of the others
  -- from the raw events (we hold their row locks now, so every earlier writer has committed).
  delete from public.calorie_event_hours as h
   using (select distinct d.user_id, date_bin('1 hour', d.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start
            from unnest(p_deltas) d where d.removed) k
   where h.user_id = k.user_id and h.hour_start = k.hour_start
     and (h.m00_consumed_count + h.m00_burned_exercise_count + h.m00_burned_bmr_count + h.m00_weight_count + h.m15_consumed_count + h.m15_burned_exercise_count + h.m15_burned_bmr_count + h.m15_weight_count + h.m30_consumed_count + h.m30_burned_exercise_count + h.m30_burned_bmr_count + h.m30_weight_count + h.m45_consumed_count + h.m45_burned_exercise_count + h.m45_burned_bmr_count + h.m45_weight_count) = 0;

  update public.calorie_event_hours as h set
  m00_first_event = r.m00_first_event, m00_last_event = r.m00_last_event,
  m15_first_event = r.m15_first_event, m15_last_event = r.m15_last_event,
  m30_first_event = r.m30_first_event, m30_last_event = r.m30_last_event,
  m45_first_event = r.m45_first_event, m45_last_event = r.m45_last_event
    from (
      select k.user_id, k.hour_start, e.*
        from (select distinct d.user_id, date_bin('1 hour', d.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start
                from unnest(p_deltas) d where d.removed) k
        cross join lateral (
          select min(ce.event_timestamp) filter (where ce.event_timestamp < k.hour_start + interval '15 minutes') as m00_first_event,
                 max(ce.event_timestamp) filter (where ce.event_timestamp < k.hour_start + interval '15 minutes') as m00_last_event,
                 min(ce.event_timestamp) filter (where ce.event_timestamp >= k.hour_start + interval '15 minutes' and ce.event_timestamp < k.hour_start + interval '30 minutes') as m15_first_event,
                 max(ce.event_timestamp) filter (where ce.event_timestamp >= k.hour_start + interval '15 minutes' and ce.event_timestamp < k.hour_start + interval '30 minutes') as m15_last_event,
                 min(ce.event_timestamp) filter (where ce.event_timestamp >= k.hour_start + interval '30 minutes' and ce.event_timestamp < k.hour_start + interval '45 minutes') as m30_first_event,
                 max(ce.event_timestamp) filter (where ce.event_timestamp >= k.hour_start + interval '30 minutes' and ce.event_timestamp < k.hour_start + interval '45 minutes') as m30_last_event,
                 min(ce.event_timestamp) filter (where ce.event_timestamp >= k.hour_start + interval '45 minutes') as m45_first_event,
                 max(ce.event_timestamp) filter (where ce.event_timestamp >= k.hour_start + interval '45 minutes') as m45_last_event
            from public.calorie_events ce
           where ce.user_id = k.user_id
             and ce.event_timestamp >= k.hour_start
             and ce.event_timestamp < k.hour_start + interval '1 hour'
             and ce.event_type <> 'weight'
        ) e
    ) r
   where h.user_id = r.user_id and h.hour_start = r.hour_start;

  -- Days that lost events: first/last from the raw events (two index probes each).
  update public.daily_calorie_totals as t set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select k.user_id, k.day, x.first_event, x.last_event
        from (
          select distinct t2.user_id, t2.day, t2.day_start, t2.day_end
            from unnest(p_deltas) d
            join public.daily_calorie_totals t2
              on t2.user_id = d.user_id and t2.day = (d.slot_start at time zone t2.time_zone)::date
           where d.removed
        ) k
        cross join lateral (
          select min(ce.event_timestamp) as first_event, max(ce.event_timestamp) as last_event
            from public.calorie_events ce
           where ce.user_id = k.user_id
             and ce.event_timestamp >= k.day_start
             and ce.event_timestamp < k.day_end
             and ce.event_type <> 'weight'
        ) x
    ) r
   where t.user_id = r.user_id and t.day = r.day
     and (t.first_event is distinct from r.first_event or t.last_event is distinct from r.last_event);

  -- Months that lost events: first/last from their days (at most 31 rows each).
  update public.monthly_calorie_totals as m set
    first_event = r.first_event,
    last_event = r.last_event
    from (
      select k.user_id, k.month, x.first_event, x.last_event
        from (
          select distinct t2.user_id, date_trunc('month', t2.day)::date as month
            from unnest(p_deltas) d
            join public.daily_calorie_totals t2
              on t2.user_id = d.user_id and t2.day = (d.slot_start at time zone t2.time_zone)::date
           where d.removed
        ) k
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

create or replace function private.rebuild_daily_totals(p_user uuid)
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

  update public.calorie_event_hours h set local_hour = n.local_hour
    from (select h2.hour_start, case when (h2.hour_start at time zone v_tz) = date_bin('1 hour', (h2.hour_start at time zone v_tz), timestamp '1970-01-01 00:00:00') and ((h2.hour_start + interval '45 minutes') at time zone v_tz) = (h2.hour_start at time zone v_tz) + interval '45 minutes' then (h2.hour_start at time zone v_tz) end as local_hour
            from public.calorie_event_hours h2 where h2.user_id = p_user) n
   where h.user_id = p_user and h.hour_start = n.hour_start and h.local_hour is distinct from n.local_hour;

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

  perform private.rebuild_monthly_totals(p_user);
end
$$;

create or replace function private.calorie_events_after_truncate()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.calorie_event_hours;
  update public.daily_calorie_totals set
    consumed = 0, consumed_count = 0, burned_exercise = 0, burned_exercise_count = 0,
    burned_bmr = 0, burned_bmr_count = 0, weight_kg_sum = 0, weight_count = 0,
    first_event = null, last_event = null, updated_at = now()
  where consumed_count <> 0 or burned_exercise_count <> 0 or burned_bmr_count <> 0 or weight_count <> 0;
  update public.monthly_calorie_totals set
    consumed = 0, consumed_count = 0, burned_exercise = 0, burned_exercise_count = 0,
    burned_bmr = 0, burned_bmr_count = 0, weight_kg_sum = 0, weight_count = 0,
    first_event = null, last_event = null, updated_at = now()
  where consumed_count <> 0 or burned_exercise_count <> 0 or burned_bmr_count <> 0 or weight_count <> 0;
  return null;
end
$$;

-- The months of the days there are.
do $$
begin
  perform private.rebuild_monthly_totals();
end
$$;

-- Same signature, results, errors and security as 20250101001200. With p_tz omitted the month
-- rows are read directly: every row of a user is in the profile's current zone (a zone change
-- recomputes its days, and so its months, in the same transaction); a month is returned when its
-- stored start instant lies in [p_from, p_to), and a local month starting in that range starts
-- on a date within one day of the range's UTC dates, which bounds the index range read.

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
  if p_tz is null then
    return query
    select v_user, m.month_start, m.month_end, m.month::timestamp, m.time_zone,
           m.total_calories, m.event_count::bigint, m.avg_calories_per_event, m.first_event, m.last_event,
           m.consumed, m.burned_exercise, m.burned_bmr, m.weight_count::bigint, m.avg_weight_kg
      from public.monthly_calorie_totals m
     where m.user_id = v_user
       and m.month >= (p_from at time zone 'UTC')::date - 1 and m.month <= (p_to at time zone 'UTC')::date + 1
       and m.month_start >= p_from and m.month_start < p_to
       and (m.event_count > 0 or m.weight_count > 0)
     order by m.month;
    return;
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
