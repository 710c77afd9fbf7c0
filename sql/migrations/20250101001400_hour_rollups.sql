-- Hour rollups: one row per (user, UTC hour) carrying its four 15-minute slots as columns.
--
-- Why: calorie_event_slots had one row per (user, 15-minute slot). A 1000-event batch spread over
-- two days touched ~190 slot rows, each one upsert (~13 us) in the insert trigger, and an hourly
-- summary read ~100 slots on ~100 heap pages and aggregated them into hours (0.23-0.55 ms
-- through sql/bench/run.sh, 18-34x the seed's view, target 100x). Packing a UTC hour's four slots
-- into one row touches ~48 rows for the same batch, and an hourly summary reads 24 rows.
--
-- calorie_event_hours: the sums, counts and first/last calorie event of each quarter of the hour
-- (m00_ = minutes 0-14, m15_, m30_, m45_). Every real UTC offset is a multiple of 15 minutes, so
-- any zone's local hours and days are still exact unions of quarters. In a zone whose offset is
-- a whole number of hours (nearly every zone, nearly always) a UTC hour is one local hour and lies
-- in one local day, so summaries take the hour whole; around an hour whose quarters fall in two
-- local hours or days (India's +05:30, Nepal's +05:45, Lord Howe's 30-minute DST, ...) they go by
-- quarter. The rule is the same for every zone and instant, so there is no list of zones.
--
-- calorie_event_slots stays, as a security-invoker view with the same columns and rows (one per
-- non-empty quarter): what clients and the migration verification read keeps working.
--
-- Maintenance is unchanged in shape (statement-level triggers build per-slot deltas; see
-- 20250101000200): private.apply_slot_deltas now folds them into hour rows. First/last of a
-- quarter or day that lost events is recomputed from the raw events (indexed min/max probes).

-- The table --------------------------------------------------------------------------------------

create table public.calorie_event_hours (
  user_id uuid not null references public.users (id) on delete cascade,
  hour_start timestamptz not null,
  -- The local hour this UTC hour is in the user's profile zone, when its four quarters are exactly
  -- that local hour; null when they are not (30/45-minute offsets, a transition off the hour).
  local_hour timestamp,
  m00_consumed numeric not null default 0, m00_consumed_count integer not null default 0, m00_burned_exercise numeric not null default 0, m00_burned_exercise_count integer not null default 0, m00_burned_bmr numeric not null default 0, m00_burned_bmr_count integer not null default 0, m00_weight_kg_sum numeric not null default 0, m00_weight_count integer not null default 0, m00_first_event timestamptz, m00_last_event timestamptz,
  m15_consumed numeric not null default 0, m15_consumed_count integer not null default 0, m15_burned_exercise numeric not null default 0, m15_burned_exercise_count integer not null default 0, m15_burned_bmr numeric not null default 0, m15_burned_bmr_count integer not null default 0, m15_weight_kg_sum numeric not null default 0, m15_weight_count integer not null default 0, m15_first_event timestamptz, m15_last_event timestamptz,
  m30_consumed numeric not null default 0, m30_consumed_count integer not null default 0, m30_burned_exercise numeric not null default 0, m30_burned_exercise_count integer not null default 0, m30_burned_bmr numeric not null default 0, m30_burned_bmr_count integer not null default 0, m30_weight_kg_sum numeric not null default 0, m30_weight_count integer not null default 0, m30_first_event timestamptz, m30_last_event timestamptz,
  m45_consumed numeric not null default 0, m45_consumed_count integer not null default 0, m45_burned_exercise numeric not null default 0, m45_burned_exercise_count integer not null default 0, m45_burned_bmr numeric not null default 0, m45_burned_bmr_count integer not null default 0, m45_weight_kg_sum numeric not null default 0, m45_weight_count integer not null default 0, m45_first_event timestamptz, m45_last_event timestamptz,
  -- The hour's own figures, as an hourly summary returns them (computed once per write: an hourly
  -- summary in the profile zone then reads stored values only).
  consumed numeric generated always as ((m00_consumed + m15_consumed + m30_consumed + m45_consumed)) stored,
  burned_exercise numeric generated always as ((m00_burned_exercise + m15_burned_exercise + m30_burned_exercise + m45_burned_exercise)) stored,
  burned_bmr numeric generated always as ((m00_burned_bmr + m15_burned_bmr + m30_burned_bmr + m45_burned_bmr)) stored,
  total_calories numeric generated always as ((m00_consumed + m15_consumed + m30_consumed + m45_consumed) + (m00_burned_exercise + m15_burned_exercise + m30_burned_exercise + m45_burned_exercise) + (m00_burned_bmr + m15_burned_bmr + m30_burned_bmr + m45_burned_bmr)) stored,
  event_count integer generated always as ((m00_consumed_count + m15_consumed_count + m30_consumed_count + m45_consumed_count) + (m00_burned_exercise_count + m15_burned_exercise_count + m30_burned_exercise_count + m45_burned_exercise_count) + (m00_burned_bmr_count + m15_burned_bmr_count + m30_burned_bmr_count + m45_burned_bmr_count)) stored,
  avg_calories_per_event numeric generated always as (((m00_consumed + m15_consumed + m30_consumed + m45_consumed) + (m00_burned_exercise + m15_burned_exercise + m30_burned_exercise + m45_burned_exercise) + (m00_burned_bmr + m15_burned_bmr + m30_burned_bmr + m45_burned_bmr)) / nullif((m00_consumed_count + m15_consumed_count + m30_consumed_count + m45_consumed_count) + (m00_burned_exercise_count + m15_burned_exercise_count + m30_burned_exercise_count + m45_burned_exercise_count) + (m00_burned_bmr_count + m15_burned_bmr_count + m30_burned_bmr_count + m45_burned_bmr_count), 0)) stored,
  weight_count integer generated always as ((m00_weight_count + m15_weight_count + m30_weight_count + m45_weight_count)) stored,
  avg_weight_kg numeric generated always as ((m00_weight_kg_sum + m15_weight_kg_sum + m30_weight_kg_sum + m45_weight_kg_sum) / nullif((m00_weight_count + m15_weight_count + m30_weight_count + m45_weight_count), 0)) stored,
  first_event timestamptz generated always as (least(m00_first_event, m15_first_event, m30_first_event, m45_first_event)) stored,
  last_event timestamptz generated always as (greatest(m00_last_event, m15_last_event, m30_last_event, m45_last_event)) stored,
  primary key (user_id, hour_start),
  constraint hour_aligned check (hour_start = date_bin('1 hour', hour_start, timestamptz '2000-01-01 00:00:00+00')),
  constraint counts_non_negative check (m00_consumed_count >= 0 and m00_burned_exercise_count >= 0 and m00_burned_bmr_count >= 0 and m00_weight_count >= 0 and m15_consumed_count >= 0 and m15_burned_exercise_count >= 0 and m15_burned_bmr_count >= 0 and m15_weight_count >= 0 and m30_consumed_count >= 0 and m30_burned_exercise_count >= 0 and m30_burned_bmr_count >= 0 and m30_weight_count >= 0 and m45_consumed_count >= 0 and m45_burned_exercise_count >= 0 and m45_burned_bmr_count >= 0 and m45_weight_count >= 0)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
-- fillfactor 80: the trigger's updates stay HOT (the key never changes; no index carries figures).
-- The hours that are not one local hour in the profile zone (users in India, Nepal, ...): an
-- hourly summary finds them with one probe of this small index (none, for most users).
create index calorie_event_hours_split_hours on public.calorie_event_hours (user_id, hour_start) where local_hour is null;
comment on column public.calorie_event_hours.local_hour is
  'The local hour (profile time zone, as daily_calorie_totals) that this UTC hour is exactly; null if its quarters are not one local hour. Recomputed on a zone change.';
comment on table public.calorie_event_hours is
  'Rollup of calorie_events per user and UTC hour, by 15-minute quarter (m00_, m15_, m30_, m45_), kept exact by triggers. first/last: calorie events only (not weight).';

alter table public.calorie_event_hours enable row level security;
create policy "calorie_event_hours: read own" on public.calorie_event_hours for select to authenticated using ((select auth.uid()) = user_id);
-- No insert/update/delete policy and no write privilege: only the triggers write.
revoke all on public.calorie_event_hours from public, anon, authenticated, service_role;
grant select on public.calorie_event_hours to authenticated, service_role;

insert into public.calorie_event_hours (user_id, hour_start, local_hour,
  m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
  m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
  m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
  m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event)
select d.user_id, d.hour_start, case when (d.hour_start at time zone d.tz) = date_bin('1 hour', (d.hour_start at time zone d.tz), timestamp '1970-01-01 00:00:00') and ((d.hour_start + interval '45 minutes') at time zone d.tz) = (d.hour_start at time zone d.tz) + interval '45 minutes' then (d.hour_start at time zone d.tz) end,
         coalesce(max(d.consumed) filter (where d.quarter = 0), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 0), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 0), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 0), 0),
         min(d.first_event) filter (where d.quarter = 0),
         max(d.last_event) filter (where d.quarter = 0),
         coalesce(max(d.consumed) filter (where d.quarter = 1), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 1), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 1), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 1), 0),
         min(d.first_event) filter (where d.quarter = 1),
         max(d.last_event) filter (where d.quarter = 1),
         coalesce(max(d.consumed) filter (where d.quarter = 2), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 2), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 2), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 2), 0),
         min(d.first_event) filter (where d.quarter = 2),
         max(d.last_event) filter (where d.quarter = 2),
         coalesce(max(d.consumed) filter (where d.quarter = 3), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 3), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 3), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 3), 0),
         min(d.first_event) filter (where d.quarter = 3),
         max(d.last_event) filter (where d.quarter = 3)
  from (select s.*, b.hour_start, (date_part('minute', s.slot_start - b.hour_start))::integer / 15 as quarter,
               coalesce(p.time_zone, 'UTC') as tz
          from public.calorie_event_slots s
          left join public.user_profiles p on p.user_id = s.user_id
          cross join lateral (select date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start) b) d
 group by d.user_id, d.hour_start, d.tz;

