-- Time-zone-aware summaries for PostgREST RPC (POST /rest/v1/rpc/<name>).
--
--   hourly_summary (p_from timestamptz, p_to timestamptz, p_tz text default null)
--   daily_summary  (p_from timestamptz, p_to timestamptz, p_tz text default null)
--   weekly_summary (p_from timestamptz, p_to timestamptz, p_tz text default null, p_week_start text default null)
--   monthly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
--     -> setof public.calorie_bucket
--   calorie_balance(p_from timestamptz, p_to timestamptz, p_tz text default null)
--     -> setof public.calorie_balance_day
--
-- * They serve the caller only: security invoker (RLS applies) and filtered on auth.uid().
-- * A bucket is returned when its start instant lies in [p_from, p_to); its figures cover the
--   whole bucket. Buckets without events are omitted. Rows come ordered by bucket start.
-- * p_tz: an IANA zone; null means the profile's time zone (UTC without a profile). Unknown zone
--   -> SQLSTATE 22023 naming the parameter. p_week_start: 'monday' | 'sunday'; null means the
--   profile's week_start (monday by default).
-- * Hours are local wall-clock hours: a 25-hour DST day has 25 hourly buckets (the repeated hour
--   twice, with different bucket_start), a 23-hour day 23. bucket_end = bucket_start + 1 hour.
-- * Cost is proportional to the buckets returned: hours read the 15-minute slots, days/weeks/
--   months/balance read daily_calorie_totals in the profile zone, or the slots in another zone.
-- * The result types are tables that are never written (RLS on, no policy, no write privilege),
--   so PostgREST can select, filter and order the result like a table.

create table public.calorie_bucket (
  user_id uuid,
  bucket_start timestamptz,
  bucket_end timestamptz,
  local_start timestamp,
  time_zone text,
  total_calories numeric,
  event_count bigint,
  avg_calories_per_event numeric,
  first_event timestamptz,
  last_event timestamptz,
  consumed numeric,
  burned_exercise numeric,
  burned_bmr numeric,
  weight_count bigint,
  avg_weight_kg numeric
);
comment on table public.calorie_bucket is
  'Row type of the *_summary functions; never written. total_calories/event_count/avg/first/last count calorie events only (not weight).';

create table public.calorie_balance_day (
  user_id uuid,
  day date,
  calories_consumed numeric,
  calories_burned numeric,
  bmr_source text,
  net_balance numeric,
  daily_calorie_target integer,
  target_variance numeric
);
comment on table public.calorie_balance_day is
  'Row type of calorie_balance(); never written. bmr_source: events | profile | none.';

alter table public.calorie_bucket enable row level security;
alter table public.calorie_balance_day enable row level security;
revoke all on public.calorie_bucket, public.calorie_balance_day from public, anon, authenticated, service_role;
grant select on public.calorie_bucket, public.calorie_balance_day to authenticated, service_role;

-- Helpers ---------------------------------------------------------------------------------------
--
-- Performance: every RPC function is one plpgsql body (its plans are cached for the session) that
-- validates its arguments with plain IF statements, reads the profile zone with one index lookup
-- and then runs one query. In the profile zone (the usual case), days/months/balance read
-- daily_calorie_totals with an index-only scan bounded to exactly the days whose start lies in the
-- range (computed once, not filtered per row); hours read the range's 15-minute slots with an
-- index-only scan and convert each slot to local time once. Only the other-zone paths (and weeks)
-- go through private.local_days. Keep the columns read from daily_calorie_totals within the
-- INCLUDE list of daily_calorie_totals_user_day (total_calories is not in it: it is recomputed).

create type private.day_total as (
  day date,
  consumed numeric,
  consumed_count bigint,
  burned_exercise numeric,
  burned_exercise_count bigint,
  burned_bmr numeric,
  burned_bmr_count bigint,
  weight_kg_sum numeric,
  weight_count bigint,
  first_event timestamptz,
  last_event timestamptz
);

-- One user's local days in [p_first, p_last] that have events, in zone p_tz: from
-- daily_calorie_totals when p_tz is the zone it is kept in (p_stored), else from the slots.
create function private.local_days(p_user uuid, p_tz text, p_stored boolean, p_first date, p_last date)
returns setof private.day_total
language plpgsql
stable
set search_path = ''
as $$
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
    select (s.slot_start at time zone p_tz)::date,
           sum(s.consumed), sum(s.consumed_count)::bigint, sum(s.burned_exercise), sum(s.burned_exercise_count)::bigint,
           sum(s.burned_bmr), sum(s.burned_bmr_count)::bigint, sum(s.weight_kg_sum), sum(s.weight_count)::bigint,
           min(s.first_event), max(s.last_event)
      from public.calorie_event_slots s
     where s.user_id = p_user
       and s.slot_start >= (p_first::timestamp at time zone p_tz)
       and s.slot_start < ((p_last + 1)::timestamp at time zone p_tz)
     group by 1;
  end if;
