-- What the edge API needs beyond the seed's schema:
--
-- * metabolic_profiles records which BMR equation and activity level produced it (nullable:
--   rows from before, and seed-era inserts, have neither);
-- * public.ingest_calorie_events(p_events jsonb): stores a batch of the caller's events in one
--   statement, all or nothing. An event's client-supplied id makes a retry store nothing twice:
--   ids already stored by the caller come back with inserted = false. An id already used by
--   another account cannot be seen under RLS, so it is refused (23505) and nothing is stored.
--   Security invoker: RLS and the caller's column privileges apply as to a plain insert;
-- * public.local_date(p_tz text): today's date in a time zone, by the database's clock and tz
--   database (the ones summaries bucket with), for goals planned from "today".

alter table public.metabolic_profiles
  add column equation text,
  add column activity_level public.activity_level,
  add constraint metabolic_profiles_equation_known check (
    equation is null
    or equation in ('mifflin_st_jeor', 'harris_benedict_revised', 'harris_benedict_original', 'katch_mcardle', 'cunningham')
  );
comment on column public.metabolic_profiles.equation is 'BMR equation that produced bmr (calorie-core name); null on older rows.';
comment on column public.metabolic_profiles.activity_level is 'Activity level tdee was computed with; null on older rows.';
grant insert (equation, activity_level), update (equation, activity_level) on public.metabolic_profiles to authenticated;

create function public.ingest_calorie_events(p_events jsonb)
returns table (
  id uuid,
  user_id uuid,
  event_type varchar,
  calories_amount numeric,
  event_timestamp timestamptz,
  metadata jsonb,
  source varchar,
  created_at timestamptz,
  inserted boolean
)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_user uuid := (select auth.uid());
  v_foreign uuid;
begin
  if v_user is null then
    raise exception using errcode = '42501', message = 'ingest_calorie_events needs a signed-in user';
  end if;
  if p_events is null or jsonb_typeof(p_events) <> 'array' then
    raise exception using errcode = '22023', message = 'p_events must be a JSON array of events';
  end if;

  return query
  with input as (
    select coalesce((e ->> 'id')::uuid, gen_random_uuid()) as event_id,
           e ->> 'event_type' as kind,
           (e ->> 'calories_amount')::numeric as amount,
           (e ->> 'event_timestamp')::timestamptz as at,
           coalesce(e -> 'metadata', '{}'::jsonb) as meta,
           coalesce(e ->> 'source', 'manual') as origin,
           t.n
      from jsonb_array_elements(p_events) with ordinality as t(e, n)
  ),
  stored as (
    insert into public.calorie_events as c (id, user_id, event_type, calories_amount, event_timestamp, metadata, source)
    select i.event_id, v_user, i.kind, i.amount, i.at, i.meta, i.origin
      from input i
     order by i.n
    on conflict on constraint calorie_events_pkey do nothing
    returning c.id, c.user_id, c.event_type, c.calories_amount, c.event_timestamp, c.metadata, c.source, c.created_at
  ),
  answer as (
    select s.id, s.user_id, s.event_type, s.calories_amount, s.event_timestamp, s.metadata, s.source, s.created_at,
           true as inserted
      from stored s
    union all
    -- Already stored by this caller (RLS shows only the caller's rows).
    select c.id, c.user_id, c.event_type, c.calories_amount, c.event_timestamp, c.metadata, c.source, c.created_at,
           false
      from public.calorie_events c
     where c.id in (select i.event_id from input i)
       and c.id not in (select s.id from stored s)
  )
  -- In request order; an id given twice is stored and answered once.
  select a.id, a.user_id, a.event_type, a.calories_amount, a.event_timestamp, a.metadata, a.source, a.created_at,
         a.inserted
    from answer a
    join (select i.event_id, min(i.n) as n from input i group by i.event_id) o on o.event_id = a.id
   order by o.n;

  -- An id that is neither new nor the caller's belongs to someone else: refuse the whole batch.
  select (e ->> 'id')::uuid into v_foreign
    from jsonb_array_elements(p_events) as t(e)
   where t.e ? 'id'
     and not exists (select 1 from public.calorie_events c where c.id = (t.e ->> 'id')::uuid)
   limit 1;
  if v_foreign is not null then
    raise exception using errcode = '23505', message = format('event id %s is already in use', v_foreign);
  end if;
end
$$;
comment on function public.ingest_calorie_events(jsonb) is
  'Stores a batch of the caller''s events atomically; retried ids are not stored twice (inserted = false).';
revoke all on function public.ingest_calorie_events(jsonb) from public, anon;
grant execute on function public.ingest_calorie_events(jsonb) to authenticated, service_role;

create function public.local_date(p_tz text)
returns date
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not private.is_valid_time_zone(p_tz) then
    raise exception using errcode = '22023', message = format('p_tz: unknown time zone %L', p_tz);
  end if;
  return (now() at time zone p_tz)::date;
end
$$;
comment on function public.local_date(text) is 'Today''s date in the IANA time zone p_tz.';
revoke all on function public.local_date(text) from public, anon;
grant execute on function public.local_date(text) to authenticated, service_role;