-- The hourly view reads the slots: it is re-created over the slot view below, unchanged.
drop view public.hourly_calorie_summary;
drop table public.calorie_event_slots;

-- Reading quarters and hours ---------------------------------------------------------------------

-- Every non-empty quarter with its hour (the hour_start column lets callers bound the index range).
create view private.calorie_event_quarters
with (security_invoker = true)
as
select h.user_id, h.hour_start, h.local_hour, h.hour_start + q.slot_offset as slot_start,
       q.consumed, q.consumed_count, q.burned_exercise, q.burned_exercise_count, q.burned_bmr, q.burned_bmr_count,
       q.weight_kg_sum, q.weight_count, q.first_event, q.last_event
  from public.calorie_event_hours h
  cross join lateral (values
    (interval '0 minutes', h.m00_consumed, h.m00_consumed_count, h.m00_burned_exercise, h.m00_burned_exercise_count, h.m00_burned_bmr, h.m00_burned_bmr_count, h.m00_weight_kg_sum, h.m00_weight_count, h.m00_first_event, h.m00_last_event),
    (interval '15 minutes', h.m15_consumed, h.m15_consumed_count, h.m15_burned_exercise, h.m15_burned_exercise_count, h.m15_burned_bmr, h.m15_burned_bmr_count, h.m15_weight_kg_sum, h.m15_weight_count, h.m15_first_event, h.m15_last_event),
    (interval '30 minutes', h.m30_consumed, h.m30_consumed_count, h.m30_burned_exercise, h.m30_burned_exercise_count, h.m30_burned_bmr, h.m30_burned_bmr_count, h.m30_weight_kg_sum, h.m30_weight_count, h.m30_first_event, h.m30_last_event),
    (interval '45 minutes', h.m45_consumed, h.m45_consumed_count, h.m45_burned_exercise, h.m45_burned_exercise_count, h.m45_burned_bmr, h.m45_burned_bmr_count, h.m45_weight_kg_sum, h.m45_weight_count, h.m45_first_event, h.m45_last_event)
  ) q (slot_offset, consumed, consumed_count, burned_exercise, burned_exercise_count, burned_bmr, burned_bmr_count,
       weight_kg_sum, weight_count, first_event, last_event)
 where q.consumed_count + q.burned_exercise_count + q.burned_bmr_count + q.weight_count > 0;

