-- The legacy database seen as the target's rows: session-local (temporary) views over the seed
-- schema's five tables, applying every transformation rule of sql/migrate-data.sh. One
-- definition serves the copy into the target AND the source side of the verification, so the
-- checksums compare exactly what was meant to be written with what was written.
--
-- psql variables: tz (the --assume-tz zone, validated by the caller), extra_map (extra legacy
-- event-type spellings 'spelling=type;spelling=type', may be empty), fast_tz (optional, see
-- mig_calorie_events_raw below).
-- Run by migrate-data.sh in every source session, before the session's transaction imports the
-- exported snapshot (temporary views are catalog entries private to the session: nothing in the
-- legacy database changes). Session settings (TimeZone UTC, DateStyle ISO) make the text forms
-- identical in every session.

set timezone = 'UTC';
set datestyle = 'ISO, YMD';
set intervalstyle = 'postgres';
set extra_float_digits = 3;

-- Legacy event types: lower-cased, trimmed, runs of blanks/dashes turned into '_', then mapped.
-- Anything not listed (and not given with --map-event-type) stops the migration.
create temp view mig_event_type_map (spelling, event_type) as
select v.spelling, v.event_type
  from (values
    ('consumed', 'consumed'), ('consumption', 'consumed'), ('consume', 'consumed'), ('food', 'consumed'),
    ('meal', 'consumed'), ('intake', 'consumed'), ('calories_consumed', 'consumed'),
    ('burned_exercise', 'burned_exercise'), ('exercise', 'burned_exercise'), ('workout', 'burned_exercise'),
    ('activity', 'burned_exercise'), ('burned_activity', 'burned_exercise'), ('calories_burned_exercise', 'burned_exercise'),
    ('burned_bmr', 'burned_bmr'), ('bmr', 'burned_bmr'), ('basal', 'burned_bmr'), ('basal_metabolism', 'burned_bmr'),
    ('calories_burned_bmr', 'burned_bmr'),
    ('weight', 'weight'), ('weigh_in', 'weight'), ('weighin', 'weight'), ('body_weight', 'weight'), ('weight_kg', 'weight')
  ) v (spelling, event_type)
 where v.spelling not in (select split_part(x, '=', 1) from unnest(string_to_array(:'extra_map', ';')) x where x <> '')
union all
select regexp_replace(lower(btrim(split_part(x, '=', 1))), '[[:space:]-]+', '_', 'g'), btrim(split_part(x, '=', 2))
  from unnest(string_to_array(:'extra_map', ';')) x
 where x <> '';