end
$$;
revoke all on function private.local_days(uuid, text, boolean, date, date) from public;
grant execute on function private.local_days(uuid, text, boolean, date, date) to authenticated, service_role;

-- RPC functions ---------------------------------------------------------------------------------
--
-- Each starts with the same checks, in this order: p_from/p_to present, p_to >= p_from, the zone
-- (p_tz, else the caller's profile zone, else UTC; a p_tz other than the profile's must be a known
-- zone), the week start (weekly only).

create function public.hourly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
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
  -- A slot belongs to the local hour its start falls in; that hour starts local_ts - local_hour
  -- before the slot. Slots from p_to to p_to + 1 hour can still belong to an hour starting before
  -- p_to. Each slot is converted to local time once (the inner subquery is not flattened).
  return query
  select v_user, h.bucket_start, h.bucket_start + interval '1 hour', h.local_hour, v_tz,
         h.consumed + h.burned_exercise + h.burned_bmr, h.event_count,
         (h.consumed + h.burned_exercise + h.burned_bmr) / nullif(h.event_count, 0),
         h.first_event, h.last_event, h.consumed, h.burned_exercise, h.burned_bmr,
         h.weight_count, h.weight_kg_sum / nullif(h.weight_count, 0)
    from (
      select l.slot_start - (l.local_ts - date_trunc('hour', l.local_ts)) as bucket_start,
             date_trunc('hour', l.local_ts) as local_hour,
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
    ) h
   where h.bucket_start >= p_from and h.bucket_start < p_to
   order by h.bucket_start;
end
$$;

create function public.daily_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
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
    select v_user, t.day::timestamp at time zone v_tz, (t.day + 1)::timestamp at time zone v_tz, t.day::timestamp, v_tz,
           t.consumed + t.burned_exercise + t.burned_bmr, t.event_count::bigint,
           (t.consumed + t.burned_exercise + t.burned_bmr) / nullif(t.event_count, 0),
           t.first_event, t.last_event,
           t.consumed, t.burned_exercise, t.burned_bmr,
           t.weight_count::bigint, t.weight_kg_sum / nullif(t.weight_count, 0)
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

create function public.weekly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null, p_week_start text default null)
returns setof public.calorie_bucket
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_profile_tz text;
  v_profile_week text;
  v_tz text;
  v_week text;
  v_dow integer;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  select p.time_zone, p.week_start into v_profile_tz, v_profile_week from public.user_profiles p where p.user_id = v_user;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
  v_week := coalesce(p_week_start, v_profile_week, 'monday');
  if v_week not in ('monday', 'sunday') then
    raise exception using errcode = '22023', message = format('p_week_start: %L is not monday or sunday', p_week_start);
  end if;
  v_dow := case v_week when 'sunday' then 0 else 1 end;
  return query
  select v_user, w.week_start::timestamp at time zone v_tz, (w.week_start + 7)::timestamp at time zone v_tz,
         w.week_start::timestamp, v_tz,
         sum(d.consumed + d.burned_exercise + d.burned_bmr),
         sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count)::bigint,
         sum(d.consumed + d.burned_exercise + d.burned_bmr)
           / nullif(sum(d.consumed_count + d.burned_exercise_count + d.burned_bmr_count), 0),
         min(d.first_event), max(d.last_event),
         sum(d.consumed), sum(d.burned_exercise), sum(d.burned_bmr),
         sum(d.weight_count)::bigint, sum(d.weight_kg_sum) / nullif(sum(d.weight_count), 0)
    from private.local_days(v_user, v_tz, v_tz = v_profile_tz, (p_from at time zone v_tz)::date, (p_to at time zone v_tz)::date + 6) d
    cross join lateral (select d.day - ((extract(dow from d.day)::integer - v_dow + 7) % 7) as week_start) w
   group by w.week_start
  having w.week_start::timestamp at time zone v_tz >= p_from and w.week_start::timestamp at time zone v_tz < p_to
   order by w.week_start;
end
$$;

