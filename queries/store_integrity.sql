-- store_integrity: reads every column of every row of every table, so DuckDB verifies the checksum of each
-- block in use; a damaged block raises. Returns the row count and a content digest per table. No parameters.
select 'revisions' as table_name, count(*) as n_rows, sum(hash(t)) as digest from revisions t
union all select 'revision_events', count(*), sum(hash(t)) from revision_events t
union all select 'observations', count(*), sum(hash(t)) from observations t
union all select 'milestone_updates', count(*), sum(hash(t)) from milestone_updates t
union all select 'uploads', count(*), sum(hash(t)) from uploads t
union all select 'audit_log', count(*), sum(hash(t)) from audit_log t
