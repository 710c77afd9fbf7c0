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
--   total|hourly_calorie_totals|<rows>|<rows>||                (hours are derived: checked against the days)
--   hour_diff|<user id>|<day>|<daily totals>|<sum of the hours> (at most :max_named)
--   hour_diff_count|<days whose hours differ>
--   total|monthly_calorie_totals|<rows>|<rows>||               (months are derived: checked against the days)
--   month_diff|<user id>|<month>|<sum of the daily totals>|<monthly totals> (at most :max_named)
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
-- Fresh target (bulk): calorie_events and calorie_event_slots hold only this run's rows (they
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
create temp view tgt_calorie_event_slots as
select s.user_id, s.slot_start, s.consumed, s.consumed_count, s.burned_exercise, s.burned_exercise_count,
       s.burned_bmr, s.burned_bmr_count, s.weight_kg_sum, s.weight_count, s.first_event, s.last_event
  from public.calorie_event_slots s :migrated_only;

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
select 'calorie_event_slots', t.user_id, count(*), sum((:row_hash)::numeric) from tgt_calorie_event_slots t group by 2;

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

select 'total', x.table_name, sum(x.source_rows), sum(x.target_rows), coalesce(sum(x.source_checksum), 0), coalesce(sum(x.target_checksum), 0)
  from mig_sum_diff x group by x.table_name
union all
select 'total', 'daily_calorie_totals', (select count(*) from mig_src_days),
       (select count(*) from public.daily_calorie_totals d where d.user_id in (select id from mig_ids)
           and (d.consumed_count, d.burned_exercise_count, d.burned_bmr_count, d.weight_count) <> (0, 0, 0, 0)),
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

-- Hours: derived in this transaction from the verified slots by the target's own rebuild; per
-- user and local day they must add up to the (verified) daily totals.
create temp table mig_hour_diff on commit drop as
select coalesce(d.user_id, h.user_id) as user_id, coalesce(d.day, h.day) as day,
       case when d.user_id is null then null else
         format('%s consumed %s/%s, exercise %s/%s, bmr %s/%s, weight %s kg/%s, first %s, last %s', d.time_zone, d.consumed,
                d.consumed_count, d.burned_exercise, d.burned_exercise_count, d.burned_bmr, d.burned_bmr_count, d.weight_kg_sum,
                d.weight_count, d.first_event, d.last_event) end as day_figures,
       case when h.user_id is null then null else
         format('%s consumed %s/%s, exercise %s/%s, bmr %s/%s, weight %s kg/%s, first %s, last %s', h.time_zone, h.consumed,
                h.consumed_count, h.burned_exercise, h.burned_exercise_count, h.burned_bmr, h.burned_bmr_count, h.weight_kg_sum,
                h.weight_count, h.first_event, h.last_event) end as hour_figures
  from (select d.* from public.daily_calorie_totals d
         where d.user_id in (select id from mig_ids)
           and (d.consumed_count, d.burned_exercise_count, d.burned_bmr_count, d.weight_count) <> (0, 0, 0, 0)) d
  full join (select h.user_id, h.local_hour::date as day, h.time_zone, sum(h.consumed) as consumed,
                    sum(h.consumed_count)::integer as consumed_count, sum(h.burned_exercise) as burned_exercise,
                    sum(h.burned_exercise_count)::integer as burned_exercise_count, sum(h.burned_bmr) as burned_bmr,
                    sum(h.burned_bmr_count)::integer as burned_bmr_count, sum(h.weight_kg_sum) as weight_kg_sum,
                    sum(h.weight_count)::integer as weight_count, min(h.first_event) as first_event, max(h.last_event) as last_event
               from public.hourly_calorie_totals h
              where h.user_id in (select id from mig_ids)
              group by 1, 2, 3) h
    on h.user_id = d.user_id and h.day = d.day
 where (d.user_id, d.day, d.time_zone, d.consumed, d.consumed_count, d.burned_exercise, d.burned_exercise_count, d.burned_bmr,
        d.burned_bmr_count, d.weight_kg_sum, d.weight_count, d.first_event, d.last_event)
       is distinct from
       (h.user_id, h.day, h.time_zone, h.consumed, h.consumed_count, h.burned_exercise, h.burned_exercise_count, h.burned_bmr,
        h.burned_bmr_count, h.weight_kg_sum, h.weight_count, h.first_event, h.last_event);

