-- One table of the legacy database, transformed, as COPY text on stdout, read inside the
-- migration's snapshot. Run by the target session of sql/migrate-data.sh through
-- `\copy <table> from program 'psql SOURCE ... -f source_copy.sql'`.
-- Variables: tz, extra_map (see source_views.sql), snapshot (exported by the tool's source
-- session, which stays open until the end), view (one of the mig_* views).
\set ON_ERROR_STOP 1
\ir source_views.sql
begin isolation level repeatable read read only;
set transaction snapshot :'snapshot';
copy (select * from :"view") to stdout;
commit;
