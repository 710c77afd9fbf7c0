-- Initial schema: the seed plan's enums and five tables, private by construction.
--
-- Seed compatibility: every seed table, enum and column keeps its name and meaning; new columns
-- have defaults, so an INSERT written against the seed's columns still works. Differences from
-- the seed (shared/spec/supabase-calorie-balance-migration.md), all additive:
--   * users.id is the Supabase auth user's id (references auth.users); user_id columns default to
--     auth.uid(), so a signed-in client may omit them;
--   * instants are timestamptz; created_at / updated_at are server-set (clients have no column
--     privilege on them; updated_at is kept by a trigger);
--   * user_profiles gains an IANA time_zone (validated, default 'UTC') and week_start;
--   * calorie_events gains source, a client-suppliable id (retries are no-ops with
--     on conflict (id) do nothing) and constraints rejecting impossible values;
--   * the seed's extra indexes are replaced by the ones queries use; every foreign key is indexed.
-- Security: RLS on every table, one policy per command, `to authenticated`, comparing
-- (select auth.uid()) so PostgreSQL evaluates it once per query. anon gets no privilege on user
-- data; authenticated gets the minimum (column-level insert/update). service_role bypasses RLS.

create schema if not exists private;
comment on schema private is 'Helpers and trigger functions; not exposed through PostgREST.';
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create type public.gender as enum ('male', 'female', 'other');
create type public.activity_level as enum ('sedentary', 'lightly_active', 'moderately_active', 'very_active', 'extra_active');
create type public.goal_type as enum ('weight_loss', 'weight_gain', 'maintenance');

-- Time zones ------------------------------------------------------------------------------------

-- A snapshot of pg_timezone_names (reading that view costs ~25 ms; this table costs microseconds).
-- A name missing here is still looked up in pg_timezone_names, so newer tzdata keeps working.
create table private.time_zone_names (
  name text primary key
);
alter table private.time_zone_names enable row level security;
create policy "time_zone_names: read all" on private.time_zone_names for select to authenticated, service_role using (true);
revoke all on private.time_zone_names from public, anon, authenticated;
grant select on private.time_zone_names to authenticated, service_role;
insert into private.time_zone_names (name) select name from pg_catalog.pg_timezone_names on conflict do nothing;

create function private.is_valid_time_zone(p_tz text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_tz is null then
    return false;
  end if;
  if exists (select 1 from private.time_zone_names where name = p_tz) then
    return true;
  end if;
  return exists (select 1 from pg_catalog.pg_timezone_names where name = p_tz);
end
$$;
comment on function private.is_valid_time_zone(text) is
  'True when p_tz is an IANA time zone name known to this server (pg_timezone_names), case-sensitive.';
revoke all on function private.is_valid_time_zone(text) from public;
grant execute on function private.is_valid_time_zone(text) to authenticated, service_role;

create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
revoke all on function private.set_updated_at() from public;

-- Tables ----------------------------------------------------------------------------------------

create table public.users (
  id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  email varchar(255) unique not null,
  username varchar(50) unique not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.users is 'One row per Supabase auth user (id = auth.users.id).';

create table public.user_profiles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.users (id) on delete cascade,
  height_cm decimal(5, 2),
  weight_kg decimal(5, 2),
  age integer,
  gender public.gender,
  activity_level public.activity_level,
  time_zone text not null default 'UTC',
  week_start text not null default 'monday',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint unique_user_profile unique (user_id),
  constraint height_check check (height_cm > 0 and height_cm < 300),
  constraint weight_check check (weight_kg > 0 and weight_kg < 1000),
  constraint age_check check (age > 0 and age < 150),
  constraint time_zone_valid check (private.is_valid_time_zone(time_zone)),
  constraint week_start_valid check (week_start in ('monday', 'sunday'))
);
comment on column public.user_profiles.time_zone is 'IANA time zone (pg_timezone_names), e.g. Europe/Rome; summaries bucket in it.';
comment on column public.user_profiles.week_start is 'monday (ISO, default) or sunday.';

create table public.calorie_goals (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.users (id) on delete cascade,
  daily_calorie_target integer not null,
  goal_type public.goal_type not null,
  target_weight_kg decimal(5, 2),
  target_date date,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint positive_calories check (daily_calorie_target > 0),
  constraint positive_target_weight check (target_weight_kg is null or target_weight_kg > 0)
);
create index idx_calorie_goals_user_id on public.calorie_goals (user_id);

create table public.metabolic_profiles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.users (id) on delete cascade,
  bmr decimal(7, 2) not null,
  tdee decimal(7, 2) not null,
  calories_burned_bmr decimal(7, 2) not null,
  calories_burned_activities decimal(7, 2) default 0,
  calculated_at timestamptz not null default now(),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint positive_bmr check (bmr > 0),
  constraint positive_tdee check (tdee > 0),
  constraint positive_calories_burned check (calories_burned_bmr >= 0),
  constraint non_negative_calories_burned_activities check (calories_burned_activities >= 0)
);
create index idx_metabolic_profiles_user_id on public.metabolic_profiles (user_id);