-- Every hour's totals.
create view private.calorie_event_hour_totals
with (security_invoker = true)
as
select h.user_id, h.hour_start, h.local_hour,
       h.consumed,
       h.m00_consumed_count + h.m15_consumed_count + h.m30_consumed_count + h.m45_consumed_count as consumed_count,
       h.burned_exercise,
       h.m00_burned_exercise_count + h.m15_burned_exercise_count + h.m30_burned_exercise_count + h.m45_burned_exercise_count as burned_exercise_count,
       h.burned_bmr,
       h.m00_burned_bmr_count + h.m15_burned_bmr_count + h.m30_burned_bmr_count + h.m45_burned_bmr_count as burned_bmr_count,
       h.m00_weight_kg_sum + h.m15_weight_kg_sum + h.m30_weight_kg_sum + h.m45_weight_kg_sum as weight_kg_sum,
       h.weight_count,
       h.event_count, h.first_event, h.last_event
  from public.calorie_event_hours h;

revoke all on private.calorie_event_quarters, private.calorie_event_hour_totals from public, anon, authenticated, service_role;
grant select on private.calorie_event_quarters, private.calorie_event_hour_totals to authenticated, service_role;

create view public.calorie_event_slots
with (security_invoker = true)
as
select q.user_id, q.slot_start, q.consumed, q.consumed_count, q.burned_exercise, q.burned_exercise_count,
       q.burned_bmr, q.burned_bmr_count, q.weight_kg_sum, q.weight_count, q.first_event, q.last_event
  from private.calorie_event_quarters q;
