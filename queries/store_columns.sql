-- store_columns: every column of every table in the open database, in order (checks a store's schema by its
-- columns, not by its table names). No parameters.
select table_name, column_name, data_type
from duckdb_columns()
where database_name = current_database() and schema_name = 'main' and not internal
order by table_name, column_index