-- High-frequency events. consumed / burned_exercise / burned_bmr carry kcal; weight carries kg.
create table public.calorie_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.users (id) on delete cascade,
  event_type varchar(50) not null,
  calories_amount decimal(8, 2) not null,
  event_timestamp timestamptz not null,
  metadata jsonb default '{}',
  source varchar(32) not null default 'manual',
  created_at timestamptz not null default now(),
  constraint positive_calories check (calories_amount >= 0),
  constraint event_type_known check (event_type in ('consumed', 'burned_exercise', 'burned_bmr', 'weight')),
  constraint source_known check (source in ('manual', 'fitness_tracker', 'smart_scale', 'nutrition_scan', 'healthkit', 'google_fit')),
  constraint calories_amount_plausible check (event_type = 'weight' or calories_amount <= 25000),
  constraint weight_kg_plausible check (event_type <> 'weight' or (calories_amount > 0 and calories_amount < 1000)),
  constraint event_timestamp_plausible check (event_timestamp >= '2000-01-01 00:00:00+00' and event_timestamp < '2100-01-01 00:00:00+00'),
  constraint metadata_is_object check (metadata is null or jsonb_typeof(metadata) = 'object')
);
comment on column public.calorie_events.calories_amount is 'kcal for consumed / burned_exercise / burned_bmr; kg for weight (never summed as calories).';
comment on column public.calorie_events.id is 'Client-suppliable: a retried insert with the same id is a no-op (on conflict (id) do nothing).';
-- Recent events per user (the seed's Step 7 intent, without the now() predicate an index cannot
-- have); also serves ascending ranges and the user_id foreign key.
create index idx_calorie_events_user_recent on public.calorie_events (user_id, event_timestamp desc);

create trigger users_set_updated_at before update on public.users
  for each row execute function private.set_updated_at();
create trigger user_profiles_set_updated_at before update on public.user_profiles
  for each row execute function private.set_updated_at();
create trigger calorie_goals_set_updated_at before update on public.calorie_goals
  for each row execute function private.set_updated_at();
create trigger metabolic_profiles_set_updated_at before update on public.metabolic_profiles
  for each row execute function private.set_updated_at();

-- Row-level security: every table, one policy per command --------------------------------------
alter table public.users enable row level security;
alter table public.user_profiles enable row level security;
alter table public.calorie_goals enable row level security;
alter table public.metabolic_profiles enable row level security;
alter table public.calorie_events enable row level security;

create policy "users: read own" on public.users for select to authenticated using ((select auth.uid()) = id);
create policy "users: insert own" on public.users for insert to authenticated with check ((select auth.uid()) = id);
create policy "users: update own" on public.users for update to authenticated using ((select auth.uid()) = id) with check ((select auth.uid()) = id);
create policy "users: delete own" on public.users for delete to authenticated using ((select auth.uid()) = id);

create policy "user_profiles: read own" on public.user_profiles for select to authenticated using ((select auth.uid()) = user_id);
create policy "user_profiles: insert own" on public.user_profiles for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "user_profiles: update own" on public.user_profiles for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "user_profiles: delete own" on public.user_profiles for delete to authenticated using ((select auth.uid()) = user_id);

create policy "calorie_goals: read own" on public.calorie_goals for select to authenticated using ((select auth.uid()) = user_id);
create policy "calorie_goals: insert own" on public.calorie_goals for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "calorie_goals: update own" on public.calorie_goals for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "calorie_goals: delete own" on public.calorie_goals for delete to authenticated using ((select auth.uid()) = user_id);

create policy "metabolic_profiles: read own" on public.metabolic_profiles for select to authenticated using ((select auth.uid()) = user_id);
create policy "metabolic_profiles: insert own" on public.metabolic_profiles for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "metabolic_profiles: update own" on public.metabolic_profiles for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "metabolic_profiles: delete own" on public.metabolic_profiles for delete to authenticated using ((select auth.uid()) = user_id);

create policy "calorie_events: read own" on public.calorie_events for select to authenticated using ((select auth.uid()) = user_id);
create policy "calorie_events: insert own" on public.calorie_events for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "calorie_events: update own" on public.calorie_events for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "calorie_events: delete own" on public.calorie_events for delete to authenticated using ((select auth.uid()) = user_id);

-- Privileges: revoke what Supabase's defaults grant, then grant the minimum --------------------
revoke all on public.users, public.user_profiles, public.calorie_goals, public.metabolic_profiles, public.calorie_events
  from public, anon, authenticated;
grant select, insert, update, delete on public.users, public.user_profiles, public.calorie_goals, public.metabolic_profiles, public.calorie_events
  to service_role;

grant select, delete on public.users, public.user_profiles, public.calorie_goals, public.metabolic_profiles, public.calorie_events
  to authenticated;
-- Server-set columns (created_at, updated_at) are left out: the database owns them.
grant insert (id, email, username), update (id, email, username) on public.users to authenticated;
grant insert (id, user_id, height_cm, weight_kg, age, gender, activity_level, time_zone, week_start),
      update (user_id, height_cm, weight_kg, age, gender, activity_level, time_zone, week_start)
  on public.user_profiles to authenticated;
grant insert (id, user_id, daily_calorie_target, goal_type, target_weight_kg, target_date, is_active),
      update (user_id, daily_calorie_target, goal_type, target_weight_kg, target_date, is_active)
  on public.calorie_goals to authenticated;
grant insert (id, user_id, bmr, tdee, calories_burned_bmr, calories_burned_activities, calculated_at, is_active),
      update (user_id, bmr, tdee, calories_burned_bmr, calories_burned_activities, calculated_at, is_active)
  on public.metabolic_profiles to authenticated;
grant insert (id, user_id, event_type, calories_amount, event_timestamp, metadata, source),
      update (user_id, event_type, calories_amount, event_timestamp, metadata, source)
  on public.calorie_events to authenticated;