comment on view public.calorie_event_slots is
  'Per user and 15-minute UTC slot with events: the quarters of calorie_event_hours. first_event/last_event: calorie events only (not weight).';
revoke all on public.calorie_event_slots from public, anon, authenticated, service_role;
grant select on public.calorie_event_slots to authenticated, service_role;

create view public.hourly_calorie_summary
with (security_invoker = true)
as
select s.user_id,
       h.hour_bucket,
       sum(s.consumed + s.burned_exercise + s.burned_bmr) as total_calories,
       sum(s.consumed_count + s.burned_exercise_count + s.burned_bmr_count)::bigint as event_count,
       sum(s.consumed + s.burned_exercise + s.burned_bmr)
         / nullif(sum(s.consumed_count + s.burned_exercise_count + s.burned_bmr_count), 0) as avg_calories_per_event,
       min(s.first_event) as first_event,
       max(s.last_event) as last_event,
       z.tz as time_zone,
       h.local_hour,
       sum(s.consumed) as consumed,
       sum(s.burned_exercise) as burned_exercise,
       sum(s.burned_bmr) as burned_bmr,
       sum(s.weight_count)::bigint as weight_count,
       sum(s.weight_kg_sum) / nullif(sum(s.weight_count), 0) as avg_weight_kg
  from public.calorie_event_slots s
  left join public.user_profiles p on p.user_id = s.user_id
  cross join lateral (select coalesce(p.time_zone, 'UTC') as tz) z
  cross join lateral (select s.slot_start at time zone z.tz as local_ts) l
  cross join lateral (
    select date_trunc('hour', l.local_ts) as local_hour,
           s.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as hour_bucket
  ) h
 group by s.user_id, h.hour_bucket, z.tz, h.local_hour;
revoke all on public.hourly_calorie_summary from public, anon, authenticated, service_role;
grant select on public.hourly_calorie_summary to authenticated, service_role;

