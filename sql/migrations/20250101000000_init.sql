-- Initial schema: the seed plan's five tables, with row-level security from the start.
--
-- Differences from the seed (see ../../shared/spec): users.id is the Supabase auth user's id,
-- instants are timestamptz, and every table has RLS with one policy per command, to
-- authenticated, comparing (select auth.uid()) so PostgreSQL evaluates it once per query.

create type public.gender as enum ('male', 'female', 'other');
create type public.activity_level as enum ('sedentary', 'lightly_active', 'moderately_active', 'very_active', 'extra_active');
create type public.goal_type as enum ('weight_loss', 'weight_gain', 'maintenance');

create table public.users (
  id uuid primary key references auth.users (id) on delete cascade,
  email varchar(255) unique not null,
  username varchar(50) unique not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.user_profiles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  height_cm decimal(5, 2),
  weight_kg decimal(5, 2),
  age integer,
  gender public.gender,
  activity_level public.activity_level,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint unique_user_profile unique (user_id),
  constraint height_check check (height_cm > 0 and height_cm < 300),
  constraint weight_check check (weight_kg > 0 and weight_kg < 1000),
  constraint age_check check (age > 0 and age < 150)
);

create table public.calorie_goals (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
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
  user_id uuid not null references public.users (id) on delete cascade,
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
  constraint positive_calories_burned check (calories_burned_bmr >= 0)
);
create index idx_metabolic_profiles_user_id on public.metabolic_profiles (user_id);

create table public.calorie_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  event_type varchar(50) not null,
  calories_amount decimal(8, 2) not null,
  event_timestamp timestamptz not null,
  metadata jsonb default '{}',
  created_at timestamptz not null default now(),
  constraint positive_calories check (calories_amount >= 0)
);
create index idx_calorie_events_user_timestamp on public.calorie_events (user_id, event_timestamp);

-- Row-level security: every table, one policy per command.
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

-- anon gets nothing on user data; authenticated gets what RLS then narrows.
revoke all on public.users, public.user_profiles, public.calorie_goals, public.metabolic_profiles, public.calorie_events from anon;
