-- Monthly totals: one row per user and local month (the profile's zone, as the daily totals),
-- kept equal to the sum of that month's daily_calorie_totals rows. monthly_summary reads them
-- when no zone is passed (the usual call): one index range of a few rows instead of aggregating
-- every day of the range.
--
-- They are kept by statement triggers on daily_calorie_totals, so every writer of days (the
-- event triggers, a time-zone change, the rebuilds, a cascade) keeps the months without knowing
-- of them. A statement's touched months are recomputed from their days (at most 31 rows each,
-- one index range): exact by construction, first/last included, without delta bookkeeping.
--
-- Measured before adding them (sql/bench/harness.sql's per-call method, 2000 calls alternated,
-- on the 5M-event bench data): monthly_summary over three months 111 us per call, the same
-- result read from a month table 68 us (a 3-row plpgsql result costs 46 us through that
-- wrapper). docs/SQL.md has the insert-side cost.

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

-- Recompute the given (user, month) rows from their days: upserted where days exist, deleted
-- where none are left.
create function private.recompute_monthly_totals(p_users uuid[], p_months date[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  with k as (
    select distinct u.user_id, u.month from unnest(p_users, p_months) u (user_id, month)
  ), sums as (
    select k.user_id, k.month, max(t.time_zone) as time_zone,
           sum(t.consumed) as consumed, sum(t.consumed_count)::integer as consumed_count,
           sum(t.burned_exercise) as burned_exercise, sum(t.burned_exercise_count)::integer as burned_exercise_count,
           sum(t.burned_bmr) as burned_bmr, sum(t.burned_bmr_count)::integer as burned_bmr_count,
           sum(t.weight_kg_sum) as weight_kg_sum, sum(t.weight_count)::integer as weight_count,
           min(t.first_event) as first_event, max(t.last_event) as last_event
      from k
      join public.daily_calorie_totals t
        on t.user_id = k.user_id and t.day >= k.month and t.day < (k.month + interval '1 month')::date
     group by k.user_id, k.month
  ), upserted as (
    insert into public.monthly_calorie_totals as m
      (user_id, month, time_zone, consumed, consumed_count, burned_exercise, burned_exercise_count,
       burned_bmr, burned_bmr_count, weight_kg_sum, weight_count, first_event, last_event)
    select s.user_id, s.month, s.time_zone, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
           s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event
      from sums s
     order by s.user_id, s.month
    on conflict (user_id, month) do update set
      time_zone = excluded.time_zone,
      consumed = excluded.consumed, consumed_count = excluded.consumed_count,
      burned_exercise = excluded.burned_exercise, burned_exercise_count = excluded.burned_exercise_count,
      burned_bmr = excluded.burned_bmr, burned_bmr_count = excluded.burned_bmr_count,
      weight_kg_sum = excluded.weight_kg_sum, weight_count = excluded.weight_count,
      first_event = excluded.first_event, last_event = excluded.last_event,
      updated_at = now()
    returning 1
  )
  delete from public.monthly_calorie_totals m
   using k
   where m.user_id = k.user_id and m.month = k.month
     and not exists (select 1 from sums s where s.user_id = k.user_id and s.month = k.month);
end
$$;
revoke all on function private.recompute_monthly_totals(uuid[], date[]) from public, anon, authenticated, service_role;

create function private.daily_totals_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.recompute_monthly_totals(array_agg(n.user_id), array_agg(date_trunc('month', n.day)::date))
     from new_rows n
   having count(*) > 0;
  return null;
end
$$;

create function private.daily_totals_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.recompute_monthly_totals(array_agg(r.user_id), array_agg(date_trunc('month', r.day)::date))
     from (select n.user_id, n.day from new_rows n union select o.user_id, o.day from old_rows o) r
   having count(*) > 0;
  return null;
end
$$;

create function private.daily_totals_after_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.recompute_monthly_totals(array_agg(o.user_id), array_agg(date_trunc('month', o.day)::date))
     from old_rows o
   having count(*) > 0;
  return null;
end
$$;
revoke all on function private.daily_totals_after_insert(), private.daily_totals_after_update(),
  private.daily_totals_after_delete() from public, anon, authenticated, service_role;

create trigger daily_totals_months_insert after insert on public.daily_calorie_totals
  referencing new table as new_rows
  for each statement execute function private.daily_totals_after_insert();
create trigger daily_totals_months_update after update on public.daily_calorie_totals
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.daily_totals_after_update();
create trigger daily_totals_months_delete after delete on public.daily_calorie_totals
  referencing old table as old_rows
  for each statement execute function private.daily_totals_after_delete();

-- The months of the days there are (sql/rollback.sh also calls this after restoring days).
create function private.rebuild_monthly_totals()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.monthly_calorie_totals;
  select private.recompute_monthly_totals(array_agg(d.user_id), array_agg(d.month))
    from (select distinct t.user_id, date_trunc('month', t.day)::date as month from public.daily_calorie_totals t) d
  having count(*) > 0;
$$;
revoke all on function private.rebuild_monthly_totals() from public, anon, authenticated, service_role;
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
