-- Tables and columns of the legacy schema (check legacy-columns). $1 = schema name.
-- From the catalog, not information_schema.columns, which hides what the role may not read: a
-- missing privilege must not be reported as a missing table. data_type is the base type (a
-- domain over integer is an integer) in information_schema's spelling, so the check can refuse
-- id columns the migration cannot read as integers; readable = the role may SELECT the column.
SELECT c.relname::text AS table_name, a.attname::text AS column_name,
       format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, NULL) AS data_type,
       has_column_privilege(c.oid, a.attnum, 'SELECT') AS readable,
       current_user::text AS role
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY c.relname, a.attnum