create function public.monthly_summary(p_from timestamptz, p_to timestamptz, p_tz text default null)
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
    return query
    select v_user, m.month_start::timestamp at time zone v_tz,
           (m.month_start + interval '1 month')::date::timestamp at time zone v_tz,
           m.month_start::timestamp, v_tz,
           m.consumed + m.burned_exercise + m.burned_bmr, m.event_count,
           (m.consumed + m.burned_exercise + m.burned_bmr) / nullif(m.event_count, 0),
           m.first_event, m.last_event,
           m.consumed, m.burned_exercise, m.burned_bmr,
           m.weight_count, m.weight_kg_sum / nullif(m.weight_count, 0)
      from (
        select date_trunc('month', t.day::timestamp)::date as month_start,
               sum(t.event_count)::bigint as event_count,
               min(t.first_event) as first_event, max(t.last_event) as last_event,
               sum(t.consumed) as consumed, sum(t.burned_exercise) as burned_exercise, sum(t.burned_bmr) as burned_bmr,
               sum(t.weight_count)::bigint as weight_count, sum(t.weight_kg_sum) as weight_kg_sum
          from public.daily_calorie_totals t
         where t.user_id = v_user and t.day >= v_first and t.day < (v_last + interval '1 month')::date
           and t.time_zone = v_tz and (t.event_count > 0 or t.weight_count > 0)
         group by 1
      ) m
     order by m.month_start;
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

create function public.calorie_balance(p_from timestamptz, p_to timestamptz, p_tz text default null)
returns setof public.calorie_balance_day
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
  v_target integer;
  v_profile_bmr numeric;
begin
  if p_from is null or p_to is null then
    raise exception using errcode = '22023', message = 'p_from and p_to are required',
      hint = 'Pass the range as timestamptz values, e.g. 2025-03-01T00:00:00Z.';
  end if;
  if p_to < p_from then
    raise exception using errcode = '22023', message = format('p_to (%s) is before p_from (%s)', p_to, p_from);
  end if;
  -- One statement for the profile zone, the active goal's target and the active metabolic profile.
  select (select p.time_zone from public.user_profiles p where p.user_id = v_user),
         (select g.daily_calorie_target from public.calorie_goals g where g.user_id = v_user and g.is_active),
         (select mp.calories_burned_bmr from public.metabolic_profiles mp where mp.user_id = v_user and mp.is_active)
    into v_profile_tz, v_target, v_profile_bmr;
  v_profile_tz := coalesce(v_profile_tz, 'UTC');
  v_tz := coalesce(p_tz, v_profile_tz);
  if v_tz <> v_profile_tz and not private.is_valid_time_zone(v_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz),
      hint = 'Use an IANA time zone name such as Europe/Rome, or omit p_tz to use the profile''s time zone.';
  end if;
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
    select v_user, t.day, t.consumed, b.burned, b.source, t.consumed - b.burned, v_target, t.consumed - v_target
      from public.daily_calorie_totals t
      cross join lateral (
        select case when t.burned_bmr_count > 0 then t.burned_exercise + t.burned_bmr
                    else t.burned_exercise + coalesce(v_profile_bmr, 0) end as burned,
               case when t.burned_bmr_count > 0 then 'events'
                    when v_profile_bmr is not null then 'profile'
                    else 'none' end as source
      ) b
     where t.user_id = v_user and t.day >= v_first and t.day <= v_last and t.time_zone = v_tz
       and (t.event_count > 0 or t.weight_count > 0)
     order by t.day;
  else
    return query
    select v_user, d.day, d.consumed, b.burned, b.source, d.consumed - b.burned, v_target, d.consumed - v_target
      from private.local_days(v_user, v_tz, false, v_first, v_last) d
      cross join lateral (
        select case when d.burned_bmr_count > 0 then d.burned_exercise + d.burned_bmr
                    else d.burned_exercise + coalesce(v_profile_bmr, 0) end as burned,
               case when d.burned_bmr_count > 0 then 'events'
                    when v_profile_bmr is not null then 'profile'
                    else 'none' end as source
      ) b
     order by d.day;
  end if;
end
$$;

revoke all on function public.hourly_summary(timestamptz, timestamptz, text),
  public.daily_summary(timestamptz, timestamptz, text),
  public.weekly_summary(timestamptz, timestamptz, text, text),
  public.monthly_summary(timestamptz, timestamptz, text),
  public.calorie_balance(timestamptz, timestamptz, text)
  from public, anon;
grant execute on function public.hourly_summary(timestamptz, timestamptz, text),
  public.daily_summary(timestamptz, timestamptz, text),
  public.weekly_summary(timestamptz, timestamptz, text, text),
  public.monthly_summary(timestamptz, timestamptz, text),
  public.calorie_balance(timestamptz, timestamptz, text)
  to authenticated, service_role;
