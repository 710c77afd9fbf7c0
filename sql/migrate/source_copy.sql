-- The legacy events, transformed, as binary COPY data on stdout, read inside the migration's
-- snapshot. Run by the target session of sql/migrate-data.sh through
-- `\copy public.calorie_events from program 'psql SOURCE ... -f source_copy.sql' with (format binary)`.
-- Binary: no text formatting of uuids, timestamps and numbers here nor parsing on the target
-- (the view's column types are the target's). The small tables go through text files written
-- by the tool's source session instead (not worth a connection each).
-- Variables: tz, extra_map, fast_tz (see source_views.sql), snapshot (exported by the tool's
-- source session, which stays open until the end).
\set ON_ERROR_STOP 1
\ir source_views.sql
begin isolation level repeatable read read only;
set transaction snapshot :'snapshot';
-- Binary output does not depend on TimeZone; with mig_fast_tz the view reads naive times in it.
\if :mig_fast_tz
set local timezone = :'tz';
\endif
copy (select * from mig_calorie_events) to stdout (format binary);
commit;