select 'total', 'hourly_calorie_totals', n, n, null, null
  from (select count(*) as n from public.hourly_calorie_totals h where h.user_id in (select id from mig_ids)) x;
select 'hour_diff', user_id, day, coalesce(day_figures, '(none)'), coalesce(hour_figures, '(none)')
  from mig_hour_diff order by user_id, day limit :max_named;
select 'hour_diff_count', count(*) from mig_hour_diff having count(*) > 0;

-- Months: derived from the verified days by the target's own rebuild; per user and local month
-- they must equal the sum of those days.
create temp table mig_month_diff on commit drop as
select coalesce(d.user_id, m.user_id) as user_id, coalesce(d.month, m.month) as month,
       case when d.user_id is null then null else
         format('%s consumed %s/%s, exercise %s/%s, bmr %s/%s, weight %s kg/%s, first %s, last %s', d.time_zone, d.consumed,
                d.consumed_count, d.burned_exercise, d.burned_exercise_count, d.burned_bmr, d.burned_bmr_count, d.weight_kg_sum,
                d.weight_count, d.first_event, d.last_event) end as day_figures,
       case when m.user_id is null then null else
         format('%s consumed %s/%s, exercise %s/%s, bmr %s/%s, weight %s kg/%s, first %s, last %s', m.time_zone, m.consumed,
                m.consumed_count, m.burned_exercise, m.burned_exercise_count, m.burned_bmr, m.burned_bmr_count, m.weight_kg_sum,
                m.weight_count, m.first_event, m.last_event) end as month_figures
  from (select d.user_id, date_trunc('month', d.day)::date as month, d.time_zone, sum(d.consumed) as consumed,
               sum(d.consumed_count)::integer as consumed_count, sum(d.burned_exercise) as burned_exercise,
               sum(d.burned_exercise_count)::integer as burned_exercise_count, sum(d.burned_bmr) as burned_bmr,
               sum(d.burned_bmr_count)::integer as burned_bmr_count, sum(d.weight_kg_sum) as weight_kg_sum,
               sum(d.weight_count)::integer as weight_count, min(d.first_event) as first_event, max(d.last_event) as last_event
          from public.daily_calorie_totals d
         where d.user_id in (select id from mig_ids)
           and (d.consumed_count, d.burned_exercise_count, d.burned_bmr_count, d.weight_count) <> (0, 0, 0, 0)
         group by 1, 2, 3) d
  full join (select m.* from public.monthly_calorie_totals m where m.user_id in (select id from mig_ids)) m
    on m.user_id = d.user_id and m.month = d.month
 where (d.user_id, d.month, d.time_zone, d.consumed, d.consumed_count, d.burned_exercise, d.burned_exercise_count, d.burned_bmr,
        d.burned_bmr_count, d.weight_kg_sum, d.weight_count, d.first_event, d.last_event)
       is distinct from
       (m.user_id, m.month, m.time_zone, m.consumed, m.consumed_count, m.burned_exercise, m.burned_exercise_count, m.burned_bmr,
        m.burned_bmr_count, m.weight_kg_sum, m.weight_count, m.first_event, m.last_event);

select 'total', 'monthly_calorie_totals', n, n, null, null
  from (select count(*) as n from public.monthly_calorie_totals m where m.user_id in (select id from mig_ids)) x;
select 'month_diff', user_id, month, coalesce(day_figures, '(none)'), coalesce(month_figures, '(none)')
  from mig_month_diff order by user_id, month limit :max_named;
select 'month_diff_count', count(*) from mig_month_diff having count(*) > 0;

select 'auth_missing', m.id from mig_ids m where not exists (select 1 from auth.users a where a.id = m.id) order by 2 limit :max_named;
