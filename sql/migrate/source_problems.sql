-- Source side, before anything is written: rows that would break a target rule and that no
-- migration rule resolves (view mig_problems in source_views.sql); any stops the run. Runs in the
-- migration's snapshot (the exporting session of sql/migrate-data.sh), after source_views.sql.
-- Output: one line per fact,
--   problem|<table>|<id>|<rule>|<detail>        (at most :max_named per rule)
--   problem_count|<table>|<rule>|<count>

with p as (
  select pr.*, row_number() over (partition by pr.table_name, pr.rule order by pr.id) as n,
         count(*) over (partition by pr.table_name, pr.rule) as total
    from mig_problems pr
)
select 'problem', table_name, id::text, rule, detail from p where n <= :max_named
union all
select distinct 'problem_count', table_name, rule, total::text, null from p
order by 1, 2, 4, 3;
