-- ingest_calorie_events: the same contract, less work per batch.
--
-- The first version (20250101000900) answered a batch with two extra passes over it: it probed
-- calorie_events for every event id of the batch to find retried ones (1000 index probes for
-- 1000 new events), and then parsed the JSON array again to look for ids used by another account.
-- Both only matter for ids that were not inserted, which a first attempt has none of. This
-- version
--   * reads the array once, typed, with jsonb_to_recordset;
--   * looks up only the ids the insert skipped (ON CONFLICT DO NOTHING), as one array probe;
--   * counts the rows it answered: fewer rows than distinct ids means an id is neither new nor
--     the caller's (RLS hides other accounts' rows), and only then it searches for that id to
--     name it in the error.
-- Signature, result columns and order, errors and security (invoker, RLS, search_path) are
-- unchanged.

create or replace function public.ingest_calorie_events(p_events jsonb)
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
  v_answered bigint;
  v_distinct_ids bigint;
  v_foreign uuid;
begin
  if v_user is null then
    raise exception using errcode = '42501', message = 'ingest_calorie_events needs a signed-in user';
  end if;
  if p_events is null or jsonb_typeof(p_events) <> 'array' then
    raise exception using errcode = '22023', message = 'p_events must be a JSON array of events';
  end if;

  return query
  with input as materialized (
    select coalesce(r.id, gen_random_uuid()) as event_id, r.event_type as kind, r.calories_amount as amount,
           r.event_timestamp as at, coalesce(r.metadata, '{}'::jsonb) as meta,
           coalesce(r.source, 'manual') as origin, r.n
      from rows from (jsonb_to_recordset(p_events) as (id uuid, event_type text, calories_amount numeric,
             event_timestamp timestamptz, metadata jsonb, source text)) with ordinality
           as r(id, event_type, calories_amount, event_timestamp, metadata, source, n)
  ),
  stored as (
    insert into public.calorie_events as c (id, user_id, event_type, calories_amount, event_timestamp, metadata, source)
    select i.event_id, v_user, i.kind, i.amount, i.at, i.meta, i.origin
      from input i
     order by i.n
    on conflict on constraint calorie_events_pkey do nothing
    returning c.id, c.user_id, c.event_type, c.calories_amount, c.event_timestamp, c.metadata, c.source, c.created_at
  ),
  skipped as (
    select i.event_id from input i where not exists (select from stored s where s.id = i.event_id)
  ),
  answer as (
    select s.id, s.user_id, s.event_type, s.calories_amount, s.event_timestamp, s.metadata, s.source, s.created_at,
           true as inserted
      from stored s
    union all
    -- Already stored by this caller (RLS shows only the caller's rows). An index probe with an
    -- array, which is empty (no probe at all) when every event was new.
    select c.id, c.user_id, c.event_type, c.calories_amount, c.event_timestamp, c.metadata, c.source, c.created_at,
           false
      from public.calorie_events c
     where c.id = any (array(select k.event_id from skipped k))
  )
  -- In request order; an id given twice is stored and answered once.
  select a.id, a.user_id, a.event_type, a.calories_amount, a.event_timestamp, a.metadata, a.source, a.created_at,
         a.inserted
    from answer a
    join (select i.event_id, min(i.n) as n from input i group by i.event_id) o on o.event_id = a.id
   order by o.n;
  get diagnostics v_answered = row_count;

  -- Each distinct id is answered once, inserted or retried. Fewer answers: an id that is neither
  -- new nor the caller's belongs to someone else; refuse the whole batch, naming it.
  if v_answered < jsonb_array_length(p_events) then
    select count(distinct coalesce(r.id::text, r.n::text)) into v_distinct_ids
      from rows from (jsonb_to_recordset(p_events) as (id uuid)) with ordinality as r(id, n);
    if v_answered < v_distinct_ids then
      select r.id into v_foreign
        from jsonb_to_recordset(p_events) as r(id uuid)
       where r.id is not null
         and not exists (select from public.calorie_events c where c.id = r.id)
       limit 1;
      raise exception using errcode = '23505', message = format('event id %s is already in use', v_foreign);
    end if;
  end if;
end
$$;
comment on function public.ingest_calorie_events(jsonb) is
  'Stores a batch of the caller''s events atomically; retried ids are not stored twice (inserted = false).';