-- Maintenance ------------------------------------------------------------------------------------

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

  -- Hours: the slot deltas folded into their hour's quarter columns. Hours with only added events
  -- are upserted; hours that lost events exist already (unless a cascade removed them: then there
  -- is nothing to do) and are updated.
  with zones as (
    select u.user_id, coalesce((select p.time_zone from public.user_profiles p where p.user_id = u.user_id), 'UTC') as tz
      from (select distinct d.user_id from unnest(p_deltas) d) u
  ), hour_deltas (user_id, hour_start, removed,
  m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
  m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
  m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
  m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event) as (
    -- max() picks a quarter's one slot: the triggers group their deltas by user and slot.
    select d.user_id, d.hour_start, bool_or(d.removed),
         coalesce(max(d.consumed) filter (where d.quarter = 0), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 0), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 0), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 0), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 0), 0),
         min(d.first_event) filter (where d.quarter = 0),
         max(d.last_event) filter (where d.quarter = 0),
         coalesce(max(d.consumed) filter (where d.quarter = 1), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 1), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 1), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 1), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 1), 0),
         min(d.first_event) filter (where d.quarter = 1),
         max(d.last_event) filter (where d.quarter = 1),
         coalesce(max(d.consumed) filter (where d.quarter = 2), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 2), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 2), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 2), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 2), 0),
         min(d.first_event) filter (where d.quarter = 2),
         max(d.last_event) filter (where d.quarter = 2),
         coalesce(max(d.consumed) filter (where d.quarter = 3), 0),
         coalesce(max(d.consumed_count) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_exercise) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_exercise_count) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_bmr) filter (where d.quarter = 3), 0),
         coalesce(max(d.burned_bmr_count) filter (where d.quarter = 3), 0),
         coalesce(max(d.weight_kg_sum) filter (where d.quarter = 3), 0),
         coalesce(max(d.weight_count) filter (where d.quarter = 3), 0),
         min(d.first_event) filter (where d.quarter = 3),
         max(d.last_event) filter (where d.quarter = 3)
      from (select s.*, b.hour_start, (date_part('minute', s.slot_start - b.hour_start))::integer / 15 as quarter
              from unnest(p_deltas) s
              cross join lateral (select date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start) b) d
     group by d.user_id, d.hour_start
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

  -- The local days (zone read after the lock above: a change of zone waited for us or we waited
  -- for it), as in 20250101000200; the zone is looked up once per user (an index probe), not
  -- joined per slot.
  with zones as (
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
  return null;
end
$$;

-- Recompute the hours and daily totals of one user (or of everyone, p_user null) from the raw
-- events. For maintenance and bulk loads (load with triggers disabled, then call this).
create or replace function private.rebuild_calorie_rollups(p_user uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.calorie_event_hours h where p_user is null or h.user_id = p_user;
  if p_user is null then
    delete from public.daily_calorie_totals;
  end if;
  -- One pass over the events into slots (materialized once; amounts are numeric(8,2), summed
  -- exactly as integer hundredths, which keeps the aggregate state small: numeric sums spilled the
  -- hash table to disk for a million events), joined into the hours' quarter
  -- columns (four hash joins: an aggregate with a filtered max() per column cost ~2.5 us per slot,
  -- 1.4 s of a 1M-event migration) and, for everyone, summed into the local days.
  with slots as materialized (
    select s.*, date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00') as hour_start,
           (date_part('minute', s.slot_start - date_bin('1 hour', s.slot_start, timestamptz '2000-01-01 00:00:00+00')))::integer / 15 as quarter,
           coalesce(p.time_zone, 'UTC') as tz
      from (
        select e.user_id, date_bin('15 minutes', e.event_timestamp, timestamptz '2000-01-01 00:00:00+00') as slot_start,
               coalesce(sum((e.calories_amount * 100)::bigint) filter (where e.event_type = 'consumed') * 0.01, 0) as consumed,
               count(*) filter (where e.event_type = 'consumed') as consumed_count,
               coalesce(sum((e.calories_amount * 100)::bigint) filter (where e.event_type = 'burned_exercise') * 0.01, 0) as burned_exercise,
               count(*) filter (where e.event_type = 'burned_exercise') as burned_exercise_count,
               coalesce(sum((e.calories_amount * 100)::bigint) filter (where e.event_type = 'burned_bmr') * 0.01, 0) as burned_bmr,
               count(*) filter (where e.event_type = 'burned_bmr') as burned_bmr_count,
               coalesce(sum((e.calories_amount * 100)::bigint) filter (where e.event_type = 'weight') * 0.01, 0) as weight_kg_sum,
               count(*) filter (where e.event_type = 'weight') as weight_count,
               min(e.event_timestamp) filter (where e.event_type <> 'weight') as first_event,
               max(e.event_timestamp) filter (where e.event_type <> 'weight') as last_event
          from public.calorie_events e
         where p_user is null or e.user_id = p_user
         group by 1, 2
      ) s
      left join public.user_profiles p on p.user_id = s.user_id
  ), hours as (
    insert into public.calorie_event_hours (user_id, hour_start, local_hour,
  m00_consumed, m00_consumed_count, m00_burned_exercise, m00_burned_exercise_count, m00_burned_bmr, m00_burned_bmr_count, m00_weight_kg_sum, m00_weight_count, m00_first_event, m00_last_event,
  m15_consumed, m15_consumed_count, m15_burned_exercise, m15_burned_exercise_count, m15_burned_bmr, m15_burned_bmr_count, m15_weight_kg_sum, m15_weight_count, m15_first_event, m15_last_event,
  m30_consumed, m30_consumed_count, m30_burned_exercise, m30_burned_exercise_count, m30_burned_bmr, m30_burned_bmr_count, m30_weight_kg_sum, m30_weight_count, m30_first_event, m30_last_event,
  m45_consumed, m45_consumed_count, m45_burned_exercise, m45_burned_exercise_count, m45_burned_bmr, m45_burned_bmr_count, m45_weight_kg_sum, m45_weight_count, m45_first_event, m45_last_event)
    select k.user_id, k.hour_start, case when (k.hour_start at time zone k.tz) = date_bin('1 hour', (k.hour_start at time zone k.tz), timestamp '1970-01-01 00:00:00') and ((k.hour_start + interval '45 minutes') at time zone k.tz) = (k.hour_start at time zone k.tz) + interval '45 minutes' then (k.hour_start at time zone k.tz) end,
           coalesce(m00.consumed, 0), coalesce(m00.consumed_count, 0), coalesce(m00.burned_exercise, 0), coalesce(m00.burned_exercise_count, 0), coalesce(m00.burned_bmr, 0), coalesce(m00.burned_bmr_count, 0), coalesce(m00.weight_kg_sum, 0), coalesce(m00.weight_count, 0), m00.first_event, m00.last_event,
           coalesce(m15.consumed, 0), coalesce(m15.consumed_count, 0), coalesce(m15.burned_exercise, 0), coalesce(m15.burned_exercise_count, 0), coalesce(m15.burned_bmr, 0), coalesce(m15.burned_bmr_count, 0), coalesce(m15.weight_kg_sum, 0), coalesce(m15.weight_count, 0), m15.first_event, m15.last_event,
           coalesce(m30.consumed, 0), coalesce(m30.consumed_count, 0), coalesce(m30.burned_exercise, 0), coalesce(m30.burned_exercise_count, 0), coalesce(m30.burned_bmr, 0), coalesce(m30.burned_bmr_count, 0), coalesce(m30.weight_kg_sum, 0), coalesce(m30.weight_count, 0), m30.first_event, m30.last_event,
           coalesce(m45.consumed, 0), coalesce(m45.consumed_count, 0), coalesce(m45.burned_exercise, 0), coalesce(m45.burned_exercise_count, 0), coalesce(m45.burned_bmr, 0), coalesce(m45.burned_bmr_count, 0), coalesce(m45.weight_kg_sum, 0), coalesce(m45.weight_count, 0), m45.first_event, m45.last_event
      from (select distinct s.user_id, s.hour_start, s.tz from slots s) k
      left join slots m00 on m00.user_id = k.user_id and m00.hour_start = k.hour_start and m00.quarter = 0
      left join slots m15 on m15.user_id = k.user_id and m15.hour_start = k.hour_start and m15.quarter = 1
      left join slots m30 on m30.user_id = k.user_id and m30.hour_start = k.hour_start and m30.quarter = 2
      left join slots m45 on m45.user_id = k.user_id and m45.hour_start = k.hour_start and m45.quarter = 3
  )
  insert into public.daily_calorie_totals
    (user_id, day, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
     burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
  select s.user_id, (s.slot_start at time zone s.tz)::date, s.tz,
         sum(s.consumed), sum(s.consumed_count), sum(s.burned_exercise), sum(s.burned_exercise_count),
         sum(s.burned_bmr), sum(s.burned_bmr_count), sum(s.weight_kg_sum), sum(s.weight_count),
         min(s.first_event), max(s.last_event)
    from slots s
   where p_user is null
   group by s.user_id, 2, s.tz;

  if p_user is not null then
    perform private.rebuild_daily_totals(p_user);
  end if;
end
$$;

-- A user's profile zone changed (or appeared, or went): the days are recomputed in the new zone
-- as in 20250101000200, and the hours' local_hour with them (under the same exclusive lock).
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
end
$$;

-- Summaries --------------------------------------------------------------------------------------

-- One user's local days in [p_first, p_last] that have events, in zone p_tz: from
-- daily_calorie_totals when p_tz is the zone it is kept in (p_stored), else from the hours (whole
-- when their four quarters lie in one local day, else by quarter).
create or replace function private.local_days(p_user uuid, p_tz text, p_stored boolean, p_first date, p_last date)
returns setof private.day_total
language plpgsql
stable
set search_path = ''
as $$
declare
  v_start timestamptz := p_first::timestamp at time zone p_tz;
  v_end timestamptz := (p_last + 1)::timestamp at time zone p_tz;
begin
  if p_stored then
    return query
    select t.day, t.consumed, t.consumed_count::bigint, t.burned_exercise, t.burned_exercise_count::bigint,
           t.burned_bmr, t.burned_bmr_count::bigint, t.weight_kg_sum, t.weight_count::bigint,
           t.first_event, t.last_event
      from public.daily_calorie_totals t
     where t.user_id = p_user and t.day >= p_first and t.day <= p_last and t.time_zone = p_tz
       and (t.event_count > 0 or t.weight_count > 0);
  else
    return query
    select p.day,
           sum(p.consumed), sum(p.consumed_count)::bigint, sum(p.burned_exercise), sum(p.burned_exercise_count)::bigint,
           sum(p.burned_bmr), sum(p.burned_bmr_count)::bigint, sum(p.weight_kg_sum), sum(p.weight_count)::bigint,
           min(p.first_event), max(p.last_event)
      from (
        select (h.hour_start at time zone p_tz)::date as day,
               h.consumed, h.consumed_count, h.burned_exercise, h.burned_exercise_count,
               h.burned_bmr, h.burned_bmr_count, h.weight_kg_sum, h.weight_count, h.first_event, h.last_event
          from private.calorie_event_hour_totals h
         where h.user_id = p_user
           and h.hour_start >= date_bin('1 hour', v_start, timestamptz '2000-01-01 00:00:00+00')
           and h.hour_start < v_end
           and (h.hour_start at time zone p_tz)::date = ((h.hour_start + interval '45 minutes') at time zone p_tz)::date
        union all
        select (q.slot_start at time zone p_tz)::date,
               q.consumed, q.consumed_count, q.burned_exercise, q.burned_exercise_count,
               q.burned_bmr, q.burned_bmr_count, q.weight_kg_sum, q.weight_count, q.first_event, q.last_event
          from private.calorie_event_quarters q
         where q.user_id = p_user
           and q.hour_start >= date_bin('1 hour', v_start, timestamptz '2000-01-01 00:00:00+00')
           and q.hour_start < v_end
           and (q.hour_start at time zone p_tz)::date <> ((q.hour_start + interval '45 minutes') at time zone p_tz)::date
      ) p
     where p.day >= p_first and p.day <= p_last
     group by p.day;
  end if;
end
$$;

-- Same signature, results, errors and security as 20250101001000.
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
  -- The profile zone: an hour with a stored local_hour is that local hour, whole, and its figures
  -- are stored. Usually every hour of the range is (one probe of the partial index tells): then the
  -- result is an index range of stored values, in order.
  if v_tz = v_profile_tz and not exists (
       select 1 from public.calorie_event_hours s
        where s.user_id = v_user and s.local_hour is null
          and s.hour_start > p_from - interval '1 hour' and s.hour_start < p_to + interval '1 hour') then
    return query
    select v_user, h.hour_start, h.hour_start + interval '1 hour', h.local_hour, v_tz,
           h.total_calories, h.event_count::bigint, h.avg_calories_per_event, h.first_event, h.last_event,
           h.consumed, h.burned_exercise, h.burned_bmr, h.weight_count::bigint, h.avg_weight_kg
      from public.calorie_event_hours h
     where h.user_id = v_user and h.hour_start >= p_from and h.hour_start < p_to
     order by h.hour_start;
    return;
  end if;
  -- Otherwise: in the profile zone the hours with a local_hour stay whole, the others go by quarter;
  -- in another zone every hour goes by quarter. A quarter belongs to the local hour its start falls
  -- in, which starts local_ts - local_hour before it; quarters up to an hour after p_to can belong
  -- to an hour starting before p_to.
  return query
  select v_user, b.bucket_start, b.bucket_start + interval '1 hour', b.local_hour, v_tz,
         b.consumed + b.burned_exercise + b.burned_bmr, b.event_count,
         (b.consumed + b.burned_exercise + b.burned_bmr) / nullif(b.event_count, 0),
         b.first_event, b.last_event, b.consumed, b.burned_exercise, b.burned_bmr,
         b.weight_count, b.weight_kg_sum / nullif(b.weight_count, 0)
    from (
      select h.hour_start as bucket_start, h.local_hour, h.event_count::bigint as event_count,
             h.first_event, h.last_event, h.consumed, h.burned_exercise, h.burned_bmr,
             h.weight_count::bigint as weight_count, h.weight_kg_sum
        from private.calorie_event_hour_totals h
       where v_tz = v_profile_tz
         and h.user_id = v_user and h.hour_start >= p_from and h.hour_start < p_to and h.local_hour is not null
      union all
      select g.bucket_start, g.local_hour, g.event_count, g.first_event, g.last_event,
             g.consumed, g.burned_exercise, g.burned_bmr, g.weight_count, g.weight_kg_sum
        from (
          select l.slot_start - (l.local_ts - date_bin('1 hour', l.local_ts, timestamp '1970-01-01 00:00:00')) as bucket_start,
                 date_bin('1 hour', l.local_ts, timestamp '1970-01-01 00:00:00') as local_hour,
                 sum(l.consumed_count + l.burned_exercise_count + l.burned_bmr_count)::bigint as event_count,
                 min(l.first_event) as first_event, max(l.last_event) as last_event,
                 sum(l.consumed) as consumed, sum(l.burned_exercise) as burned_exercise, sum(l.burned_bmr) as burned_bmr,
                 sum(l.weight_count)::bigint as weight_count, sum(l.weight_kg_sum) as weight_kg_sum
            from (
              select q.slot_start, q.slot_start at time zone v_tz as local_ts,
                     q.consumed, q.consumed_count, q.burned_exercise, q.burned_exercise_count,
                     q.burned_bmr, q.burned_bmr_count, q.weight_kg_sum, q.weight_count, q.first_event, q.last_event
                from private.calorie_event_quarters q
               where q.user_id = v_user
                 and q.hour_start > p_from - interval '1 hour' and q.hour_start < p_to + interval '1 hour'
                 and (v_tz <> v_profile_tz or q.local_hour is null)
              offset 0
            ) l
           group by 1, 2
          offset 0
        ) g
       where g.bucket_start >= p_from and g.bucket_start < p_to
    ) b
   order by b.bucket_start;
end
$$;
