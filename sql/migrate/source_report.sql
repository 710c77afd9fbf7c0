-- Source side, for the final report: what the transformation rules resolve, and how many naive
-- timestamps fall into a daylight-saving gap or overlap of :tz. Runs in the migration's snapshot
-- (the exporting session of sql/migrate-data.sh, after source_problems.sql, while the target
-- loads), after source_views.sql. Output: one line per fact,
--   rule|<rule>|<count>|<detail>                 (only counts > 0)
--   dst|<table.column>|<gap count>|<overlap count>

-- Daylight-saving gaps and overlaps (views mig_dst_days / mig_dst_class in source_views.sql).
select 'dst', col, count(*) filter (where gap), count(*) filter (where overlap), null
  from mig_dst_class
 group by col
having count(*) filter (where gap or overlap) > 0
 order by col;

-- What the rules resolve (see docs/MIGRATION.md).
-- calorie_events: per legacy spelling, the rows and the null created_at.
with ev as (
  select e.event_type::text as legacy_type, count(*) as n, count(*) filter (where e.created_at is null) as no_created
    from public.calorie_events e
   group by 1
), mapped as (
  select ev.*, t.event_type
    from ev
    left join mig_event_type_map t
      on t.spelling = case when ev.legacy_type in ('consumed', 'burned_exercise', 'burned_bmr', 'weight') then ev.legacy_type
                           else regexp_replace(lower(btrim(ev.legacy_type)), '[[:space:]-]+', '_', 'g') end
), goals as (
  select user_id, count(*) filter (where is_active) as active, count(*) filter (where is_active is null) as null_active
    from public.calorie_goals group by 1
), mps as (
  select user_id, count(*) filter (where is_active) as active, count(*) filter (where is_active is null) as null_active
    from public.metabolic_profiles group by 1
), facts (rule, n, detail) as (
  select 'event_type_mapped', n, format('%L -> %s', legacy_type, event_type)
    from mapped where event_type is not null and legacy_type <> event_type
  union all select 'events_created_at_null', sum(no_created), 'calorie_events.created_at null: set to event_timestamp' from ev
  union all select 'users_created_at_null', count(*), 'users.created_at null: set to updated_at (else 1970-01-01Z)' from public.users where created_at is null
  union all select 'users_updated_at_null', count(*), 'users.updated_at null: set to created_at' from public.users where updated_at is null
  union all select 'profiles_time_zone', count(*), format('user_profiles.time_zone set to %s (legacy had none)', :'tz') from public.user_profiles
  union all select 'profiles_timestamps_null', count(*), 'user_profiles.created_at/updated_at null: set from the other (else 1970-01-01Z)'
    from public.user_profiles where created_at is null or updated_at is null
  union all select 'goals_is_active_null', sum(null_active), 'calorie_goals.is_active null: set to false' from goals
  union all select 'goals_two_active_users', count(*), 'users with more than one active goal: the newest (created_at, updated_at, id) stays active'
    from goals where active > 1
  union all select 'goals_deactivated', coalesce(sum(active - 1), 0), 'calorie_goals deactivated by that rule' from goals where active > 1
  union all select 'goals_timestamps_null', count(*), 'calorie_goals.created_at/updated_at null: set from the other (else 1970-01-01Z)'
    from public.calorie_goals where created_at is null or updated_at is null
  union all select 'metabolic_is_active_null', sum(null_active), 'metabolic_profiles.is_active null: set to false' from mps
  union all select 'metabolic_two_active_users', count(*), 'users with more than one active metabolic profile: the newest (created_at, updated_at, id) stays active'
    from mps where active > 1
  union all select 'metabolic_deactivated', coalesce(sum(active - 1), 0), 'metabolic_profiles deactivated by that rule' from mps where active > 1
  union all select 'metabolic_calculated_at_null', count(*), 'metabolic_profiles.calculated_at null: set to created_at'
    from public.metabolic_profiles where calculated_at is null
  union all select 'metabolic_timestamps_null', count(*), 'metabolic_profiles.created_at/updated_at null: set from the other (else 1970-01-01Z)'
    from public.metabolic_profiles where created_at is null or updated_at is null
  union all select 'users_without_profile', count(*), 'users without a profile (kept so; their days are UTC days)'
    from public.users u where not exists (select 1 from public.user_profiles p where p.user_id = u.id)
)
select 'rule', rule, n::text, detail, null from facts where n > 0
order by 1, 2, 4;