-- Naive legacy timestamps are wall-clock times in :tz. `ts at time zone :tz` is PostgreSQL's
-- rule: a time inside a spring-forward gap takes the offset in force before the gap (02:30 in
-- Rome on 2025-03-30 = 01:30Z, shown as 03:30+02); a time inside a fall-back overlap takes the
-- offset in force after it, i.e. the later of the two instants (02:30 in Rome on 2025-10-26 =
-- 01:30Z, shown as 02:30+01).
create temp view mig_users as
select u.id,
       u.email::text as email,
       u.username::text as username,
       coalesce(u.created_at at time zone :'tz', u.updated_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as created_at,
       coalesce(u.updated_at at time zone :'tz', u.created_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as updated_at
  from public.users u;

create temp view mig_user_profiles as
select p.id, p.user_id,
       p.height_cm::numeric(5, 2) as height_cm, p.weight_kg::numeric(5, 2) as weight_kg, p.age,
       p.gender::text as gender, p.activity_level::text as activity_level,
       :'tz'::text as time_zone, 'monday'::text as week_start,
       coalesce(p.created_at at time zone :'tz', p.updated_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as created_at,
       coalesce(p.updated_at at time zone :'tz', p.created_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as updated_at
  from public.user_profiles p;

-- One active goal per user: the newest active one (created_at, then id) stays active.
create temp view mig_calorie_goals as
select g.id, g.user_id, g.daily_calorie_target, g.goal_type::text as goal_type,
       g.target_weight_kg::numeric(5, 2) as target_weight_kg, g.target_date,
       coalesce(g.is_active, false)
         and g.id = first_value(g.id) over (partition by g.user_id, coalesce(g.is_active, false)
                                             order by g.created_at desc nulls last, g.updated_at desc nulls last, g.id desc) as is_active,
       coalesce(g.created_at at time zone :'tz', g.updated_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as created_at,
       coalesce(g.updated_at at time zone :'tz', g.created_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as updated_at
  from public.calorie_goals g;

create temp view mig_metabolic_profiles as
select m.id, m.user_id,
       m.bmr::numeric(7, 2) as bmr, m.tdee::numeric(7, 2) as tdee,
       m.calories_burned_bmr::numeric(7, 2) as calories_burned_bmr,
       m.calories_burned_activities::numeric(7, 2) as calories_burned_activities,
       coalesce(m.calculated_at at time zone :'tz', m.created_at at time zone :'tz', m.updated_at at time zone :'tz',
                timestamptz '1970-01-01 00:00:00+00') as calculated_at,
       coalesce(m.is_active, false)
         and m.id = first_value(m.id) over (partition by m.user_id, coalesce(m.is_active, false)
                                             order by m.created_at desc nulls last, m.updated_at desc nulls last, m.id desc) as is_active,
       coalesce(m.created_at at time zone :'tz', m.updated_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as created_at,
       coalesce(m.updated_at at time zone :'tz', m.created_at at time zone :'tz', timestamptz '1970-01-01 00:00:00+00') as updated_at,
       null::text as equation,
       null::text as activity_level
  from public.metabolic_profiles m;

-- Events with the legacy spelling kept alongside (for the problem list and the report).
--
-- The million events' two timestamps: `ts at time zone :'tz'` looks the zone up by name for every
-- value (lower-casing, the abbreviation table, the zone cache: ~18% of the source's slot pass).
-- With fast_tz (set by the tool when both servers hash rows with hash_record_extended, i.e. no
-- text forms are hashed), and when :tz is not also a time-zone abbreviation (CET, EST, UTC, ...:
-- for `at time zone` those mean a fixed offset, for TimeZone the zone with its rules), the view
-- casts `ts::timestamptz` instead, which reads the naive time in the session's TimeZone: the same
-- function (DetermineTimeZoneOffset with the same zone), so the same instants, DST gap and
-- overlap rule included (checked equal for 15 zones, 1900-2100, and by the tests). Such a view
-- may only be read with TimeZone = :tz (source_copy.sql and source_verify.sql set it for exactly
-- those statements); read under another TimeZone it stops the statement with an error rather
-- than return other instants.
\if :{?fast_tz}
\else
\set fast_tz false
\endif
select (:'fast_tz')::boolean
       and not exists (select 1 from pg_timezone_abbrevs a where lower(a.abbrev) = lower(:'tz')) as mig_fast_tz \gset
\if :mig_fast_tz
create temp view mig_calorie_events_raw as
select e.id, e.user_id, e.event_type::text as legacy_type, t.event_type,
       e.calories_amount::numeric(8, 2) as calories_amount,
       e.event_timestamp::timestamptz as event_timestamp,
       e.metadata,
       'manual'::text as source,
       coalesce(e.created_at, e.event_timestamp)::timestamptz as created_at
  from public.calorie_events e
  left join mig_event_type_map t
    on t.spelling = case when e.event_type in ('consumed', 'burned_exercise', 'burned_bmr', 'weight') then e.event_type::text
                         else regexp_replace(lower(btrim(e.event_type)), '[[:space:]-]+', '_', 'g') end
 -- Evaluated once (an init plan); not a constant, so never folded at plan time.
 where (select case when current_setting('TimeZone') = :'tz' then true
                    else (current_setting('TimeZone') || ': mig_calorie_events must be read with TimeZone = ' || :'tz')::boolean end);
\else
create temp view mig_calorie_events_raw as
select e.id, e.user_id, e.event_type::text as legacy_type, t.event_type,
       e.calories_amount::numeric(8, 2) as calories_amount,
       e.event_timestamp at time zone :'tz' as event_timestamp,
       e.metadata,
       'manual'::text as source,
       coalesce(e.created_at, e.event_timestamp) at time zone :'tz' as created_at
  from public.calorie_events e
  left join mig_event_type_map t
    on t.spelling = case when e.event_type in ('consumed', 'burned_exercise', 'burned_bmr', 'weight') then e.event_type::text
                         else regexp_replace(lower(btrim(e.event_type)), '[[:space:]-]+', '_', 'g') end;
\endif

create temp view mig_calorie_events as
select id, user_id, event_type, calories_amount, event_timestamp, metadata, source, created_at
  from mig_calorie_events_raw;

-- Rows the target would refuse and no rule resolves: any row here stops the migration. A cheap
-- filter on the raw columns first (a million rows), the exact rules only on what it lets through.
create temp view mig_problems (table_name, id, rule, detail) as
select 'calorie_events'::text, e.id, r.rule, r.detail
  from (select raw.id, raw.event_type::text as legacy_type, t.event_type, raw.calories_amount::numeric(8, 2) as calories_amount,
               raw.event_timestamp at time zone :'tz' as event_timestamp, raw.metadata
          from public.calorie_events raw
          left join mig_event_type_map t
            on t.spelling = case when raw.event_type in ('consumed', 'burned_exercise', 'burned_bmr', 'weight') then raw.event_type::text
                                 else regexp_replace(lower(btrim(raw.event_type)), '[[:space:]-]+', '_', 'g') end
         where raw.event_type::text not in ('consumed', 'burned_exercise', 'burned_bmr', 'weight')
            or raw.calories_amount <= 0 or raw.calories_amount >= 1000
            or raw.event_timestamp < timestamp '2000-01-02' or raw.event_timestamp >= timestamp '2099-12-31'
            or (raw.metadata is not null and jsonb_typeof(raw.metadata) <> 'object')) e
 cross join lateral (values
   (case when e.event_type is null then 'event_type_known' end, format('unmappable legacy event_type %L', e.legacy_type)),
   (case when e.calories_amount < 0 then 'positive_calories' end, format('calories_amount %s < 0', e.calories_amount)),
   (case when e.event_type is distinct from 'weight' and e.calories_amount > 25000 then 'calories_amount_plausible' end,
      format('%s kcal > 25000', e.calories_amount)),
   (case when e.event_type = 'weight' and not (e.calories_amount > 0 and e.calories_amount < 1000) then 'weight_kg_plausible' end,
      format('weight %s kg not in (0, 1000)', e.calories_amount)),
   (case when not (e.event_timestamp >= timestamptz '2000-01-01 00:00:00+00' and e.event_timestamp < timestamptz '2100-01-01 00:00:00+00')
         then 'event_timestamp_plausible' end,
      format('event_timestamp %s, read as %s, is not in [2000-01-01Z, 2100-01-01Z)', e.event_timestamp, :'tz')),
   (case when e.metadata is not null and jsonb_typeof(e.metadata) <> 'object' then 'metadata_is_object' end,
      format('metadata is a JSON %s, not an object', jsonb_typeof(e.metadata)))
 ) r (rule, detail)
 where r.rule is not null
union all
select 'metabolic_profiles', m.id, 'non_negative_calories_burned_activities', format('calories_burned_activities %s < 0', m.calories_burned_activities)
  from public.metabolic_profiles m where m.calories_burned_activities < 0
union all
select 'metabolic_profiles', m.id, 'positive_bmr', format('bmr %s, tdee %s, calories_burned_bmr %s', m.bmr, m.tdee, m.calories_burned_bmr)
  from public.metabolic_profiles m where not (m.bmr > 0 and m.tdee > 0 and m.calories_burned_bmr >= 0)
union all
select 'calorie_goals', g.id, 'positive_calories', format('daily_calorie_target %s, target_weight_kg %s', g.daily_calorie_target, g.target_weight_kg)
  from public.calorie_goals g where not (g.daily_calorie_target > 0 and (g.target_weight_kg is null or g.target_weight_kg > 0))
union all
select 'user_profiles', p.id, 'profile_checks', format('height_cm %s, weight_kg %s, age %s', p.height_cm, p.weight_kg, p.age)
  from public.user_profiles p
 where not coalesce(p.height_cm > 0 and p.height_cm < 300, true)
    or not coalesce(p.weight_kg > 0 and p.weight_kg < 1000, true)
    or not coalesce(p.age > 0 and p.age < 150, true)
union all
select 'users', u.id, 'lengths', format('email %s chars, username %s chars', length(u.email), length(u.username))
  from public.users u where length(u.email) > 255 or length(u.username) > 50;

-- Daylight-saving transitions of :tz: days whose local midnight has another UTC offset than the
-- day before (and their neighbours). Only timestamps on those days need the exact tests:
--   gap:     (ts at time zone z) at time zone z <> ts    (the wall-clock time never existed)
--   overlap: the offsets a day before and a day after differ by d > 0 (a fall-back) and the
--            instant d earlier shows the same wall-clock time (the time happened twice).
create temp view mig_dst_days as
select distinct o.day + k as day
  from (select d::date as day,
               d - ((d at time zone :'tz') at time zone 'UTC') as off,
               lag(d - ((d at time zone :'tz') at time zone 'UTC')) over (order by d) as prev_off
          from generate_series(timestamp '1900-01-01', timestamp '2101-01-01', interval '1 day') d) o
 cross join generate_series(-1, 1) k
 where o.off <> o.prev_off;

-- Every naive timestamp of the legacy tables, named table.column.
create temp view mig_dst_ts (col, ts) as
select 'users.created_at'::text, created_at from public.users
union all select 'users.updated_at', updated_at from public.users
union all select 'user_profiles.created_at', created_at from public.user_profiles
union all select 'user_profiles.updated_at', updated_at from public.user_profiles
union all select 'calorie_goals.created_at', created_at from public.calorie_goals
union all select 'calorie_goals.updated_at', updated_at from public.calorie_goals
union all select 'metabolic_profiles.calculated_at', calculated_at from public.metabolic_profiles
union all select 'metabolic_profiles.created_at', created_at from public.metabolic_profiles
union all select 'metabolic_profiles.updated_at', updated_at from public.metabolic_profiles
union all select 'calorie_events.event_timestamp', event_timestamp from public.calorie_events
union all select 'calorie_events.created_at', created_at from public.calorie_events;

-- gap / overlap of those on transition days (the tests above; one join, so the transition days
-- are computed once; plain expressions, not a function call per timestamp).
create temp view mig_dst_class as
select t.col, t.ts,
       (x.u at time zone :'tz') <> t.ts as gap,
       (x.u at time zone :'tz') = t.ts and o.ob > o.oa and ((x.u - (o.ob - o.oa)) at time zone :'tz') = t.ts as overlap
  from mig_dst_ts t
  join mig_dst_days d on d.day = t.ts::date
 cross join lateral (select t.ts at time zone :'tz' as u) x
 cross join lateral (
   select ((x.u - interval '1 day') at time zone :'tz') - ((x.u - interval '1 day') at time zone 'UTC') as ob,
          ((x.u + interval '1 day') at time zone :'tz') - ((x.u + interval '1 day') at time zone 'UTC') as oa
 ) o;

-- Verification, source side (the snapshot session only: it sets row_hash, see source_verify.sql):
-- from the transformed events, in one hashed pass, what the target must end up with per user and
-- UTC hour (the hour rollups' totals, with the hour's events' row count and sum of row hashes:
-- per-user event checksums are summed from these) and per user and local day
-- (daily_calorie_totals: in the profile's zone, :tz, when the legacy user has a profile, else
-- UTC). When :tz is a whole number of hours off UTC throughout 2000-2100 (the events' range;
-- most zones), every UTC hour lies in one local day and source_verify.sql sums the days from the
-- hours; otherwise (India, Nepal, ...) the pass groups by day too (a second grouping set: ~1 s
-- more per 1M events). The hour of an instant: date_bin() from PostgreSQL 14 on, before that an
-- exact expression several times as expensive (a numeric epoch, converted to float through text).
\if :{?row_hash}
select current_setting('server_version_num')::integer >= 140000 as mig_has_date_bin \gset
\if :mig_has_date_bin
\set mig_hour_of 'date_bin(\'1 hour\', t.event_timestamp, timestamptz \'2000-01-01 00:00:00+00\')'
\else
\set mig_hour_of 'to_timestamp(floor(extract(epoch from t.event_timestamp) / 3600) * 3600)'
\endif
select not exists (
  select 1 from generate_series(timestamp '1999-12-30', timestamp '2100-01-02', interval '1 day') d
   where date_part('minute', (d at time zone 'UTC') at time zone :'tz' - d) <> 0
      or date_part('second', (d at time zone 'UTC') at time zone :'tz' - d) <> 0) as mig_whole_hour_tz \gset
-- The row hash and the hour (and day) are computed below the aggregate (offset 0 keeps that
-- subquery), so the aggregate's input carries narrow columns, not whole rows with their metadata.
create temp view mig_calorie_event_groups as
select t.user_id,
       t.hour_start,
\if :mig_whole_hour_tz
       null::date as day,
       null::text as tz,
\else
       t.day,
       t.tz,
\endif
       coalesce(sum(t.calories_amount) filter (where t.event_type = 'consumed'), 0) as consumed,
       count(*) filter (where t.event_type = 'consumed')::integer as consumed_count,
       coalesce(sum(t.calories_amount) filter (where t.event_type = 'burned_exercise'), 0) as burned_exercise,
       count(*) filter (where t.event_type = 'burned_exercise')::integer as burned_exercise_count,
       coalesce(sum(t.calories_amount) filter (where t.event_type = 'burned_bmr'), 0) as burned_bmr,
       count(*) filter (where t.event_type = 'burned_bmr')::integer as burned_bmr_count,
       coalesce(sum(t.calories_amount) filter (where t.event_type = 'weight'), 0) as weight_kg_sum,
       count(*) filter (where t.event_type = 'weight')::integer as weight_count,
       min(t.event_timestamp) filter (where t.event_type <> 'weight') as first_event,
       max(t.event_timestamp) filter (where t.event_type <> 'weight') as last_event,
       count(*) as events,
       sum(t.row_hash) as events_checksum
\if :mig_whole_hour_tz
  from (select t.user_id, :mig_hour_of as hour_start, t.event_type, t.calories_amount, t.event_timestamp,
               :row_hash as row_hash
          from mig_calorie_events t
        offset 0) t
 group by t.user_id, t.hour_start;
\else
  from (select t.user_id, :mig_hour_of as hour_start,
               case when p.user_id is not null then t.event_timestamp at time zone :'tz'
                    else t.event_timestamp at time zone 'UTC' end::date as day,
               case when p.user_id is not null then :'tz' else 'UTC' end as tz,
               t.event_type, t.calories_amount, t.event_timestamp,
               :row_hash as row_hash
          from mig_calorie_events t
          left join (select distinct p.user_id from public.user_profiles p) p on p.user_id = t.user_id
        offset 0) t
 group by grouping sets ((t.user_id, t.hour_start), (t.user_id, t.day, t.tz));
\endif
\endif
