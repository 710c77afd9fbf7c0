-- Verification, target side (before commit): the migrated users' rows in the target against
-- what the source snapshot says they must be (files written by source_verify.sql, loaded by
-- the tool into mig_src_user_sums and mig_src_days). Variables: max_named, bulk (see
-- target_events_begin.sql; false when nothing was loaded).
-- Lines (nothing but 'total' lines means equal):
--   total|<table>|<source rows>|<target rows>|<source checksum>|<target checksum>
--   diff|<table>|<user id>|<source rows>|<target rows>          (at most :max_named per table)
--   diff_count|<table>|<users that differ>
--   day_diff|<user id>|<day>|<source figures>|<target figures> (at most :max_named)
--   day_diff_count|<days that differ>
--   month_diff|<user id>|<month>                             (at most :max_named)
--   month_diff_count|<months that differ>
--   auth_missing|<user id>
-- The target's canonical rows use exactly the column order and types of source_views.sql.

create temp view tgt_users as
select u.id, u.email::text as email, u.username::text as username, u.created_at, u.updated_at
  from public.users u where u.id in (select id from mig_ids);
create temp view tgt_user_profiles as
select p.id, p.user_id, p.height_cm, p.weight_kg, p.age, p.gender::text as gender, p.activity_level::text as activity_level,
       p.time_zone, p.week_start, p.created_at, p.updated_at
  from public.user_profiles p where p.user_id in (select id from mig_ids);
create temp view tgt_calorie_goals as
select g.id, g.user_id, g.daily_calorie_target, g.goal_type::text as goal_type, g.target_weight_kg, g.target_date,
       g.is_active, g.created_at, g.updated_at
  from public.calorie_goals g where g.user_id in (select id from mig_ids);
create temp view tgt_metabolic_profiles as
select m.id, m.user_id, m.bmr, m.tdee, m.calories_burned_bmr, m.calories_burned_activities, m.calculated_at,
       m.is_active, m.created_at, m.updated_at, m.equation, m.activity_level::text as activity_level
  from public.metabolic_profiles m where m.user_id in (select id from mig_ids);
-- Fresh target (bulk): calorie_events and calorie_event_hours hold only this run's rows (they
-- were empty and are locked exclusively since target_events_begin.sql), so they are read whole:
-- without the join to the temporary mig_ids their scans may use parallel workers.
\if :bulk
\set migrated_only ''
\else
\set migrated_only 'where user_id in (select id from mig_ids)'
\endif
create temp view tgt_calorie_events as
select e.id, e.user_id, e.event_type::text as event_type, e.calories_amount, e.event_timestamp, e.metadata,
       e.source::text as source, e.created_at
  from public.calorie_events e :migrated_only;
-- The hours' totals (the quarters are checked by the tests against a recomputation from the
-- events; the migration compares each hour's totals, ~4 times fewer rows than quarters).
create temp view tgt_calorie_event_hours as
select h.user_id, h.hour_start, h.consumed::numeric as consumed, h.consumed_count::integer as consumed_count,
       h.burned_exercise::numeric as burned_exercise, h.burned_exercise_count::integer as burned_exercise_count,
       h.burned_bmr::numeric as burned_bmr, h.burned_bmr_count::integer as burned_bmr_count,
       h.weight_kg_sum::numeric as weight_kg_sum, h.weight_count::integer as weight_count, h.first_event, h.last_event
  from private.calorie_event_hour_totals h :migrated_only;

create temp table mig_tgt_user_sums on commit drop as
select 'users'::text as table_name, t.id as user_id, count(*) as n, sum((:row_hash)::numeric) as checksum
  from tgt_users t group by 2
union all
select 'user_profiles', t.user_id, count(*), sum((:row_hash)::numeric) from tgt_user_profiles t group by 2
union all
select 'calorie_goals', t.user_id, count(*), sum((:row_hash)::numeric) from tgt_calorie_goals t group by 2
union all
select 'metabolic_profiles', t.user_id, count(*), sum((:row_hash)::numeric) from tgt_metabolic_profiles t group by 2
union all
select 'calorie_events', t.user_id, count(*), sum((:row_hash)::numeric) from tgt_calorie_events t group by 2
union all
select 'calorie_event_hours', t.user_id, count(*), sum((:row_hash)::numeric) from tgt_calorie_event_hours t group by 2;

create temp table mig_sum_diff on commit drop as
select coalesce(s.table_name, t.table_name) as table_name, coalesce(s.user_id, t.user_id) as user_id,
       coalesce(s.n, 0) as source_rows, coalesce(t.n, 0) as target_rows, s.checksum as source_checksum, t.checksum as target_checksum
  from mig_src_user_sums s
  full join mig_tgt_user_sums t on t.table_name = s.table_name and t.user_id = s.user_id;

-- Days: the target's daily_calorie_totals (all-zero rows are emptied days, never deleted).
create temp table mig_day_diff on commit drop as
select coalesce(s.user_id, t.user_id) as user_id, coalesce(s.day, t.day) as day,
       case when s.user_id is null then null else
         format('%s consumed %s/%s, exercise %s/%s, bmr %s/%s, weight %s kg/%s, first %s, last %s',
                s.time_zone, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count, s.burned_bmr, s.burned_bmr_count,
                s.weight_kg_sum, s.weight_count, s.first_event, s.last_event) end as source_figures,
       case when t.user_id is null then null else
         format('%s consumed %s/%s, exercise %s/%s, bmr %s/%s, weight %s kg/%s, first %s, last %s',
                t.time_zone, t.consumed, t.consumed_count, t.burned_exercise, t.burned_exercise_count, t.burned_bmr, t.burned_bmr_count,
                t.weight_kg_sum, t.weight_count, t.first_event, t.last_event) end as target_figures
  from mig_src_days s
  full join (select d.* from public.daily_calorie_totals d
              where d.user_id in (select id from mig_ids)
                and (d.consumed_count, d.burned_exercise_count, d.burned_bmr_count, d.weight_count) <> (0, 0, 0, 0)) t
    on t.user_id = s.user_id and t.day = s.day
 where (s.user_id, s.day, s.time_zone, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count, s.burned_bmr,
        s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event)
       is distinct from
       (t.user_id, t.day, t.time_zone, t.consumed, t.consumed_count, t.burned_exercise, t.burned_exercise_count, t.burned_bmr,
        t.burned_bmr_count, t.weight_kg_sum, t.weight_count, t.first_event, t.last_event);

-- Months: the target's monthly_calorie_totals (kept from its days by triggers) against the
-- source's per-day sums added up per month.
create temp table mig_month_diff on commit drop as
select coalesce(s.user_id, t.user_id) as user_id, coalesce(s.month, t.month) as month
  from (select d.user_id, date_trunc('month', d.day)::date as month, d.time_zone,
               sum(d.consumed) as consumed, sum(d.consumed_count) as consumed_count, sum(d.burned_exercise) as burned_exercise,
               sum(d.burned_exercise_count) as burned_exercise_count, sum(d.burned_bmr) as burned_bmr,
               sum(d.burned_bmr_count) as burned_bmr_count, sum(d.weight_kg_sum) as weight_kg_sum, sum(d.weight_count) as weight_count,
               min(d.first_event) as first_event, max(d.last_event) as last_event
          from mig_src_days d group by 1, 2, 3) s
  full join (select m.* from public.monthly_calorie_totals m
              where m.user_id in (select id from mig_ids) and (m.event_count > 0 or m.weight_count > 0)) t
    on t.user_id = s.user_id and t.month = s.month
 where (s.user_id, s.month, s.time_zone, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count, s.burned_bmr,
        s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event)
       is distinct from
       (t.user_id, t.month, t.time_zone, t.consumed, t.consumed_count, t.burned_exercise, t.burned_exercise_count, t.burned_bmr,
        t.burned_bmr_count, t.weight_kg_sum, t.weight_count, t.first_event, t.last_event);

select 'total', x.table_name, sum(x.source_rows), sum(x.target_rows), coalesce(sum(x.source_checksum), 0), coalesce(sum(x.target_checksum), 0)
  from mig_sum_diff x group by x.table_name
union all
select 'total', 'daily_calorie_totals', (select count(*) from mig_src_days),
       (select count(*) from public.daily_calorie_totals d where d.user_id in (select id from mig_ids)
           and (d.consumed_count, d.burned_exercise_count, d.burned_bmr_count, d.weight_count) <> (0, 0, 0, 0)),
       null, null
union all
select 'total', 'monthly_calorie_totals',
       (select count(*) from (select distinct user_id, date_trunc('month', day) from mig_src_days) m),
       (select count(*) from public.monthly_calorie_totals m where m.user_id in (select id from mig_ids)
           and (m.event_count > 0 or m.weight_count > 0)),
       null, null
order by 2;

with d as (
  select x.*, row_number() over (partition by x.table_name order by x.user_id) as n
    from mig_sum_diff x
   where x.source_rows <> x.target_rows or x.source_checksum is distinct from x.target_checksum
)
select 'diff', table_name, user_id, source_rows, target_rows from d where n <= :max_named
union all
select 'diff_count', table_name, null, count(*), null from d group by table_name
order by 1, 2, 3;

select 'day_diff', user_id, day, coalesce(source_figures, '(none)'), coalesce(target_figures, '(none)')
  from mig_day_diff order by user_id, day limit :max_named;
select 'day_diff_count', count(*) from mig_day_diff having count(*) > 0;
select 'month_diff', user_id, month from mig_month_diff order by user_id, month limit :max_named;
select 'month_diff_count', count(*) from mig_month_diff having count(*) > 0;

select 'auth_missing', m.id from mig_ids m where not exists (select 1 from auth.users a where a.id = m.id) order by 2 limit :max_named;
